"""Services: applications."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.cases import case_move
from saathi.core.policy import Cap
from saathi.people.choices import IdentificationRoute
from saathi.people.models import IdentityDocument, Member

from ..models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Application,
    Drive,
    RejectionReason,
    Scheme,
    Status,
    Transition,
)
from ._base import DEFAULT_STALL_DAYS, FIRST_FOLLOW_UP_DAYS, _require


def _due(status: str, deadline: date | None, next_follow_up: date | None):
    if status not in OPEN_STATUSES:
        return None
    dates = [d for d in (deadline, next_follow_up) if d]
    return min(dates) if dates else None


def _due_on(app: Application):
    return _due(app.status, app.deadline, app.next_follow_up)


def _member_ctx(member: Member):
    return member.organisation_id, member.collective_ids()


def open_application_for(member: Member, scheme: Scheme):
    return (
        Application.objects.filter(
            member=member, scheme__code=scheme.code, status__in=OPEN_STATUSES
        )
        .select_related("scheme")
        .first()
    )


def application_start(
    *,
    member: Member,
    scheme: Scheme,
    actor,
    drive: Drive | None = None,
    identification_route: str = IdentificationRoute.DOCUMENTARY,
    office: str = "",
    deadline: date | None = None,
    next_follow_up: date | None = None,
    note: str = "",
    check_duplicate: bool = True,
) -> Application:
    """A new application (status draft) of ``member`` under the current version of
    ``scheme``; the first step of its timeline is written with it."""
    from saathi.people.services import next_reference

    org_id, colls = _member_ctx(member)
    _require(actor, Cap.EDIT_APPLICATIONS, org_id, colls)
    errors = {}
    if scheme.replaced_at is not None:
        errors["scheme"] = _("This version of the scheme was replaced; choose the current one.")
    elif not Scheme.objects.catalogue_for([org_id]).filter(pk=scheme.pk).exists():
        errors["scheme"] = _("This scheme is not in the organisation's catalogue.")
    elif not scheme.applies_in(member.state):
        errors["scheme"] = _("This scheme does not run in her state.")
    if identification_route not in IdentificationRoute.values:
        errors["identification_route"] = _("Choose an identification route.")
    if member.archived_at is not None:
        errors["member"] = _("Her record is archived.")
    if errors:
        raise ValidationError(errors)
    if check_duplicate:
        existing = open_application_for(member, scheme)
        if existing is not None:
            raise ValidationError(
                {
                    "scheme": _("She already has an open application for this scheme: %(ref)s.")
                    % {"ref": existing.reference}
                }
            )
    with transaction.atomic():
        app = Application(
            reference=next_reference("APP")[0],
            organisation_id=org_id,
            member=member,
            scheme=scheme,
            drive=drive,
            status=Status.DRAFT,
            identification_route=identification_route,
            office=office.strip()[:200],
            deadline=deadline,
            next_follow_up=next_follow_up,
            created_by=actor,
        )
        app.due_on = _due_on(app)
        app.save()
        event = audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=app,
            organisation_id=org_id,
            member_id=member.pk,
            detail={"status": Status.DRAFT, "scheme": scheme.code, "version": scheme.version},
        )
        Transition.objects.create(
            application=app,
            from_status="",
            to_status=Status.DRAFT,
            note=note.strip()[:500],
            actor=actor,
            audit_seq=event.seq,
        )
    return app


def application_move(
    *,
    application: Application,
    to_status: str,
    actor,
    note: str = "",
    reason: str = "",
    on: date | None = None,
    authority_reference: str | None = None,
    next_follow_up: date | None = None,
) -> Application:
    """Move an application along ``TRANSITIONS``; anything else is refused. The step is
    written to the timeline and the audit log in one transaction."""
    app = application
    member = app.member
    org_id, colls = _member_ctx(member)
    _require(actor, Cap.EDIT_APPLICATIONS, org_id, colls)
    today = timezone.localdate()
    on = on or today
    errors = {}
    if to_status not in Status.values:
        errors["to_status"] = _("Choose a status.")
    elif to_status not in TRANSITIONS[app.status]:
        errors["to_status"] = _("An application that is “%(now)s” cannot become “%(next)s”.") % {
            "now": Status(app.status).label,
            "next": Status(to_status).label,
        }
    if to_status == Status.REJECTED and reason not in RejectionReason.values:
        errors["reason"] = _("Choose the reason the office gave for the rejection.")
    if reason and to_status != Status.REJECTED:
        reason = ""
    if on > today:
        errors["on"] = _("The date cannot be in the future.")
    if next_follow_up and next_follow_up < on:
        errors["next_follow_up"] = _("The next follow-up cannot be before the date of this step.")
    if errors:
        raise ValidationError(errors)
    # what the step changes besides the status (case_move saves only what differs)
    changes: dict = {"status_changed_at": timezone.now()}
    if to_status == Status.REJECTED:
        changes["rejection_reason"] = reason
    if to_status == Status.SUBMITTED and app.submitted_on is None:
        changes["submitted_on"] = on
    if authority_reference:
        changes["authority_reference"] = authority_reference.strip()[:100]
    if next_follow_up:
        changes["next_follow_up"] = next_follow_up
    elif to_status in (Status.SUBMITTED, Status.ESCALATED, Status.NOT_RECEIVED):
        changes["next_follow_up"] = on + timedelta(days=FIRST_FOLLOW_UP_DAYS)
    elif to_status == Status.FOLLOW_UP_DUE and not app.next_follow_up:
        changes["next_follow_up"] = today
    changes["due_on"] = _due(
        to_status, app.deadline, changes.get("next_follow_up", app.next_follow_up)
    )
    with transaction.atomic():
        case_move(
            app,
            to_status,
            actor=actor,
            transitions=TRANSITIONS,
            step_model=Transition,
            changes=changes,
            step_fields={"reason": reason, "note": note.strip()[:500], "on": on},
            labels={k: str(v) for k, v in Status.choices},
        )
        _update_registry_document(app, to_status, actor)
    return app


def _update_registry_document(app: Application, to_status: str, actor) -> None:
    """The registry follows the application: a submitted application for a document marks
    it "applied for", a received one "held" (when the actor may edit documents)."""
    kind = app.scheme.provides_document
    if not kind or to_status not in (Status.SUBMITTED, Status.BENEFIT_RECEIVED):
        return
    member = app.member
    if not policy.has_cap_for(actor, Cap.EDIT_DOCUMENTS, *_member_ctx(member)):
        return
    from saathi.people.services import document_save

    doc = IdentityDocument.objects.filter(member=member, kind=kind).order_by("pk").first()
    status = "held" if to_status == Status.BENEFIT_RECEIVED else "applied"
    if doc is not None and (doc.status == "held" or doc.status == status):
        return
    data = {"kind": kind, "status": status}
    if app.identification_route != IdentificationRoute.DOCUMENTARY:
        data["identification_route"] = app.identification_route
    document_save(member=member, data=data, actor=actor, document=doc)


APPLICATION_EDIT_FIELDS = (
    "office",
    "authority_reference",
    "submitted_on",
    "deadline",
    "next_follow_up",
    "identification_route",
)


def application_update(*, application: Application, data: dict, actor) -> Application:
    app = application
    org_id, colls = _member_ctx(app.member)
    _require(actor, Cap.EDIT_APPLICATIONS, org_id, colls)
    errors = {}
    today = timezone.localdate()
    if data.get("submitted_on") and data["submitted_on"] > today:
        errors["submitted_on"] = _("The date cannot be in the future.")
    if data.get("identification_route", app.identification_route) not in (
        IdentificationRoute.values
    ):
        errors["identification_route"] = _("Choose an identification route.")
    if errors:
        raise ValidationError(errors)
    changed = []
    for k in APPLICATION_EDIT_FIELDS:
        if k in data:
            v = data[k]
            if isinstance(v, str):
                v = v.strip()
            if getattr(app, k) != v:
                setattr(app, k, v)
                changed.append(k)
    if not changed:
        return app
    with transaction.atomic():
        app.due_on = _due_on(app)
        app.save(update_fields=[*changed, "due_on"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=app,
            organisation_id=org_id,
            member_id=app.member_id,
            fields=changed,
        )
    return app


def stalled_since(app: Application, today: date | None = None) -> int | None:
    """Days past the scheme's typical timeline while the office has not decided, or None."""
    from ..models import WAITING_STATUSES

    if app.status not in WAITING_STATUSES or not app.submitted_on:
        return None
    today = today or timezone.localdate()
    limit = app.scheme.typical_days or DEFAULT_STALL_DAYS
    late = (today - app.submitted_on).days - limit
    return late if late > 0 else None
