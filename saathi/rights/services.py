"""Writes of the rights module: requests, their answers, erasure (four eyes, legal hold)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.access import require_cap_for
from saathi.core.policy import Cap
from saathi.people.services import next_reference

from . import erasure
from .models import Erasure, Kind, RefusalCode, RightsRequest, Status, Verification


def request_record(
    *,
    member,
    kind: str,
    verification: str,
    language: str,
    details: str = "",
    nominee: str = "",
    received_on=None,
    actor,
) -> RightsRequest:
    """Record a member's request or grievance; its 90-day clock starts on ``received_on``."""
    require_cap_for(actor, Cap.RECORD_RIGHTS, member.organisation_id, member.collective_ids())
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what she asks.")
    if verification not in Verification.values:
        errors["verification"] = _("Say how her identity was verified.")
    if kind == Kind.NOMINATION and not nominee.strip():
        errors["nominee"] = _("Write the name of the person she names and how they are related.")
    if member.archived_reason == "erased":
        errors["member"] = _("This record was erased.")
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        errors["received_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        req = RightsRequest(
            reference=next_reference(RightsRequest.reference_prefix)[0],
            organisation_id=member.organisation_id,
            member=member,
            kind=kind,
            verification=verification,
            language=language,
            details=details.strip(),
            nominee=nominee.strip(),
            received_on=received_on,
            created_by=actor,
        )
        req.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=req,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            detail={"kind": kind, "verification": verification},
        )
    return req


def _check_open(req: RightsRequest) -> None:
    if not req.open:
        raise ValidationError({"outcome": _("This request has already been decided.")})


def request_decide(
    *, request: RightsRequest, outcome: str, answer: str, refusal_code: str = "", actor
) -> RightsRequest:
    """Answer a request, or refuse it with the written reason (given in her language)."""
    member = request.member
    require_cap_for(actor, Cap.RECORD_RIGHTS, member.organisation_id, member.collective_ids())
    with transaction.atomic():
        req = RightsRequest.objects.select_for_update().get(pk=request.pk)
        _check_open(req)
        errors = {}
        if outcome not in (Status.ANSWERED, Status.REFUSED):
            errors["outcome"] = _("Choose whether the request is answered or refused.")
        if req.kind == Kind.ERASURE and outcome == Status.ANSWERED:
            errors["outcome"] = _(
                "An erasure is done by an organisation admin's approval, not by an answer."
            )
        if outcome == Status.REFUSED and not refusal_code:
            errors["refusal_code"] = _("Give the reason for refusing.")
        if not answer.strip():
            errors["answer"] = (
                _("Write the reason for refusing, as she will be told it.")
                if outcome == Status.REFUSED
                else _("Write the answer she is given.")
            )
        if errors:
            raise ValidationError(errors)
        req.status = outcome
        req.answer = answer.strip()
        req.refusal_code = refusal_code if outcome == Status.REFUSED else ""
        req.decided_at = timezone.now()
        req.decided_by = actor
        req.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=req,
            organisation_id=req.organisation_id,
            member_id=member.pk,
            detail={"status": outcome, "refusal_code": req.refusal_code},
        )
    return req


def erasure_approve(*, request: RightsRequest, actor) -> RightsRequest:
    """The second person (an organisation admin, not the one who recorded the request)
    approves an erasure. While a legal hold applies it is refused, with the reason."""
    member = request.member
    require_cap_for(actor, Cap.APPROVE_ERASURE, member.organisation_id, member.collective_ids())
    if request.kind != Kind.ERASURE:
        raise ValidationError({"outcome": _("This is not an erasure request.")})
    if request.created_by_id == actor.pk:
        raise ValidationError(
            {
                "outcome": _(
                    "Another person must approve: you recorded this request yourself (four eyes)."
                )
            }
        )
    with transaction.atomic():
        req = RightsRequest.objects.select_for_update().get(pk=request.pk)
        _check_open(req)
        if erasure.legal_holds([member.pk]):
            req.status = Status.REFUSED
            req.refusal_code = RefusalCode.LEGAL_HOLD
            req.answer = str(RefusalCode.LEGAL_HOLD.label)
            req.decided_at = timezone.now()
            req.decided_by = actor
            req.save()
            audit.record(
                audit.Action.CHANGE,
                actor=actor,
                obj=req,
                organisation_id=req.organisation_id,
                member_id=member.pk,
                detail={"status": Status.REFUSED, "refusal_code": RefusalCode.LEGAL_HOLD},
            )
            return req
        erase(
            [member],
            actor=actor,
            requested_by=req.created_by,
            request=req,
            reason="request",
        )
        req.status = Status.ERASED
        req.decided_at = timezone.now()
        req.decided_by = actor
        req.save(update_fields=["status", "decided_at", "decided_by"])
    return req


