"""Writes of the secretarial service: atomic, audited in the same transaction, no names logged."""

from __future__ import annotations

import json
import logging
import re
import uuid as uuidlib
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy, vault
from saathi.core.access import require_cap_for
from saathi.core.cases import case_move
from saathi.core.files import check_upload
from saathi.core.policy import Cap
from saathi.people.choices import DocumentKind, IdentificationRoute
from saathi.people.models import IdentityDocument, Member

from .models import (
    LANGS,
    OPEN_STATUSES,
    TRANSITIONS,
    Application,
    Category,
    Correspondence,
    CorrespondenceKind,
    Drive,
    LetterKind,
    LetterPrint,
    LetterTemplate,
    Level,
    RejectionReason,
    Scheme,
    Status,
    Transition,
    Verified,
)

logger = logging.getLogger(__name__)
DATA = Path(__file__).parent / "data"
DEFAULT_STALL_DAYS = 30  # when a scheme states no typical timeline (see ADR 0008)
FIRST_FOLLOW_UP_DAYS = 14  # a follow-up is due this long after submission unless set


_require = require_cap_for


# ------------------------------------------------------------------ catalogue
SCHEME_FIELDS = (
    "names",
    "summaries",
    "level",
    "states",
    "excluded_states",
    "category",
    "eligibility",
    "required_documents",
    "other_documents",
    "provides_document",
    "rules",
    "alternative_routes",
    "authority",
    "channel",
    "typical_timeline",
    "typical_days",
    "grievance",
    "benefit",
    "source",
    "verified",
    "last_verified",
    "valid_from",
    "valid_to",
)


def _as_date(v):
    if v in (None, ""):
        return None
    return v if isinstance(v, date) else date.fromisoformat(v)


def _scheme_values(row: dict) -> dict:
    values = {k: row.get(k) for k in SCHEME_FIELDS if k in row}
    for k in ("last_verified", "valid_from", "valid_to"):
        if k in values:
            values[k] = _as_date(values[k])
    for k in ("states", "excluded_states", "required_documents", "rules"):
        values[k] = values.get(k) or []
    for k in ("other_documents", "provides_document", "channel", "typical_timeline"):
        values[k] = values.get(k) or ""
    for k in ("grievance", "benefit", "source", "eligibility"):
        values[k] = values.get(k) or ""
    return values


def _differs(scheme: Scheme, values: dict) -> bool:
    return any(getattr(scheme, k) != v for k, v in values.items())


def load_shipped_catalogue(scheme_model=Scheme, template_model=LetterTemplate) -> dict:
    """Load ``data/schemes.json`` and ``data/letters.json`` (set-up calls this).

    A shipped scheme whose data changed gets a new version; the old one is kept for the
    applications made under it. Idempotent.
    """
    rows = json.loads((DATA / "schemes.json").read_text(encoding="utf-8"))
    created = updated = 0
    now = timezone.now()
    for row in rows:
        values = _scheme_values(row)
        current = (
            scheme_model.objects.filter(
                code=row["code"], organisation__isnull=True, replaced_at__isnull=True
            )
            .order_by("-version")
            .first()
        )
        if current is None:
            scheme_model.objects.create(code=row["code"], version=1, **values)
            created += 1
        elif _differs(current, values):
            scheme_model.objects.filter(pk=current.pk).update(replaced_at=now)
            scheme_model.objects.create(code=row["code"], version=current.version + 1, **values)
            updated += 1
    letters = json.loads((DATA / "letters.json").read_text(encoding="utf-8"))
    for row in letters:
        template_model.objects.update_or_create(
            organisation=None,
            kind=row["kind"],
            language=row["language"],
            defaults={"subject": row["subject"], "body": row["body"]},
        )
    return {"created": created, "updated": updated}


def _clean_scheme_input(data: dict) -> dict:
    errors: dict[str, str] = {}
    names = {k: (v or "").strip() for k, v in (data.get("names") or {}).items() if k in LANGS}
    if not names.get("en"):
        errors["name_en"] = _("Write the scheme's name in English.")
    summaries = {k: (v or "").strip() for k, v in (data.get("summaries") or {}).items()}
    if data.get("level") not in Level.values:
        errors["level"] = _("Choose the level.")
    if data.get("category") not in Category.values:
        errors["category"] = _("Choose the category.")
    if data.get("verified") not in Verified.values:
        errors["verified"] = _("Say how far the facts are verified.")
    if not (data.get("authority") or "").strip():
        errors["authority"] = _("Name the authority that decides.")
    docs = data.get("required_documents") or []
    flat = [d for item in docs for d in ([item] if isinstance(item, str) else item)]
    if any(d not in DocumentKind.values for d in flat):
        errors["required_documents"] = _("Choose documents from the registry's list.")
    vf, vt = _as_date(data.get("valid_from")), _as_date(data.get("valid_to"))
    if vf and vt and vt < vf:
        errors["valid_to"] = _("The end of validity is before its start.")
    if data.get("typical_days") is not None and int(data["typical_days"]) > 3650:
        errors["typical_days"] = _("At most 3650 days.")
    if errors:
        raise ValidationError(errors)
    out = {k: data[k] for k in SCHEME_FIELDS if k in data}
    out["names"] = {k: v for k, v in names.items() if v}
    out["summaries"] = {k: v for k, v in summaries.items() if v and k in LANGS}
    return _scheme_values(out)


