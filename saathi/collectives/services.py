"""Writes of the collectives module: capability checked, validated (``ValidationError`` with
field keys), atomic, audited in the same transaction. No names or contacts are logged."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.access import deny
from saathi.core.policy import Cap
from saathi.people.choices import State

from .models import DISTRICT_LEVELS, DutyBearer, Level, TrainingSubject

# ------------------------------------------------------------------ duty bearers
DUTY_BEARER_FIELDS = (
    "title",
    "official_name",
    "office",
    "department",
    "level",
    "state",
    "district",
    "address",
    "phone",
    "email",
    "notes",
)
DIRECTORY_TYPE = "collectives.dutybearer"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-/]{4,38}$")


def _clean_duty_bearer(data: dict) -> dict:
    values = {k: str(data.get(k) or "").strip() for k in DUTY_BEARER_FIELDS}
    values["address"] = "\n".join(
        line.strip() for line in values["address"].splitlines() if line.strip()
    )
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Write the post, for example: District Collector.")
    if not values["office"]:
        errors["office"] = _("Write the office, for example: Collectorate, Nadia.")
    if values["level"] not in Level.values:
        errors["level"] = _("Choose the level of the office.")
    if values["state"] not in State.values:
        errors["state"] = _("Choose the state.")
    if values["level"] in DISTRICT_LEVELS and not values["district"]:
        errors["district"] = _("Write the district of this office.")
    if values["phone"]:
        digits = sum(ch.isdigit() for ch in values["phone"])
        if not _PHONE.match(values["phone"]) or not 6 <= digits <= 15:
            errors["phone"] = _("Write the phone number with digits only, e.g. 033 2345 6789.")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    limits = {f.name: f.max_length for f in DutyBearer._meta.fields if f.name in values}
    for name, value in values.items():
        limit = limits.get(name)
        if limit and len(value) > limit and name not in errors:
            errors[name] = _("Keep this under %(n)d characters.") % {"n": limit}
    if errors:
        raise ValidationError(errors)
    return values


def duty_bearer_create(*, organisation, data: dict, actor) -> DutyBearer:
    """Add an office or official to ``organisation``'s directory."""
    from saathi.people.services import next_reference

    _require_directory(actor, organisation.pk)
    values = _clean_duty_bearer(data)
    with transaction.atomic():
        entry = DutyBearer.objects.create(
            reference=next_reference(DutyBearer.reference_prefix)[0],
            organisation=organisation,
            created_by=actor,
            **values,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=entry,
            fields=sorted(k for k, v in values.items() if v),
            detail={"level": entry.level},
        )
    return entry


def duty_bearer_update(*, duty_bearer: DutyBearer, data: dict, actor) -> DutyBearer:
    """Change an entry; ``data["archived"]`` takes it out of the pickers (kept for the
    claims and letters that name it)."""
    _require_directory(actor, duty_bearer.organisation_id)
    values = _clean_duty_bearer(data)
    archived = bool(data.get("archived"))
    changed = [k for k, v in values.items() if getattr(duty_bearer, k) != v]
    if archived != (duty_bearer.archived_at is not None):
        changed.append("archived")
    if not changed:
        return duty_bearer
    with transaction.atomic():
        for k, v in values.items():
            setattr(duty_bearer, k, v)
        duty_bearer.archived_at = (duty_bearer.archived_at or timezone.now()) if archived else None
        duty_bearer.save()
        audit.record(
            audit.Action.ARCHIVE if archived and "archived" in changed else audit.Action.CHANGE,
            actor=actor,
            obj=duty_bearer,
            fields=sorted(changed),
        )
    return duty_bearer


def _require_directory(actor, organisation_id: int) -> None:
    """The directory is the organisation's: a grant on the organisation, or on one of its
    collectives (``policy.COLLECTIVE_REACHES_ORGANISATION``), may edit it. Refusals are
    audited, then 403."""
    if not policy.has_cap_for(
        actor, Cap.MANAGE_DUTY_BEARERS, organisation_id, object_type=DIRECTORY_TYPE
    ):
        deny(
            actor,
            object_type=DIRECTORY_TYPE,
            organisation_id=organisation_id,
            cap=Cap.MANAGE_DUTY_BEARERS,
        )
        raise PermissionDenied


# ------------------------------------------------------------------ group sessions
SESSION_FIELDS = (
    "kind",
    "on",
    "at",
    "place",
    "online_link",
    "led_by",
    "facilitator",
    "agenda",
    "minutes",
    "minutes_language",
    "guests",
)


def _require_on_collective(actor, cap: str, collective) -> None:
    """The capability on the collective itself (its organisation, or a grant on it)."""
    if not policy.has_cap_for(actor, cap, collective.organisation_id, [collective.pk]):
        deny(
            actor,
            object_type="people.collective",
            object_id=str(collective.uuid),
            organisation_id=collective.organisation_id,
            cap=cap,
        )
        raise PermissionDenied


