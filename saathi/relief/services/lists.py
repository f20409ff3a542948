"""Services: beneficiary lists."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.cases import case_move
from saathi.core.models import Consent
from saathi.core.policy import Cap
from saathi.people.models import IdentityDocument, Member
from saathi.people.services import next_reference

from ..models import (
    LIST_TRANSITIONS,
    BeneficiaryEntry,
    BeneficiaryList,
    ListStep,
    Programme,
)
from ._base import require


def members_for_list(programme: Programme, actor):
    """Members of the programme's organisation matching its criteria (not yet consent)."""
    qs = Member.objects.visible_to(actor).filter(
        organisation_id=programme.organisation_id, archived_at__isnull=True
    )
    if programme.criteria_collective_id:
        from saathi.people.models import Membership

        qs = qs.filter(
            pk__in=Membership.objects.filter(
                collective_id=programme.criteria_collective_id, left_on__isnull=True
            ).values("member_id")
        )
    if programme.criteria_district:
        qs = qs.alias(d=Upper("district")).filter(d=programme.criteria_district.strip().upper())
    year = timezone.localdate().year
    if programme.criteria_min_age is not None:
        qs = qs.filter(birth_year__lte=year - programme.criteria_min_age)
    if programme.criteria_max_age is not None:
        qs = qs.filter(birth_year__gte=year - programme.criteria_max_age)
    if programme.criteria_missing_document:
        qs = qs.filter(
            Exists(
                IdentityDocument.objects.filter(
                    member_id=OuterRef("pk"),
                    kind=programme.criteria_missing_document,
                    status__in=["missing", "lost"],
                )
            )
        )
    return qs


def consented_to(authority: str, member: str = "pk"):
    """Her consent to share her data with this authority, as recorded on her consent page
    (``member``: the outer query's field holding the member's id)."""
    return Exists(
        Consent.objects.filter(
            member_id=OuterRef(member),
            purpose=Consent.Purpose.PARTNER_SHARING,
            withdrawn_at__isnull=True,
            partner_organisation__iexact=authority.strip(),
        )
    )


def list_build(*, programme: Programme, authority: str, actor) -> BeneficiaryList:
    """Draw up a list for an authority: matching members who consented to the sharing."""
    require(actor, Cap.MANAGE_RELIEF, programme.organisation_id)
    authority = authority.strip()
    if not authority:
        raise ValidationError({"authority": _("Name the office the list is for.")})
    matching = members_for_list(programme, actor).annotate(ok=consented_to(authority))
    rows = list(matching.order_by("display_name", "id").values_list("pk", "household_id", "ok"))
    order = {r[0]: i for i, r in enumerate(rows)}  # the list reads in name order
    chosen: list[int] = []
    households: set[int] = set()
    left_out = 0
    heads = set()
    if programme.criteria_one_per_household:
        from saathi.people.models import Household

        hh_ids = {h for _, h, _ in rows if h}
        heads = set(Household.objects.filter(pk__in=hh_ids).values_list("head_id", flat=True))
        # the head of household first, so she is the one who stands for it
        rows.sort(key=lambda r: (r[0] not in heads,))
    for pk, hh, ok in rows:
        if programme.criteria_one_per_household and hh and hh in households:
            continue
        if not ok:
            left_out += 1
            continue
        if hh:
            households.add(hh)
        chosen.append(pk)
    criteria = {
        "collective": str(programme.criteria_collective.uuid)
        if programme.criteria_collective is not None
        else "",
        "district": programme.criteria_district,
        "missing_document": programme.criteria_missing_document,
        "min_age": programme.criteria_min_age,
        "max_age": programme.criteria_max_age,
        "one_per_household": programme.criteria_one_per_household,
    }
    chosen.sort(key=order.__getitem__)
    with transaction.atomic():
        blist = BeneficiaryList.objects.create(
            reference=next_reference("BL")[0],
            organisation_id=programme.organisation_id,
            programme=programme,
            authority=authority[:200],
            criteria=criteria,
            matched=len(chosen),
            left_out_no_consent=left_out,
            created_by=actor,
        )
        BeneficiaryEntry.objects.bulk_create(
            [
                BeneficiaryEntry(beneficiary_list=blist, member_id=pk, position=i)
                for i, pk in enumerate(chosen, 1)
            ],
            batch_size=2000,
        )
        event = audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=blist,
            detail={"members": len(chosen), "left_out_no_consent": left_out},
        )
        ListStep.objects.create(
            beneficiary_list=blist,
            from_status="",
            to_status=blist.status,
            actor=actor,
            audit_seq=event.seq,
        )
    return blist


def list_submit(
    *,
    blist: BeneficiaryList,
    submitted_on: date,
    submitted_to: str,
    note: str,
    actor,
    processor=None,
):
    require(actor, Cap.MANAGE_RELIEF, blist.organisation_id)
    if blist.status != BeneficiaryList.Status.DRAFT:
        raise ValidationError(_("This list was already submitted."))
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("The date cannot be in the future.")})
    # rights (issue 13): a processor of the list's own organisation, still in use
    if processor is not None and (
        processor.organisation_id != blist.organisation_id or not processor.active
    ):
        raise ValidationError({"processor": _("Choose a processor of the register in use.")})
    case_move(
        blist,
        BeneficiaryList.Status.SUBMITTED,
        actor=actor,
        transitions=LIST_TRANSITIONS,
        step_model=ListStep,
        changes={
            "submitted_on": submitted_on,
            "submitted_to": submitted_to.strip()[:200],
            "submission_note": note.strip()[:500],
            "submitted_by": actor,
            "processor": processor,
        },
        step_fields={"on": submitted_on, "note": note.strip()[:500]},
    )
    return blist


def list_record_response(
    *,
    blist: BeneficiaryList,
    response: str,
    response_on: date,
    accepted: int | None,
    note: str,
    actor,
):
    require(actor, Cap.MANAGE_RELIEF, blist.organisation_id)
    if blist.status == BeneficiaryList.Status.DRAFT:
        raise ValidationError(_("Record the submission of the list first."))
    errors = {}
    if response not in BeneficiaryList.Response.values:
        errors["response"] = _("Choose what the authority answered.")
    if blist.submitted_on and response_on < blist.submitted_on:
        errors["response_on"] = _("The answer cannot come before the submission.")
    elif response_on > timezone.localdate():
        errors["response_on"] = _("The date cannot be in the future.")
    if accepted is not None and accepted > blist.matched:
        errors["response_accepted"] = _("More people than the list holds.")
    if errors:
        raise ValidationError(errors)
    case_move(
        blist,
        BeneficiaryList.Status.ANSWERED,
        actor=actor,
        transitions=LIST_TRANSITIONS,
        step_model=ListStep,
        changes={
            "response": response,
            "response_on": response_on,
            "response_accepted": accepted,
            "response_note": note.strip()[:500],
        },
        step_fields={"on": response_on, "response": response, "note": note.strip()[:500]},
    )
    return blist