def scheme_save(*, organisation, data: dict, actor, scheme: Scheme | None = None) -> Scheme:
    """Add a scheme to ``organisation``'s catalogue, or write a new version of one.

    The edited version is closed (``replaced_at``) and kept for its applications. Editing
    a shipped scheme gives the organisation its own copy; other organisations keep the
    shipped one.
    """
    _require(actor, Cap.MANAGE_SCHEMES, organisation.pk)
    values = _clean_scheme_input(data)
    with transaction.atomic():
        if scheme is None:
            code = re.sub(r"[^a-z0-9_]+", "_", (data.get("code") or "").strip().lower())[:50]
            code = code.strip("_") or f"scheme_{uuidlib.uuid4().hex[:8]}"
            if Scheme.objects.catalogue_for([organisation.pk]).filter(code=code).exists():
                raise ValidationError({"code": _("A scheme with this code exists already.")})
            new = Scheme.objects.create(
                code=code, organisation=organisation, version=1, created_by=actor, **values
            )
            action = audit.Action.CREATE
        else:
            if scheme.replaced_at is not None:
                raise ValidationError(_("This version was replaced: edit the current one."))
            if scheme.organisation_id not in (None, organisation.pk):
                raise PermissionDenied
            if not _differs(scheme, values):
                return scheme
            latest = (
                Scheme.objects.filter(code=scheme.code, organisation=organisation)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
            if scheme.organisation_id == organisation.pk:
                Scheme.objects.filter(pk=scheme.pk).update(replaced_at=timezone.now())
            new = Scheme.objects.create(
                code=scheme.code,
                organisation=organisation,
                version=max(scheme.version, latest or 0) + 1,
                created_by=actor,
                **values,
            )
            action = audit.Action.CHANGE
        audit.record(
            action,
            actor=actor,
            obj=new,
            organisation_id=organisation.pk,
            fields=sorted(values),
            detail={"code": new.code, "version": new.version},
        )
    return new


# ------------------------------------------------------------------ applications
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
            labels=dict(Status.choices),
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
    from .models import WAITING_STATUSES

    if app.status not in WAITING_STATUSES or not app.submitted_on:
        return None
    today = today or timezone.localdate()
    limit = app.scheme.typical_days or DEFAULT_STALL_DAYS
    late = (today - app.submitted_on).days - limit
    return late if late > 0 else None


# ------------------------------------------------------------------ correspondence
def correspondence_add(
    *, member: Member, data: dict, actor, application: Application | None = None, upload=None
) -> Correspondence:
    org_id, colls = _member_ctx(member)
    _require(actor, Cap.EDIT_APPLICATIONS, org_id, colls)
    errors = {}
    if data.get("kind") not in CorrespondenceKind.values:
        errors["kind"] = _("Choose what kind of contact this was.")
    if not (data.get("authority") or "").strip():
        errors["authority"] = _("Name the office or authority.")
    if not data.get("on"):
        errors["on"] = _("Give the date.")
    elif data["on"] > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if not (data.get("summary") or "").strip():
        errors["summary"] = _("Write what was said or sent.")
    if application is not None and application.member_id != member.pk:
        errors["application"] = _("This application is not hers.")
    if errors:
        raise ValidationError(errors)
    scan = None
    if upload is not None:
        scan = check_upload(upload, "attachment")
    with transaction.atomic():
        item = Correspondence.objects.create(
            organisation_id=org_id,
            member=member,
            application=application,
            kind=data["kind"],
            authority=data["authority"].strip()[:200],
            on=data["on"],
            summary=data["summary"].strip()[:2000],
            created_by=actor,
        )
        if scan is not None:
            content, mime = scan
            vault.store(item, "attachment_file", content)
            item.attachment_content_type = mime
            item.attachment_size = len(content)
            item.save(
                update_fields=["attachment_file", "attachment_content_type", "attachment_size"]
            )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=item,
            organisation_id=org_id,
            member_id=member.pk,
            detail={"kind": item.kind, "attachment": bool(scan)},
        )
    return item


