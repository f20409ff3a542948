"""The only way a relief view gets one record: scoped, 404 for "missing" and "not yours".

A record the user can see but may not change answers 403 when ``cap`` is asked for.
"""

from django.core.exceptions import PermissionDenied

from saathi.core import policy
from saathi.core.access import get_or_404
from saathi.core.policy import Cap

from .models import (
    BeneficiaryList,
    Campaign,
    Distribution,
    Donation,
    Expenditure,
    OtpChallenge,
    Programme,
)


def _check(user, cap, organisation_id, collective_ids=()):
    if cap and not policy.has_cap_for(user, cap, organisation_id, collective_ids):
        raise PermissionDenied


def access_programme(user, uuid, cap: str | None = None) -> Programme:
    programme = get_or_404(
        Programme.objects.visible_to(user).select_related("organisation", "collective", "campaign"),
        user,
        object_type="relief.programme",
        uuid=uuid,
    )
    colls = [programme.collective_id] if programme.collective_id else []
    if cap == Cap.RECORD_DISTRIBUTIONS:
        # leaders record for their collective's members: the member is checked later
        if not policy.scope_for(user, cap).collectives:
            _check(user, cap, programme.organisation_id, colls)
    else:
        _check(user, cap, programme.organisation_id, colls)
    return programme


def access_campaign(user, uuid, cap: str | None = None) -> Campaign:
    campaign = get_or_404(
        Campaign.objects.visible_to(user), user, object_type="relief.campaign", uuid=uuid
    )
    _check(user, cap, campaign.organisation_id)
    return campaign


def access_distribution(user, uuid) -> Distribution:
    return get_or_404(
        Distribution.objects.visible_to(user).select_related("member", "item", "programme"),
        user,
        object_type="relief.distribution",
        uuid=uuid,
    )


def access_list(user, uuid, cap: str | None = None) -> BeneficiaryList:
    blist = get_or_404(
        BeneficiaryList.objects.visible_to(user).select_related("programme"),
        user,
        object_type="relief.beneficiarylist",
        uuid=uuid,
    )
    _check(user, cap, blist.organisation_id)
    return blist


def access_donation(user, uuid, cap: str | None = None) -> Donation:
    donation = get_or_404(
        Donation.objects.visible_to(user).select_related("campaign"),
        user,
        object_type="relief.donation",
        uuid=uuid,
    )
    _check(user, cap, donation.organisation_id)
    return donation


def access_expenditure(user, uuid, cap: str | None = None) -> Expenditure:
    expenditure = get_or_404(
        Expenditure.objects.visible_to(user).select_related("campaign", "programme"),
        user,
        object_type="relief.expenditure",
        uuid=uuid,
    )
    _check(user, cap, expenditure.organisation_id)
    return expenditure


def access_challenge(user, uuid) -> OtpChallenge:
    """A code is checked by the person who sent it, while she may still record for the
    member; nobody else reaches it."""
    from saathi.people.models import Member

    members = Member.objects.visible_to(user, Cap.RECORD_DISTRIBUTIONS)
    return get_or_404(
        OtpChallenge.objects.filter(created_by=user, member__in=members).select_related(
            "programme", "member"
        ),
        user,
        object_type="relief.otpchallenge",
        uuid=uuid,
    )


def organisations_where(user, cap: str):
    from saathi.people.models import Organisation

    return Organisation.objects.filter(pk__in=policy.scope_for(user, cap).organisations).order_by(
        "name"
    )