def current_member_ids(collective, member_ids) -> set[int]:
    """Which of ``member_ids`` are current, not archived members of ``collective``."""
    from saathi.people.models import Membership

    return set(
        Membership.objects.filter(
            collective=collective,
            left_on__isnull=True,
            member_archived=False,
            member_id__in=list(member_ids),
        ).values_list("member_id", flat=True)
    )


def _clean_session(collective, data: dict) -> dict:
    from saathi.people.choices import Language

    from .models import SessionKind

    values = {k: data.get(k) for k in SESSION_FIELDS}
    for k in ("place", "online_link", "agenda", "minutes", "minutes_language"):
        values[k] = str(values[k] or "").strip()
    errors: dict[str, str] = {}
    if values["kind"] not in SessionKind.values:
        errors["kind"] = _("Choose the kind of session.")
    today = timezone.localdate()
    on = values["on"]
    if on is None:
        errors["on"] = _("Write the date of the session.")
    elif on > today + timedelta(days=366):
        errors["on"] = _("The date is more than a year away.")
    elif collective.founded_on and on < collective.founded_on:
        errors["on"] = _("The collective was founded after this date.")
    if values["kind"] == SessionKind.ONLINE and not values["online_link"]:
        errors["online_link"] = _("An online meeting needs its link.")
    if values["online_link"] and not values["online_link"].startswith(("https://", "http://")):
        errors["online_link"] = _("The link starts with https://")
    if values["minutes"] and values["minutes_language"] not in Language.values:
        errors["minutes_language"] = _("Say which language the minutes were taken in.")
    guests = values["guests"]
    if guests in (None, ""):
        values["guests"] = 0
    elif not isinstance(guests, int) or not 0 <= guests <= 10_000:
        errors["guests"] = _("Write the number of guests (0 if none).")
    leader = values["led_by"]
    if leader is not None and not current_member_ids(collective, [leader.pk]):
        errors["led_by"] = _("Choose a member of this collective.")
    helper = values["facilitator"]
    if helper is not None and helper.organisation_id != collective.organisation_id:
        errors["facilitator"] = _("Choose someone of the collective's organisation.")
    if leader is None and helper is None:
        errors["led_by"] = _("Say who led the session: a leader, or a facilitator supporting.")
    if errors:
        raise ValidationError(errors)
    return values


def session_create(*, collective, data: dict, actor):
    from saathi.people.services import next_reference

    from .models import GroupSession

    _require_on_collective(actor, Cap.RECORD_SESSIONS, collective)
    values = _clean_session(collective, data)
    with transaction.atomic():
        session = GroupSession.objects.create(
            reference=next_reference(GroupSession.reference_prefix)[0],
            organisation_id=collective.organisation_id,
            collective=collective,
            created_by=actor,
            **values,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=session,
            fields=sorted(k for k, v in values.items() if v not in (None, "", 0)),
            detail={"kind": session.kind},
        )
    return session


def session_update(*, session, data: dict, actor):
    _require_on_collective(actor, Cap.RECORD_SESSIONS, session.collective)
    values = _clean_session(session.collective, data)
    changed = sorted(k for k, v in values.items() if getattr(session, k) != v)
    if not changed:
        return session
    with transaction.atomic():
        for k in changed:
            setattr(session, k, values[k])
        session.save()
        audit.record(audit.Action.CHANGE, actor=actor, obj=session, fields=changed)
    return session


def attendance_record(*, session, shown_ids, present_ids, actor, guests: int | None = None) -> dict:
    """Save one tick list: of the members ``shown`` (one page of the list), those in
    ``present_ids`` came and the others did not. Ids that are not current members of the
    session's collective are refused (the whole list, with the reason)."""
    from .models import Attendance

    _require_on_collective(actor, Cap.RECORD_SESSIONS, session.collective)
    shown = {int(i) for i in shown_ids}
    present = {int(i) for i in present_ids}
    if not present <= shown:
        raise ValidationError({"present": _("Tick only members shown on the list.")})
    if len(shown) > 500:
        raise ValidationError({"present": _("Save at most 500 members at a time.")})
    if current_member_ids(session.collective, shown) != shown:
        raise ValidationError(
            {"present": _("The list changed meanwhile: someone left the collective. Reload it.")}
        )
    if guests is not None and not 0 <= guests <= 10_000:
        raise ValidationError({"guests": _("Write the number of guests (0 if none).")})
    with transaction.atomic():
        locked = type(session).objects.select_for_update().get(pk=session.pk)
        before = set(
            Attendance.objects.filter(session=locked, member_id__in=shown).values_list(
                "member_id", flat=True
            )
        )
        gone = before - present
        came = present - before
        if gone:
            Attendance.objects.filter(session=locked, member_id__in=gone).delete()
        Attendance.objects.bulk_create(
            [Attendance(session=locked, member_id=m) for m in sorted(came)],
            ignore_conflicts=True,
        )
        locked.present_count = Attendance.objects.filter(session=locked).count()
        locked.attendance_taken_at = timezone.now()
        fields = ["present_count", "attendance_taken_at", "updated_at"]
        if guests is not None:
            locked.guests = guests
            fields.append("guests")
        locked.save(update_fields=fields)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=locked,
            fields=["attendance"] + (["guests"] if guests is not None else []),
            detail={"present": locked.present_count, "marked": len(came), "unmarked": len(gone)},
        )
    session.present_count = locked.present_count
    session.guests = locked.guests
    session.attendance_taken_at = locked.attendance_taken_at
    return {"present": locked.present_count, "came": len(came), "gone": len(gone)}


