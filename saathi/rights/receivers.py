"""Consent withdrawn: acted on in every module at once (issue 13, item 8).

``core.consent.consent_withdrawn`` is sent inside the withdrawal's transaction; what is
done here commits or rolls back with it.
"""

from __future__ import annotations

from django.db.models import F
from django.dispatch import receiver

from saathi.core import audit
from saathi.core.consent import consent_withdrawn, has_consent
from saathi.core.models import Consent


@receiver(consent_withdrawn, dispatch_uid="rights.beneficiary_lists")
def remove_from_unsent_lists(sender, consent: Consent, actor, **kwargs) -> None:
    """A withdrawn sharing consent takes her off every beneficiary list for that authority
    not yet submitted; the list counts her among those left out for want of consent."""
    if consent.purpose != Consent.Purpose.PARTNER_SHARING:
        return
    from saathi.relief.models import BeneficiaryEntry, BeneficiaryList

    member = consent.member
    partner = consent.partner_organisation.strip()
    if has_consent(member, consent.purpose, partner):
        return  # another consent for the same partner still stands
    entries = BeneficiaryEntry.objects.filter(
        member=member,
        beneficiary_list__status=BeneficiaryList.Status.DRAFT,
        beneficiary_list__organisation_id=member.organisation_id,
        beneficiary_list__authority__iexact=partner,
    ).select_related("beneficiary_list")
    for entry in list(entries):
        blist = entry.beneficiary_list
        entry.delete()
        BeneficiaryList.objects.filter(pk=blist.pk).update(
            matched=F("matched") - 1, left_out_no_consent=F("left_out_no_consent") + 1
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=blist,
            organisation_id=blist.organisation_id,
            member_id=member.pk,
            detail={"removed": "consent_withdrawn", "consent": str(consent.uuid)},
        )
