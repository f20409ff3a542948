"""Writes of the wellbeing module: capability-checked, validated, atomic, audited.

Audit rows name the record and what changed, never its content: no notes, no answers, no
scores of a named member in ``detail``, no incident details. Nothing here logs.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.access import require_cap_for
from saathi.core.cases import case_move
from saathi.core.consent import Purpose, require_consent
from saathi.core.policy import Cap, Role

from . import counts, instruments
from .instruments import Instrument
from .models import (
    REFERRAL_TRANSITIONS,
    Concern,
    CounsellingSession,
    HealthSupport,
    HealthSupportKind,
    Incident,
    IncidentKind,
    Mode,
    Perpetrator,
    Place,
    Referral,
    ReferralStatus,
    ReferralStep,
    ReportedTo,
    SafetyAlert,
    SafetyStep,
    Screening,
    Service,
    SupportGiven,
)

FUTURE_LIMIT = timedelta(days=2 * 366)


def _require(actor, member, cap=Cap.RECORD_WELLBEING):
    require_cap_for(actor, cap, *member.scope_reach())


def _ref(model) -> str:
    from saathi.people.services import next_reference

    return next_reference(model.reference_prefix)[0]


def _date_checks(errors: dict, data: dict, past: tuple = (), ahead: tuple = ()) -> None:
    today = timezone.localdate()
    for f in past:
        if data.get(f) and data[f] > today:
            errors[f] = _("This date is in the future.")
    for f in ahead:
        if data.get(f) and data[f] > today + FUTURE_LIMIT:
            errors[f] = _("This date is more than two years ahead.")


def _text(data: dict, name: str) -> str:
    return (data.get(name) or "").strip()


# --- counselling -----------------------------------------------------------------------

SESSION_CONFIDENTIAL = ("concerns_text", "notes", "next_steps")


def session_record(*, member, data: dict, actor) -> CounsellingSession:
    """Record a counselling session with ``member`` (social workers)."""
    _require(actor, member)
    errors: dict[str, str] = {}
    if data.get("kind") not in CounsellingSession.Kind.values:
        errors["kind"] = _("Choose individual or group.")
    if data.get("mode") not in Mode.values:
        errors["mode"] = _("Choose how the session was held.")
    if not data.get("held_on"):
        errors["held_on"] = _("Write the date of the session.")
    minutes = data.get("duration_minutes")
    if not minutes or not 5 <= int(minutes) <= 480:
        errors["duration_minutes"] = _("Between 5 and 480 minutes.")
    concerns = list(data.get("concerns") or [])
    if any(c not in Concern.values for c in concerns):
        errors["concerns"] = _("Choose the concerns from the list.")
    if not concerns and not _text(data, "concerns_text"):
        errors["concerns"] = _("Choose at least one concern, or write it in her words.")
    _date_checks(errors, data, past=("held_on",), ahead=("next_session_on",))
    nxt = data.get("next_session_on")
    if nxt and data.get("held_on") and nxt <= data["held_on"]:
        errors["next_session_on"] = _("The next session comes after this one.")
    if (data.get("next_session_at") or _text(data, "next_session_place")) and not nxt:
        errors["next_session_on"] = _("Write the date of the next session.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = CounsellingSession(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=_ref(CounsellingSession),
            kind=data["kind"],
            mode=data["mode"],
            counsellor=data.get("counsellor") or actor,
            held_on=data["held_on"],
            duration_minutes=int(minutes or 0),
            concerns=concerns,
            next_session_on=nxt,
            next_session_at=data.get("next_session_at"),
            next_session_place=_text(data, "next_session_place"),
        )
        for f in SESSION_CONFIDENTIAL:
            setattr(session, f, _text(data, f))
        session.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=session,
            member_id=member.pk,
            detail={"kind": session.kind, "mode": session.mode},
        )
    return session


def group_session_record(*, collective, attendees: list, data: dict, actor) -> list:
    """A group session of a collective: one session row for each member who attended,
    sharing a group key (the session's attendance list). Social workers who reach every
    attendee; each attendee must be a current member of the collective."""
    import uuid as uuidlib

    from saathi.people.models import Membership

    if not attendees:
        raise ValidationError({"attendees": _("Tick the members who attended.")})
    current = set(
        Membership.objects.filter(
            collective=collective, left_on__isnull=True, member__in=attendees
        ).values_list("member_id", flat=True)
    )
    if any(m.pk not in current for m in attendees):
        raise ValidationError({"attendees": _("Only current members of this collective.")})
    for m in attendees:
        _require(actor, m)
    key = uuidlib.uuid4()
    sessions = []
    with transaction.atomic():
        for m in attendees:
            s = session_record(
                member=m, data={**data, "kind": CounsellingSession.Kind.GROUP}, actor=actor
            )
            s.group_key = key
            s.series = _text(data, "series")
            s.save(update_fields=["group_key", "series"])
            sessions.append(s)
    return sessions


# --- screenings and the safety step ------------------------------------------------------


def social_workers_for(member) -> list[int]:
    """The social workers who reach her (her organisation, or one of her collectives):
    they are the ones on duty for her and get the alert."""
    from saathi.accounts.models import RoleGrant

    reach = Q(organisation_id=member.organisation_id, collective__isnull=True)
    collectives = member.collective_ids()
    if collectives:
        reach |= Q(collective_id__in=collectives)
    return sorted(
        set(
            RoleGrant.objects.filter(reach, role=Role.SOCIAL_WORKER, revoked_at__isnull=True)
            .filter(user__is_active=True)
            .values_list("user_id", flat=True)
        )
    )


def screening_record(*, member, data: dict, actor) -> Screening:
    """Record a completed screening. A risk (PHQ-9 item 9 above 0, or a severe band)
    starts the safety step in the same transaction: the social workers who reach her are
    alerted and a follow-up is due within 48 hours."""
    _require(actor, member)
    errors: dict[str, str] = {}
    instrument = data.get("instrument")
    if instrument not in Instrument.values:
        raise ValidationError({"instrument": _("Choose the instrument.")})
    spec = instruments.SPECS[instrument]
    answers = []
    for i in range(1, len(spec.items) + 1):
        a = data.get(f"item_{i}")
        if a in (None, ""):
            errors[f"item_{i}"] = _("Choose an answer.")
            continue
        try:
            a = int(str(a))
        except ValueError:
            a = -1
        if not 0 <= a <= spec.max_answer:
            errors[f"item_{i}"] = _("Choose an answer.")
        answers.append(a)
    if not data.get("taken_on"):
        errors["taken_on"] = _("Write the date of the screening.")
    _date_checks(errors, data, past=("taken_on",), ahead=("next_screening_on",))
    nxt = data.get("next_screening_on")
    if nxt and data.get("taken_on") and nxt <= data["taken_on"]:
        errors["next_screening_on"] = _("The next screening comes after this one.")
    if errors:
        raise ValidationError(errors)
    result = instruments.score(instrument, answers)
    with transaction.atomic():
        screening = Screening(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=_ref(Screening),
            instrument=instrument,
            taken_on=data["taken_on"],
            answers=json.dumps(answers),
            total=result.total,
            band=result.band,
            self_harm=result.self_harm,
            risk=result.risk,
            items_language="en",
            next_screening_on=nxt,
        )
        screening.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=screening,
            member_id=member.pk,
            detail={"instrument": instrument},
        )
        counts.count_screening(screening)
        if result.risk:
            _safety_start(screening, actor)
    return screening


def _safety_start(screening: Screening, actor) -> SafetyStep:
    now = timezone.now()
    step = SafetyStep.objects.create(
        screening=screening,
        member=screening.member,
        organisation_id=screening.organisation_id,
        started_at=now,
        follow_up_due=now + timedelta(hours=SafetyStep.FOLLOW_UP_HOURS),
    )
    users = set(social_workers_for(screening.member)) - {actor.pk}
    SafetyAlert.objects.bulk_create(SafetyAlert(user_id=u, step=step) for u in sorted(users))
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=step,
        organisation_id=screening.organisation_id,
        member_id=screening.member_id,
        detail={"safety_step": True, "alerted": len(users)},
    )
    return step


def safety_plan_save(*, step: SafetyStep, data: dict, actor) -> SafetyStep:
    """The safety plan and when she will be followed up (at most 48 hours after the risk
    was recorded)."""
    _require(actor, step.member)
    errors: dict[str, str] = {}
    plan = _text(data, "plan")
    if not plan:
        errors["plan"] = _("Write the safety plan agreed with her.")
    due: datetime | None = data.get("follow_up_due")
    limit = step.started_at + timedelta(hours=SafetyStep.FOLLOW_UP_HOURS)
    if not due:
        errors["follow_up_due"] = _("Write when she will be followed up.")
    else:
        if isinstance(due, datetime) and timezone.is_naive(due):
            due = timezone.make_aware(due)
        if due > limit:
            errors["follow_up_due"] = _("The follow-up must be within 48 hours of the screening.")
        elif due < step.started_at:
            errors["follow_up_due"] = _("The follow-up comes after the screening.")
    if errors or due is None:
        raise ValidationError(errors)
    with transaction.atomic():
        step.plan = plan
        step.plan_recorded_at = timezone.now()
        step.follow_up_due = due
        step.save(update_fields=["plan", "plan_recorded_at", "follow_up_due"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=step,
            organisation_id=step.organisation_id,
            member_id=step.member_id,
            fields=["plan", "follow_up_due"],
        )
    return step


def safety_follow_up(*, step: SafetyStep, data: dict, actor) -> SafetyStep:
    """She was followed up: the step closes and leaves the agenda."""
    _require(actor, step.member)
    if not step.open:
        raise ValidationError(_("This follow-up is already recorded."))
    note = _text(data, "follow_up_note")
    if not note:
        raise ValidationError({"follow_up_note": _("Write what the follow-up found.")})
    with transaction.atomic():
        step.followed_up_at = timezone.now()
        step.followed_up_by = actor
        step.follow_up_note = note
        step.save(update_fields=["followed_up_at", "followed_up_by", "follow_up_note"])
        SafetyAlert.objects.filter(step=step, seen_at__isnull=True).update(seen_at=timezone.now())
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=step,
            organisation_id=step.organisation_id,
            member_id=step.member_id,
            fields=["followed_up_at", "follow_up_note"],
        )
    return step


def alerts_seen(*, user, step: SafetyStep) -> None:
    SafetyAlert.objects.filter(user=user, step=step, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


# --- referrals ---------------------------------------------------------------------------


def referral_create(*, member, data: dict, actor) -> Referral:
    _require(actor, member)
    errors: dict[str, str] = {}
    if data.get("service") not in Service.values:
        errors["service"] = _("Choose the service.")
    if not _text(data, "provider"):
        errors["provider"] = _("Write the name of the service (hospital, centre, organisation).")
    shares = bool(data.get("shares_data"))
    if shares and not _text(data, "partner_organisation"):
        errors["partner_organisation"] = _("Name the organisation that receives her data.")
    _date_checks(errors, data, ahead=("appointment_on",))
    matter = data.get("legal_matter")
    if matter is not None and matter.member_id != member.pk:
        errors["legal_matter"] = _("Choose one of her own legal matters.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=_ref(Referral),
            service=data["service"],
            provider=_text(data, "provider"),
            shares_data=shares,
            partner_organisation=_text(data, "partner_organisation") if shares else "",
            appointment_on=data.get("appointment_on"),
            legal_matter=matter,
        )
        referral.reason = _text(data, "reason")
        referral.save()
        event = audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=referral,
            member_id=member.pk,
            detail={"service": referral.service},
        )
        # the timeline starts with the proposal, carrying the creation's audit row
        ReferralStep.objects.create(
            referral=referral,
            actor=actor,
            from_status="",
            to_status=ReferralStatus.PROPOSED,
            audit_seq=event.seq,
        )
        counts.count_referral(referral, ReferralStatus.PROPOSED)
    return referral


def referral_move(*, referral: Referral, to_status: str, actor, note: str = "") -> ReferralStep:
    """Move a referral along its map. Sending one that shares her data with another
    organisation needs her active consent to share with that organisation."""
    _require(actor, referral.member)
    if to_status == ReferralStatus.SENT and referral.shares_data:
        try:
            require_consent(referral.member, Purpose.PARTNER_SHARING, referral.partner_organisation)
        except ValidationError as exc:
            raise ValidationError({"to_status": exc.messages}) from exc
    changes = {}
    if not REFERRAL_TRANSITIONS.get(to_status, {None}):
        changes["closed_at"] = timezone.now()
    before = referral.status
    with transaction.atomic():
        step = _move(referral, to_status, actor, changes, note)
        counts.count_referral(referral, before, -1)
        counts.count_referral(referral, referral.status)
    return step


def _move(referral, to_status, actor, changes, note) -> ReferralStep:
    step = case_move(
        referral,
        to_status,
        actor=actor,
        transitions=REFERRAL_TRANSITIONS,
        step_model=ReferralStep,
        cap=Cap.RECORD_WELLBEING,
        changes=changes,
        step_fields={"note": (note or "").strip()},
        labels={str(k): str(v) for k, v in ReferralStatus.choices},
    )
    assert isinstance(step, ReferralStep)
    return step


# --- incidents -------------------------------------------------------------------------


def _clean_incident(data: dict, member) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.get("kind") not in IncidentKind.values:
        errors["kind"] = _("Choose what happened.")
    if not data.get("occurred_on"):
        errors["occurred_on"] = _("Write when it happened (the day, or the first of the month).")
    if data.get("place") not in Place.values:
        errors["place"] = _("Choose where it happened.")
    if data.get("perpetrator") not in Perpetrator.values:
        errors["perpetrator"] = _("Choose who did it (“Unknown” if she does not know).")
    if (data.get("reported_to") or "") not in ReportedTo.values:
        errors["reported_to"] = _("Choose from the list.")
    if any(s not in SupportGiven.values for s in data.get("support") or []):
        errors["support"] = _("Choose the support from the list.")
    _date_checks(errors, data, past=("occurred_on",))
    matter = data.get("legal_matter")
    if matter is not None and matter.member_id != member.pk:
        errors["legal_matter"] = _("Choose one of her own legal matters.")
    referral = data.get("referral")
    if referral is not None and referral.member_id != member.pk:
        errors["referral"] = _("Choose one of her own referrals.")
    return errors


def incident_record(*, member, data: dict, actor) -> Incident:
    """Record the facts of an incident (leaders, volunteers, staff). The details in words
    are taken only from a social worker."""
    _require(actor, member, Cap.RECORD_INCIDENTS)
    errors = _clean_incident(data, member)
    details = _text(data, "details")
    if details and not _may(actor, Cap.READ_WELLBEING_NOTES, member):
        errors["details"] = _("Only a social worker records the details.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = Incident(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=_ref(Incident),
            collective_id=member.primary_collective_id,
            district=member.district,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            place=data["place"],
            perpetrator=data["perpetrator"],
            reported_to=data.get("reported_to") or "",
            support=list(data.get("support") or []),
            legal_matter=data.get("legal_matter"),
            referral=data.get("referral"),
        )
        incident.details = details
        incident.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=incident,
            member_id=member.pk,
            detail={"kind": incident.kind},
        )
        counts.count_incident(incident)
    return incident


def incident_update(*, incident: Incident, data: dict, actor) -> Incident:
    """Social workers complete an incident: its facts, its details, its links."""
    member = incident.member
    _require(actor, member)
    errors = _clean_incident(data, member)
    if errors:
        raise ValidationError(errors)
    fields = ["kind", "occurred_on", "place", "perpetrator", "reported_to", "support"]
    old = Incident(
        organisation_id=incident.organisation_id,
        collective_id=incident.collective_id,
        district=incident.district,
        kind=incident.kind,
        place=incident.place,
        perpetrator=incident.perpetrator,
        occurred_on=incident.occurred_on,
    )
    changed = []
    for f in fields:
        value: object = data.get(f) or (
            "" if f == "reported_to" else [] if f == "support" else None
        )
        if getattr(incident, f) != value:
            setattr(incident, f, value)
            changed.append(f)
    for f in ("legal_matter", "referral"):
        if getattr(incident, f) != data.get(f):
            setattr(incident, f, data.get(f))
            changed.append(f)
    details = _text(data, "details")
    if details:
        incident.details = details
        changed.append("details")
    if not changed:
        return incident
    with transaction.atomic():
        counts.move_incident(old, incident)
        incident.save()
        audit.record(
            audit.Action.CHANGE, actor=actor, obj=incident, member_id=member.pk, fields=changed
        )
    return incident


def _may(user, cap, member) -> bool:
    from saathi.core.scope import has_cap_for

    return has_cap_for(user, cap, *member.scope_reach())


# --- support for health needs ---------------------------------------------------------


def health_support_record(*, member, data: dict, actor) -> HealthSupport:
    _require(actor, member)
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    if kind not in HealthSupportKind.values:
        errors["kind"] = _("Choose the kind of support.")
    if not data.get("given_on"):
        errors["given_on"] = _("Write the date.")
    if not _text(data, "what"):
        errors["what"] = _("Write what was given or done.")
    adherence = data.get("adherence") or ""
    if adherence not in HealthSupport.Adherence.values:
        errors["adherence"] = _("Choose from the list.")
    elif adherence and kind != HealthSupportKind.ART_ADHERENCE:
        errors["adherence"] = _("Adherence is asked for ART adherence support only.")
    _date_checks(errors, data, past=("given_on",))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = HealthSupport(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=_ref(HealthSupport),
            kind=kind,
            given_on=data["given_on"],
            what=_text(data, "what"),
            adherence=adherence,
        )
        record.notes = _text(data, "notes")
        record.save()
        audit.record(audit.Action.CREATE, actor=actor, obj=record, member_id=member.pk, detail={})
    return record