# ------------------------------------------------------------------ decisions, action items
def decision_add(*, session, data: dict, actor):
    from saathi.people.services import next_reference

    from .models import Decision, DecisionOutcome

    _require_on_collective(actor, Cap.RECORD_SESSIONS, session.collective)
    text = str(data.get("text") or "").strip()
    outcome = data.get("outcome") or DecisionOutcome.AGREED
    errors = {}
    if not text:
        errors["text"] = _("Write what was decided.")
    elif len(text) > 2000:
        errors["text"] = _("Keep this under %(n)d characters.") % {"n": 2000}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision.objects.create(
            reference=next_reference(Decision.reference_prefix)[0],
            organisation_id=session.organisation_id,
            collective_id=session.collective_id,
            session=session,
            text=text,
            outcome=outcome,
            created_by=actor,
        )
        audit.record(audit.Action.CREATE, actor=actor, obj=decision, detail={"outcome": outcome})
    return decision


def action_item_add(*, session, data: dict, actor):
    """``data``: text, due_on, and who does it: ``member`` (of the collective) or ``user``
    (of its organisation); optionally the ``decision`` of the same session it comes from."""
    from saathi.people.services import next_reference

    from .models import ActionItem

    _require_on_collective(actor, Cap.RECORD_SESSIONS, session.collective)
    text = str(data.get("text") or "").strip()
    member, user, decision = data.get("member"), data.get("user"), data.get("decision")
    due_on = data.get("due_on")
    errors = {}
    if not text:
        errors["text"] = _("Write what is to be done.")
    elif len(text) > 300:
        errors["text"] = _("Keep this under %(n)d characters.") % {"n": 300}
    if due_on is None:
        errors["due_on"] = _("Write by when it is to be done.")
    elif due_on < session.on:
        errors["due_on"] = _("The date is before the session.")
    if member is None and user is None:
        errors["member"] = _("Say who does it: a member or a user.")
    elif member is not None and user is not None:
        errors["member"] = _("Choose one person: a member or a user, not both.")
    elif member is not None and not current_member_ids(session.collective, [member.pk]):
        errors["member"] = _("Choose a member of this collective.")
    elif user is not None and user.organisation_id != session.organisation_id:
        errors["user"] = _("Choose someone of the collective's organisation.")
    if decision is not None and decision.session_id != session.pk:
        errors["decision"] = _("Choose a decision of this session.")
    if errors or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        item = ActionItem.objects.create(
            reference=next_reference(ActionItem.reference_prefix)[0],
            organisation_id=session.organisation_id,
            collective_id=session.collective_id,
            session=session,
            decision=decision,
            text=text,
            member=member,
            user=user,
            due_on=due_on,
            created_by=actor,
        )
        audit.record(audit.Action.CREATE, actor=actor, obj=item, detail={"status": item.status})
    return item