def erase(members: list, *, actor, requested_by=None, request=None, reason: str) -> list[Erasure]:
    """Erase these members (no legal hold checked here: callers do); one audit row each,
    referring to the pseudonym. Keys are destroyed when the transaction commits."""
    with transaction.atomic():
        refs = next_reference("ER", len(members))
        pseudonyms = {m.pk: refs[i] for i, m in enumerate(members)}
        removed = erasure.erase_members(members, pseudonyms=pseudonyms, actor=actor)
        records = [
            Erasure(
                pseudonym=pseudonyms[m.pk],
                organisation_id=m.organisation_id,
                member_id=m.pk,
                request=request,
                reason=reason,
                requested_by=requested_by,
                approved_by=actor,
                removed=dict(removed) if len(members) == 1 else {},
            )
            for m in members
        ]
        Erasure.objects.bulk_create(records, batch_size=1000)
        for m in members:
            audit.record(
                audit.Action.ARCHIVE,
                actor=actor,
                object_type="people.member",
                object_id=pseudonyms[m.pk],
                organisation_id=m.organisation_id,
                member_id=m.pk,
                detail={"erased": pseudonyms[m.pk], "reason": reason},
            )
    return records


def access_export_start(*, request: RightsRequest, release: bool, actor):
    """Start "everything we hold about you" for an access request (a background job).
    Confidential parts are released only by a social worker or legal advocate."""
    from saathi.core import policy
    from saathi.core.jobs import job_start

    member = request.member
    reach = (member.organisation_id, member.collective_ids())
    require_cap_for(actor, Cap.RECORD_RIGHTS, *reach)
    if request.kind != Kind.ACCESS:
        raise ValidationError({"release": _("Only an access request is answered with an export.")})
    if request.status == Status.ERASED:
        raise ValidationError({"release": _("This record was erased.")})
    if release and not policy.has_cap_for(actor, Cap.VIEW_CONFIDENTIAL, *reach):
        raise ValidationError(
            {"release": _("Only a social worker or legal advocate releases confidential parts.")}
        )
    return job_start(
        kind="rights.access_export",
        actor=actor,
        organisation=member.organisation,
        title=_("Everything we hold about %(ref)s") % {"ref": member.reference},
        params={"object": str(request.uuid), "release": release},
        return_url=request.get_absolute_url(),
    )


def notice_publish(*, organisation, texts: dict[str, str], contact: str, actor):
    """Publish a new version of the organisation's notice, one text per language (all four),
    and its contact for requests. Earlier versions stay as they were (which version and
    language each member saw is on her consent)."""
    from django.conf import settings

    from .models import Notice, RightsSettings

    require_cap_for(actor, Cap.APPROVE_ERASURE, organisation.pk)
    errors = {
        f"text_{code}": _("Write the notice in this language too.")
        for code, _name in settings.LANGUAGES
        if not (texts.get(code) or "").strip()
    }
    if not contact.strip():
        errors["contact"] = _("Say where members send requests and grievances.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = Notice.objects.filter(organisation=organisation).order_by("-version").first()
        version = (last.version if last else 0) + 1
        Notice.objects.bulk_create(
            Notice(
                organisation=organisation,
                version=version,
                language=code,
                text=texts[code].strip(),
                published_by=actor,
            )
            for code, _name in settings.LANGUAGES
        )
        RightsSettings.objects.update_or_create(
            organisation=organisation, defaults={"contact": contact.strip()[:300]}
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            organisation_id=organisation.pk,
            object_type="rights.notice",
            object_id=str(version),
            detail={"notice_version": version},
        )
    return version


PROCESSOR_FIELDS = ("name", "kind", "contract_on", "data_shared", "active")


def processor_save(*, organisation, actor, processor=None, **fields):
    """Add a processor to the register, or change one (organisation admins); audited."""
    from .models import Processor, ProcessorKind

    require_cap_for(actor, Cap.APPROVE_ERASURE, organisation.pk)
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Write the processor's name.")
    if fields.get("kind") not in ProcessorKind.values:
        errors["kind"] = _("Choose what kind of processor it is.")
    if not fields.get("contract_on"):
        errors["contract_on"] = _("Give the date of the contract.")
    if not (fields.get("data_shared") or "").strip():
        errors["data_shared"] = _("Say which kinds of data go to this processor.")
    if errors:
        raise ValidationError(errors)
    values = {k: fields[k] for k in PROCESSOR_FIELDS if k in fields}
    values["name"] = values["name"].strip()
    values["data_shared"] = values["data_shared"].strip()
    with transaction.atomic():
        if processor is None:
            processor = Processor.objects.create(organisation=organisation, **values)
            action = audit.Action.CREATE
        else:
            for k, v in values.items():
                setattr(processor, k, v)
            processor.save()
            action = audit.Action.CHANGE
        audit.record(
            action,
            actor=actor,
            obj=processor,
            organisation_id=organisation.pk,
            detail={"kind": processor.kind, "active": processor.active},
        )
    return processor