# ------------------------------------------------------------------ letters
PLACEHOLDERS = (
    "member_name",
    "member_name_latin",
    "address",
    "scheme",
    "authority",
    "office",
    "application_reference",
    "authority_reference",
    "submitted_on",
    "today",
    "documents",
    "organisation",
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def check_placeholders(text: str) -> list[str]:
    return sorted({m for m in _PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})


def letter_template_save(
    *, organisation, kind: str, language: str, subject: str, body: str, actor
) -> LetterTemplate:
    _require(actor, Cap.MANAGE_SCHEMES, organisation.pk)
    errors = {}
    if kind not in LetterKind.values:
        errors["kind"] = _("Choose a letter.")
    if language not in LANGS:
        errors["language"] = _("Choose a language.")
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors[field] = _("This cannot be empty.")
        unknown = check_placeholders(text)
        if unknown:
            errors[field] = _("Unknown placeholders: %(names)s. Use only: %(allowed)s.") % {
                "names": ", ".join("{%s}" % u for u in unknown),
                "allowed": ", ".join("{%s}" % p for p in PLACEHOLDERS),
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tpl, _created = LetterTemplate.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            language=language,
            defaults={
                "subject": subject.strip()[:300],
                "body": body.strip(),
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=tpl,
            organisation_id=organisation.pk,
            detail={"kind": kind, "language": language},
        )
    return tpl


def letter_template_for(organisation_id: int, kind: str, language: str) -> LetterTemplate | None:
    rows = list(
        LetterTemplate.objects.filter(
            kind=kind, language=language, organisation_id__in=[organisation_id]
        )
    ) or list(LetterTemplate.objects.filter(kind=kind, language=language, organisation=None))
    return rows[0] if rows else None


def letter_pdf(*, application: Application, kind: str, language: str, actor) -> bytes:
    """The letter as PDF in ``language``; the print is recorded and audited."""
    from . import letters

    org_id, colls = _member_ctx(application.member)
    _require(actor, Cap.PRINT_LETTERS, org_id, colls)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Choose a letter.")})
    if language not in LANGS:
        raise ValidationError({"language": _("Choose a language.")})
    tpl = letter_template_for(org_id, kind, language)
    if tpl is None:
        raise ValidationError({"language": _("There is no letter of this kind in this language.")})
    pdf = letters.render_pdf(application, tpl, language)
    with transaction.atomic():
        LetterPrint.objects.create(
            application=application, kind=kind, language=language, printed_by=actor
        )
        audit.record(
            audit.Action.PRINT,
            actor=actor,
            obj=application,
            organisation_id=org_id,
            member_id=application.member_id,
            detail={"letter": kind, "language": language},
        )
    return pdf


# ------------------------------------------------------------------ drives
def drive_create(
    *, organisation, scheme: Scheme, name: str, target_date: date, actor, collective=None
) -> Drive:
    from saathi.people.services import next_reference

    colls = [collective.pk] if collective is not None else []
    _require(actor, Cap.RUN_DRIVES, organisation.pk, colls)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the drive a name.")
    if target_date < timezone.localdate():
        errors["target_date"] = _("The target date is already past.")
    if collective is not None and collective.organisation_id != organisation.pk:
        errors["collective"] = _("Choose a collective of the organisation.")
    if scheme.replaced_at is not None or not (
        Scheme.objects.catalogue_for([organisation.pk]).filter(pk=scheme.pk).exists()
    ):
        errors["scheme"] = _("Choose a scheme of the catalogue.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        drive = Drive.objects.create(
            reference=next_reference("DRV")[0],
            organisation=organisation,
            collective=collective,
            scheme=scheme,
            name=name.strip()[:200],
            target_date=target_date,
            created_by=actor,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=drive,
            organisation_id=organisation.pk,
            detail={"scheme": scheme.code},
        )
    return drive


def drive_start_applications(*, drive: Drive, members, actor) -> dict:
    """Start an application under the drive's scheme for each member (one action).
    Members who already have an open application for it, or whom the scheme does not
    reach, are skipped and counted."""
    colls = [drive.collective_id] if drive.collective_id else []
    _require(actor, Cap.RUN_DRIVES, drive.organisation_id, colls)
    scheme = drive.scheme
    if scheme.replaced_at is not None:
        scheme = (
            Scheme.objects.catalogue_for([drive.organisation_id]).filter(code=scheme.code).first()
        )
        if scheme is None:
            raise ValidationError(_("The drive's scheme is no longer in the catalogue."))
    members = list(members)
    busy = set(
        Application.objects.filter(
            member__in=members, scheme__code=scheme.code, status__in=OPEN_STATUSES
        ).values_list("member_id", flat=True)
    )
    started, skipped = 0, 0
    with transaction.atomic():
        for m in members:
            if m.organisation_id != drive.organisation_id or m.pk in busy:
                skipped += 1
                continue
            if not scheme.applies_in(m.state) or m.archived_at is not None:
                skipped += 1
                continue
            application_start(
                member=m,
                scheme=scheme,
                actor=actor,
                drive=drive,
                deadline=drive.target_date,
                check_duplicate=False,
            )
            started += 1
    return {"started": started, "skipped": skipped}