def action_item_set_status(*, item, status: str, actor):
    from .models import ItemStatus

    _require_on_collective(actor, Cap.RECORD_SESSIONS, item.collective)
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose the status.")})
    if status == item.status:
        return item
    with transaction.atomic():
        before = item.status
        item.status = status
        item.done_on = timezone.localdate() if status == ItemStatus.DONE else None
        item.save(update_fields=["status", "done_on"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=item,
            fields=["status"],
            detail={"from": before, "to": status},
        )
    return item


# ------------------------------------------------------------------ collective claims
CLAIM_FIELDS = ("title", "demand", "method", "concerns_count", "language", "next_follow_up")


def _clean_claim(collective, data: dict) -> tuple[dict, DutyBearer, list]:
    from .models import PETITION_LANGUAGES, ClaimMethod, DutyBearer

    values = {k: data.get(k) for k in CLAIM_FIELDS}
    values["title"] = str(values["title"] or "").strip()
    values["demand"] = str(values["demand"] or "").strip()
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the claim a short title, e.g. Ration cards for all members.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Keep this under %(n)d characters.") % {"n": 200}
    if not values["demand"]:
        errors["demand"] = _("Write the demand.")
    elif len(values["demand"]) > 10_000:
        errors["demand"] = _("Keep this under %(n)d characters.") % {"n": 10_000}
    if values["method"] not in ClaimMethod.values:
        errors["method"] = _("Choose how the claim is made.")
    if values["language"] not in dict(PETITION_LANGUAGES):
        errors["language"] = _("Choose the language of the petition.")
    count = values["concerns_count"]
    if count is not None and (not isinstance(count, int) or not 0 < count <= 1_000_000):
        errors["concerns_count"] = _("Write how many people it concerns.")
    bearer = data.get("duty_bearer")
    if not isinstance(bearer, DutyBearer) or bearer.organisation_id != collective.organisation_id:
        errors["duty_bearer"] = _("Choose the office from the directory.")
    elif bearer.archived_at is not None:
        errors["duty_bearer"] = _("This office is no longer in use: choose another.")
    members = list(data.get("members") or [])
    if members and current_member_ids(collective, [m.pk for m in members]) != {
        m.pk for m in members
    }:
        errors["members"] = _("Choose members of this collective.")
    if not members and count is None and "concerns_count" not in errors:
        errors["concerns_count"] = _("Name the members it concerns, or write how many.")
    if errors or not isinstance(bearer, DutyBearer):
        raise ValidationError(errors)
    return values, bearer, members


def claim_create(*, collective, data: dict, actor):
    from saathi.people.services import next_reference

    from .models import Claim

    _require_on_collective(actor, Cap.EDIT_CLAIMS, collective)
    values, bearer, members = _clean_claim(collective, data)
    with transaction.atomic():
        claim = Claim.objects.create(
            reference=next_reference(Claim.reference_prefix)[0],
            organisation_id=collective.organisation_id,
            collective=collective,
            duty_bearer=bearer,
            created_by=actor,
            **values,
        )
        claim.members.set(members)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=claim,
            detail={"method": claim.method, "members": len(members)},
        )
    return claim


def claim_update(*, claim, data: dict, actor):
    _require_on_collective(actor, Cap.EDIT_CLAIMS, claim.collective)
    values, bearer, members = _clean_claim(claim.collective, data)
    values["duty_bearer_id"] = bearer.pk
    changed = sorted(k for k, v in values.items() if getattr(claim, k) != v)
    before = set(claim.members.values_list("pk", flat=True))
    if before != {m.pk for m in members}:
        changed.append("members")
    if not changed:
        return claim
    with transaction.atomic():
        for k, v in values.items():
            setattr(claim, k, v)
        claim.save()
        claim.members.set(members)
        audit.record(audit.Action.CHANGE, actor=actor, obj=claim, fields=changed)
    return claim


def claim_move(
    *,
    claim,
    to_status: str,
    actor,
    note: str = "",
    on=None,
    response: str | None = None,
    next_follow_up=None,
):
    """One step of the claim's case (``core.cases.case_move`` along CLAIM_TRANSITIONS):
    the date it happened, a note, the government's response when it answers."""
    from saathi.core.cases import case_move

    from .models import CLAIM_TRANSITIONS, ClaimStep

    on = on or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if on > timezone.localdate():
        errors["on"] = _("This date is in the future.")
    elif claim.submitted_on and on < claim.submitted_on:
        errors["on"] = _("This date is before the claim was submitted.")
    if len(note) > 1000:
        errors["note"] = _("Keep this under %(n)d characters.") % {"n": 1000}
    if next_follow_up is not None and next_follow_up < on:
        errors["next_follow_up"] = _("The follow-up date is before this step.")
    if errors:
        raise ValidationError(errors)
    changes: dict = {}
    if to_status == "submitted" and claim.submitted_on is None:
        changes["submitted_on"] = on
    if response is not None and response.strip() and response.strip() != claim.response:
        changes["response"] = response.strip()
    if next_follow_up is not None or not CLAIM_TRANSITIONS.get(to_status):
        changes["next_follow_up"] = next_follow_up if CLAIM_TRANSITIONS.get(to_status) else None
    return case_move(
        claim,
        to_status,
        actor=actor,
        transitions=CLAIM_TRANSITIONS,
        step_model=ClaimStep,
        cap=Cap.EDIT_CLAIMS,
        changes=changes,
        step_fields={"note": note, "on": on},
    )


def petition_pdf(*, claim, actor) -> bytes:
    """The petition or memorandum in the claim's language: the demand, the addressee from
    the directory, the members' names in their script with signature and thumbprint
    boxes. Audited as a print; never shows occupation (not in its context at all)."""
    from . import petitions

    _require_on_collective(actor, Cap.PRINT_PETITIONS, claim.collective)
    pdf = petitions.render_pdf(claim)
    audit.record(
        audit.Action.PRINT,
        actor=actor,
        obj=claim,
        detail={"language": claim.language, "members": claim.members.count()},
    )
    return pdf


