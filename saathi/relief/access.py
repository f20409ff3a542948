"""The only way a relief view gets one record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``:
a record the user can see but may not change answers 403 when ``cap`` is asked for. A
leader (a grant on a collective) records distributions in every programme of her
organisation, each member checked on her own: that rule is
``policy.COLLECTIVE_REACHES_ORGANISATION``.
"""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap
from saathi.people.models import Member

from .models import BeneficiaryList, Distribution, Item, OtpChallenge, Programme


def access_programme(user, uuid, cap: str | None = None) -> Programme:
    return fetch(
        Programme.objects.visible_to(user).select_related("organisation", "collective", "campaign"),
        user,
        uuid,
        cap=cap,
    )


def access_item(user, uuid, cap: str | None = None) -> Item:
    """A programme's item, through its programme's scope."""
    return fetch(
        Item.objects.filter(programme__in=Programme.objects.visible_to(user)).select_related(
            "programme"
        ),
        user,
        uuid,
        cap=cap,
        reach=lambda i: (i.programme.organisation_id, []),
    )


def access_distribution(user, uuid, cap: str | None = None) -> Distribution:
    return fetch(
        Distribution.objects.visible_to(user).select_related("member", "item", "programme"),
        user,
        uuid,
        cap=cap,
    )


def access_list(user, uuid, cap: str | None = None) -> BeneficiaryList:
    return fetch(
        BeneficiaryList.objects.visible_to(user).select_related("programme"), user, uuid, cap=cap
    )


def access_challenge(user, uuid, cap: str | None = None) -> OtpChallenge:
    """A code is checked by the person who sent it, while she may still record for the
    member; nobody else reaches it."""
    members = Member.objects.visible_to(user, Cap.RECORD_DISTRIBUTIONS)
    return fetch(
        OtpChallenge.objects.filter(created_by=user, member__in=members).select_related(
            "programme", "member"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_recipient(user, uuid, cap: str | None = None) -> Member:
    """A current member ``user`` may record a distribution (or a code) for."""
    return fetch(
        Member.objects.visible_to(user, Cap.RECORD_DISTRIBUTIONS)
        .active()
        .select_related("household"),
        user,
        uuid,
        cap=cap,
    )


def organisations_where(user, cap: str):
    return scope.organisations_with(user, cap)