# ------------------------------------------------------------------ profile, office bearers
PROFILE_FIELDS = (
    "registration",
    "registration_number",
    "registered_on",
    "meeting_place",
    "meeting_day",
    "meeting_frequency",
    "networks",
)


def profile_save(*, collective, data: dict, actor):
    from .models import CollectiveProfile, MeetingDay, MeetingFrequency, Registration

    _require_on_collective(actor, Cap.MANAGE_COLLECTIVE_PROFILE, collective)
    values = {k: data.get(k) for k in PROFILE_FIELDS}
    for k in (
        "registration_number",
        "meeting_place",
        "networks",
        "meeting_day",
        "meeting_frequency",
    ):
        values[k] = str(values[k] or "").strip()
    errors = {}
    if values["registration"] not in Registration.values:
        errors["registration"] = _("Choose how the collective is registered.")
    elif values["registration"] != Registration.INFORMAL:
        if not values["registration_number"]:
            errors["registration_number"] = _("Write the registration number.")
        if values["registered_on"] is None:
            errors["registered_on"] = _("Write the date of registration.")
    if values["registered_on"] and values["registered_on"] > timezone.localdate():
        errors["registered_on"] = _("This date is in the future.")
    if values["meeting_day"] and values["meeting_day"] not in MeetingDay.values:
        errors["meeting_day"] = _("Choose the day.")
    if values["meeting_frequency"] and values["meeting_frequency"] not in MeetingFrequency.values:
        errors["meeting_frequency"] = _("Choose how often.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile, created = CollectiveProfile.objects.get_or_create(
            collective=collective, defaults={"organisation_id": collective.organisation_id}
        )
        changed = sorted(k for k, v in values.items() if getattr(profile, k) != v)
        for k, v in values.items():
            setattr(profile, k, v)
        profile.save()
        if changed or created:
            audit.record(
                audit.Action.CREATE if created else audit.Action.CHANGE,
                actor=actor,
                obj=profile,
                object_id=str(collective.uuid),
                organisation_id=collective.organisation_id,
                fields=changed,
            )
    return profile


def office_bearer_add(*, collective, data: dict, actor):
    from .models import OfficeBearer, Post

    _require_on_collective(actor, Cap.MANAGE_COLLECTIVE_PROFILE, collective)
    member, post, term_from = data.get("member"), data.get("post"), data.get("term_from")
    errors = {}
    if member is None or not current_member_ids(collective, [member.pk]):
        errors["member"] = _("Choose a member of this collective.")
    if post not in Post.values:
        errors["post"] = _("Choose the post.")
    if term_from is None:
        errors["term_from"] = _("Write when the term began.")
    elif term_from > timezone.localdate() + timedelta(days=366):
        errors["term_from"] = _("The date is more than a year away.")
    if errors or member is None or post is None or term_from is None:
        raise ValidationError(errors)
    with transaction.atomic():
        # one holder at a time for the posts other than committee member
        if post != Post.COMMITTEE:
            for old in OfficeBearer.objects.filter(
                collective=collective, post=post, term_to__isnull=True
            ):
                old.term_to = max(term_from, old.term_from)
                old.save(update_fields=["term_to"])
        bearer = OfficeBearer.objects.create(
            collective=collective,
            organisation_id=collective.organisation_id,
            member=member,
            post=post,
            term_from=term_from,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=bearer,
            member_id=member.pk,
            detail={"post": post},
        )
    return bearer


def office_bearer_end(*, bearer, actor, on=None):
    _require_on_collective(actor, Cap.MANAGE_COLLECTIVE_PROFILE, bearer.collective)
    on = on or timezone.localdate()
    if bearer.term_to is not None:
        return bearer
    with transaction.atomic():
        bearer.term_to = max(on, bearer.term_from)
        bearer.save(update_fields=["term_to"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=bearer,
            member_id=bearer.member_id,
            fields=["term_to"],
        )
    return bearer


# ------------------------------------------------------------------ trainings
TRAINING_FIELDS = ("title", "subject", "purpose", "for_whom", "sessions_required")


def _require_training(actor, organisation_id: int, collective_id: int | None) -> None:
    colls = [collective_id] if collective_id else []
    if not policy.has_cap_for(actor, Cap.MANAGE_TRAININGS, organisation_id, colls):
        deny(
            actor,
            object_type="collectives.training",
            organisation_id=organisation_id,
            cap=Cap.MANAGE_TRAININGS,
        )
        raise PermissionDenied


def _clean_training(data: dict) -> dict:
    values: dict[str, Any] = {k: data.get(k) for k in TRAINING_FIELDS}
    for k in ("title", "subject", "purpose", "for_whom"):
        values[k] = str(values[k] or "").strip()
    errors: dict[str, str] = {}
    if values["subject"] and values["subject"] not in TrainingSubject.values:
        errors["subject"] = _("Choose a subject from the list.")
    if not values["title"]:
        errors["title"] = _("Give the training a title, e.g. Mental health for leaders.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Keep this under %(n)d characters.") % {"n": 200}
    if len(values["for_whom"]) > 200:
        errors["for_whom"] = _("Keep this under %(n)d characters.") % {"n": 200}
    if len(values["purpose"]) > 5000:
        errors["purpose"] = _("Keep this under %(n)d characters.") % {"n": 5000}
    required = values["sessions_required"]
    if required in (None, ""):
        values["sessions_required"] = 1
    elif not isinstance(required, int) or not 1 <= required <= 100:
        errors["sessions_required"] = _("Write how many sessions make it complete (1 to 100).")
    if errors:
        raise ValidationError(errors)
    return values


def training_create(*, organisation, data: dict, actor, collective=None):
    """A training series of ``organisation`` (of one of its collectives when given)."""
    from saathi.people.services import next_reference

    from .models import Training

    if collective is not None and collective.organisation_id != organisation.pk:
        raise ValidationError({"collective": _("Choose a collective of the organisation.")})
    _require_training(actor, organisation.pk, collective.pk if collective else None)
    values = _clean_training(data)
    with transaction.atomic():
        training = Training.objects.create(
            reference=next_reference(Training.reference_prefix)[0],
            organisation=organisation,
            collective=collective,
            created_by=actor,
            **values,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=training,
            detail={"sessions_required": training.sessions_required},
        )
    return training


def training_update(*, training, data: dict, actor):
    _require_training(actor, training.organisation_id, training.collective_id)
    values = _clean_training(data)
    changed = sorted(k for k, v in values.items() if getattr(training, k) != v)
    if not changed:
        return training
    with transaction.atomic():
        for k in changed:
            setattr(training, k, values[k])
        training.save()
        if "sessions_required" in changed:
            _recount_completion(training, training.participants.all())
        audit.record(audit.Action.CHANGE, actor=actor, obj=training, fields=changed)
    return training


TRAINING_SESSION_FIELDS = ("topic", "on", "at", "place", "online_link", "trainer")


def _clean_training_session(training, data: dict) -> dict:
    values: dict[str, Any] = {k: data.get(k) for k in TRAINING_SESSION_FIELDS}
    for k in ("topic", "place", "online_link", "trainer"):
        values[k] = str(values[k] or "").strip()
    errors: dict[str, str] = {}
    if not values["topic"]:
        errors["topic"] = _("Write the topic, e.g. Stress management.")
    elif len(values["topic"]) > 200:
        errors["topic"] = _("Keep this under %(n)d characters.") % {"n": 200}
    on = values["on"]
    if on is None:
        errors["on"] = _("Write the date of the session.")
    elif on > timezone.localdate() + timedelta(days=366):
        errors["on"] = _("The date is more than a year away.")
    if values["online_link"] and not values["online_link"].startswith(("https://", "http://")):
        errors["online_link"] = _("The link starts with https://")
    if not values["place"] and not values["online_link"]:
        errors["place"] = _("Write the place, or give the online link.")
    for k, n in (("place", 200), ("trainer", 200), ("online_link", 300)):
        if len(values[k]) > n and k not in errors:
            errors[k] = _("Keep this under %(n)d characters.") % {"n": n}
    if errors:
        raise ValidationError(errors)
    return values


def training_session_add(*, training, data: dict, actor):
    from .models import TrainingSession

    _require_training(actor, training.organisation_id, training.collective_id)
    values = _clean_training_session(training, data)
    if training.sessions.count() >= 100:
        raise ValidationError({"topic": _("A training has at most 100 sessions.")})
    with transaction.atomic():
        session = TrainingSession.objects.create(
            training=training,
            organisation_id=training.organisation_id,
            collective_id=training.collective_id,
            **values,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=session,
            object_type="collectives.trainingsession",
            organisation_id=training.organisation_id,
        )
    return session


def training_session_update(*, session, data: dict, actor):
    """Change a session of a training (topic, date, time, place, link, trainer) with the
    checks of ``training_session_add`` and its capability. A session whose attendance is
    recorded keeps a date on or before today (attendance is of a session that happened);
    a new date moves the completion dates of those who came."""
    from .models import TrainingAttendance

    training = session.training
    _require_training(actor, training.organisation_id, training.collective_id)
    values = _clean_training_session(training, data)
    changed = sorted(k for k, v in values.items() if getattr(session, k) != v)
    if not changed:
        return session
    with transaction.atomic():
        # the attendance service locks the same row: no tick list lands meanwhile
        locked = type(session).objects.select_for_update().get(pk=session.pk)
        came = TrainingAttendance.objects.filter(session=locked).values("participant_id")
        attended = came.exists()
        if "on" in changed and attended and values["on"] > timezone.localdate():
            raise ValidationError(
                {
                    "on": _(
                        "Attendance is recorded for this session: its date cannot be after today."
                    )
                }
            )
        for k in changed:
            setattr(locked, k, values[k])
        locked.save(update_fields=changed)
        if "on" in changed and attended:
            _recount_completion(training, training.participants.filter(pk__in=came), redate=True)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=locked,
            object_type="collectives.trainingsession",
            organisation_id=training.organisation_id,
            fields=changed,
        )
    for k in changed:
        setattr(session, k, values[k])
    return session


def training_session_remove(*, session, actor) -> None:
    """Remove a session added by mistake. Only while no attendance is recorded for it: a
    session someone came to is part of her record of training (untick everyone first).
    Audited as an archive row with ``removed`` in its detail (the row itself goes)."""
    from .models import TrainingAttendance

    training = session.training
    _require_training(actor, training.organisation_id, training.collective_id)
    with transaction.atomic():
        locked = type(session).objects.select_for_update().filter(pk=session.pk).first()
        if locked is None:  # removed meanwhile
            return
        if TrainingAttendance.objects.filter(session=locked).exists():
            raise ValidationError(
                _(
                    "Attendance is recorded for this session, so it cannot be removed. "
                    "Untick everyone on its attendance list first if it was added by mistake."
                ),
                code="attended",
            )
        audit.record(
            audit.Action.ARCHIVE,
            actor=actor,
            object_type="collectives.trainingsession",
            object_id=str(locked.uuid),
            organisation_id=training.organisation_id,
            detail={"removed": True, "training": training.reference, "on": locked.on.isoformat()},
        )
        locked.delete()


def training_participant_add(*, training, data: dict, actor):
    """A member (of the training's collective, or of any collective of the organisation
    for a training of the organisation) or a member of staff (a user of the organisation)."""
    from .models import TrainingParticipant

    _require_training(actor, training.organisation_id, training.collective_id)
    member, user = data.get("member"), data.get("user")
    errors: dict[str, str] = {}
    if member is None and user is None:
        errors["member"] = _("Choose a member or a member of staff.")
    elif member is not None and user is not None:
        errors["member"] = _("Choose one person: a member or a member of staff, not both.")
    elif member is not None:
        if member.organisation_id != training.organisation_id or member.archived_at is not None:
            errors["member"] = _("Choose a member of the organisation.")
        elif training.collective_id and not current_member_ids(training.collective, [member.pk]):
            errors["member"] = _("Choose a member of this collective.")
        elif training.participants.filter(member=member).exists():
            errors["member"] = _("She is already taking part.")
    elif user is not None:
        if user.organisation_id != training.organisation_id or not user.is_active:
            errors["user"] = _("Choose someone of the organisation.")
        elif training.participants.filter(user=user).exists():
            errors["user"] = _("Already taking part.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        participant = TrainingParticipant.objects.create(
            training=training,
            organisation_id=training.organisation_id,
            collective_id=training.collective_id,
            member=member,
            user=user,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=participant,
            object_type="collectives.trainingparticipant",
            organisation_id=training.organisation_id,
            member_id=member.pk if member is not None else None,
            detail={"staff": user is not None},
        )
    return participant


def training_participant_remove(*, participant, actor) -> int:
    """Take out a participant added by mistake. Her attendance at the training's sessions
    goes with her (it has no meaning without her place in the training) and the counts
    of present of those sessions are made again; the others' completion is untouched.
    Audited, with how many attendance marks went; returns that number."""
    from .models import TrainingAttendance, TrainingParticipant, TrainingSession

    training = participant.training
    _require_training(actor, training.organisation_id, training.collective_id)
    with transaction.atomic():
        # the sessions first, as a tick list does (it locks its session, then writes the
        # participants' counts): no tick list lands meanwhile, and no deadlock
        sessions = {
            s.pk: s
            for s in TrainingSession.objects.select_for_update()
            .filter(training_id=training.pk)
            .order_by("pk")
        }
        locked = TrainingParticipant.objects.select_for_update().filter(pk=participant.pk).first()
        if locked is None:  # removed meanwhile
            return 0
        session_ids = list(
            TrainingAttendance.objects.filter(participant=locked).values_list(
                "session_id", flat=True
            )
        )
        audit.record(
            audit.Action.ARCHIVE,
            actor=actor,
            object_type="collectives.trainingparticipant",
            object_id=str(locked.uuid),
            organisation_id=training.organisation_id,
            member_id=locked.member_id,
            detail={
                "removed": True,
                "training": training.reference,
                "staff": locked.user_id is not None,
                "attendance_removed": len(session_ids),
            },
        )
        locked.delete()  # her TrainingAttendance rows cascade
        for pk in session_ids:
            s = sessions[pk]
            s.present_count = TrainingAttendance.objects.filter(session=s).count()
            s.save(update_fields=["present_count"])
    return len(session_ids)


def _recount_completion(training, participants, *, redate: bool = False) -> None:
    """Attended sessions and completion of ``participants`` (inside the caller's
    transaction): completed on the date of the session that made the count (found again
    with ``redate``, after a session's date changed)."""
    from django.db.models import Count

    from .models import TrainingAttendance, TrainingParticipant

    ids = [p.pk for p in participants]
    counts = dict(
        TrainingAttendance.objects.filter(participant_id__in=ids)
        .values("participant_id")
        .annotate(n=Count("id"))
        .values_list("participant_id", "n")
    )
    need = training.sessions_required
    for p in TrainingParticipant.objects.filter(pk__in=ids):
        attended = counts.get(p.pk, 0)
        completed_on = p.completed_on
        if attended < need:
            completed_on = None
        elif completed_on is None or redate:
            days = list(
                TrainingAttendance.objects.filter(participant=p)
                .order_by("session__on", "session_id")
                .values_list("session__on", flat=True)[:need]
            )
            completed_on = days[-1]
        if (attended, completed_on) != (p.attended, p.completed_on):
            p.attended, p.completed_on = attended, completed_on
            p.save(update_fields=["attended", "completed_on"])


def training_attendance_record(*, session, present_ids, actor) -> dict:
    """The tick list of one training session: of its participants, those in
    ``present_ids`` came (participant ids); the others did not."""
    from .models import TrainingAttendance

    training = session.training
    _require_training(actor, training.organisation_id, training.collective_id)
    present = {int(i) for i in present_ids}
    participants = list(training.participants.all())
    known = {p.pk for p in participants}
    if not present <= known:
        raise ValidationError({"present": _("Tick only the participants shown on the list.")})
    if session.on > timezone.localdate():
        raise ValidationError({"present": _("This session has not happened yet.")})
    with transaction.atomic():
        locked = type(session).objects.select_for_update().get(pk=session.pk)
        before = set(
            TrainingAttendance.objects.filter(session=locked).values_list(
                "participant_id", flat=True
            )
        )
        gone, came = before - present, present - before
        if gone:
            TrainingAttendance.objects.filter(session=locked, participant_id__in=gone).delete()
        TrainingAttendance.objects.bulk_create(
            [TrainingAttendance(session=locked, participant_id=p) for p in sorted(came)],
            ignore_conflicts=True,
        )
        locked.present_count = len(present)
        locked.attendance_taken_at = timezone.now()
        locked.save(update_fields=["present_count", "attendance_taken_at"])
        _recount_completion(training, [p for p in participants if p.pk in gone | came])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=locked,
            object_type="collectives.trainingsession",
            organisation_id=training.organisation_id,
            fields=["attendance"],
            detail={"present": len(present), "marked": len(came), "unmarked": len(gone)},
        )
    session.present_count = locked.present_count
    session.attendance_taken_at = locked.attendance_taken_at
    return {"present": len(present), "came": len(came), "gone": len(gone)}


# ------------------------------------------------------------------ a granted claim's drive
def claim_start_drive(*, claim, scheme, name: str, target_date, actor) -> dict:
    """A granted (or partly granted) claim starts a drive of the entitlements module for
    the collective: applications under ``scheme`` for each member the claim named (those
    who already have an open one, or whom the scheme does not reach, are skipped and
    counted); a claim that gave only a count starts the drive without applications, to
    be filled from the drive's page. Through the entitlements services, which check
    ``run_drives`` and ``edit_applications``; one drive per claim."""
    from saathi.entitlements import services as entitlements

    from .models import DRIVE_STATUSES, Claim

    _require_on_collective(actor, Cap.EDIT_CLAIMS, claim.collective)
    if claim.status not in DRIVE_STATUSES:
        raise ValidationError({"scheme": _("Only a granted claim can start a drive.")})
    if claim.drive_id is not None:
        raise ValidationError({"scheme": _("This claim has started its drive already.")})
    if target_date is None:
        raise ValidationError({"target_date": _("Write the target date.")})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.drive_id is not None:
            raise ValidationError({"scheme": _("This claim has started its drive already.")})
        drive = entitlements.drive_create(
            organisation=claim.collective.organisation,
            scheme=scheme,
            name=name,
            target_date=target_date,
            collective=claim.collective,
            actor=actor,
        )
        members = list(claim.members.filter(archived_at__isnull=True).order_by("pk"))
        result = entitlements.drive_start_applications(drive=drive, members=members, actor=actor)
        locked.drive = drive
        locked.save(update_fields=["drive", "updated_at"])
        claim.drive = drive
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=claim,
            fields=["drive"],
            detail={"drive": drive.reference, **result},
        )
    return {"drive": drive, **result}
