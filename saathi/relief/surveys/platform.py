"""The platform's own forms, published to the same ODK clients as the uploaded ones
(ADR 0040): the attendance of a collective's session, a relief distribution with its
acknowledgement photo, and a needs assessment tied to a member.

Each is an XLSForm made here (labels in English, Hindi, Bengali and Telugu from this app's
catalogue) and compiled by pyxform like any upload. Its choices of members, sessions and
items come from CSV files made for the phone that asks, within its user's scope, at the
moment it asks (``media_csv``); they are never stored.

A submission goes through the service the web page uses (``collectives.services``
``session_create``/``attendance_record``, ``relief.services.distribution_record``) with
the phone's user as the actor. What a service or this module refuses (already given,
no consent, a member outside her scope, a session whose attendance was saved after the
form was started) raises :class:`RuleBroken`: the submission is then kept for review,
never applied silently (``services.openrosa_submit``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core import policy
from saathi.core.policy import Cap

# bump when a form below changes: every organisation's form gets a new version, which
# ODK clients see as an update
PLATFORM_VERSION = "2026120301"
FORM_IDS = {
    "attendance": "saathi_attendance",
    "distribution": "saathi_distribution",
    "needs": "saathi_needs",
}
# the files the platform makes for each phone (never uploaded, never stored)
GENERATED_FILES = ("members.csv", "sessions.csv", "items.csv")
LANGUAGES = (
    ("en", "English (en)"),
    ("hi", "Hindi (hi)"),
    ("bn", "Bengali (bn)"),
    ("te", "Telugu (te)"),
)
NEW_SESSION = "new"
SESSION_WINDOW_PAST = timedelta(days=60)
SESSION_WINDOW_AHEAD = timedelta(days=7)
ITEM_ENDED_GRACE = timedelta(days=30)


# ------------------------------------------------------------------ rules
class Rule:
    """Why a platform submission is kept for review (stored as the code)."""

    FORM = "form"  # a rule of the form itself (constraint, required, type)
    ALREADY_DISTRIBUTED = "already_distributed"
    NO_CONSENT = "no_consent"
    MEMBER_OUTSIDE_SCOPE = "member_outside_scope"
    MEMBER_LEFT = "member_left"
    SESSION_CLOSED = "session_closed"
    SESSION_NOT_FOUND = "session_not_found"
    ITEM_NOT_FOUND = "item_not_found"
    PHOTO_MISSING = "photo_missing"
    NOT_ALLOWED = "not_allowed"
    INVALID = "invalid"

    LABELS = {
        FORM: gettext_lazy("Some answers break the form's rules"),
        ALREADY_DISTRIBUTED: gettext_lazy("Her household already received this item"),
        NO_CONSENT: gettext_lazy("No consent to registration and services"),
        MEMBER_OUTSIDE_SCOPE: gettext_lazy("The member is not within the phone's reach"),
        MEMBER_LEFT: gettext_lazy("Someone ticked present has left the collective"),
        SESSION_CLOSED: gettext_lazy(
            "The session's attendance was saved by someone else after this form was started"
        ),
        SESSION_NOT_FOUND: gettext_lazy("The session is no longer on the collective's list"),
        ITEM_NOT_FOUND: gettext_lazy("The item is no longer in an open programme"),
        PHOTO_MISSING: gettext_lazy("The photo of the acknowledgement has not arrived"),
        NOT_ALLOWED: gettext_lazy("The phone's user may not record this"),
        INVALID: gettext_lazy("The record was refused"),
    }

    @classmethod
    def label(cls, code: str) -> str:
        return str(cls.LABELS.get(code, cls.LABELS[cls.INVALID]))


class RuleBroken(Exception):
    def __init__(self, rule: str, detail: dict | None = None, messages: dict | None = None):
        super().__init__(rule)
        self.rule = rule
        self.detail = detail or {}  # facts (dates, counts, field names): no answers
        self.messages = messages or {}  # field -> message, in the current language


@dataclass
class Fix:
    """What a reviewer adds before applying a kept submission."""

    repeat_reason: str = ""
    confirm_overwrite: bool = False  # attendance saved meanwhile: the phone's list wins
    leave_out_left: bool = False  # members who left are not marked present
    answers: dict = field(default_factory=dict)  # corrected answers (form rules)


# ------------------------------------------------------------------ the forms
def _labels(text) -> list[str]:
    out = []
    for code, _key in LANGUAGES:
        with translation.override(code):
            out.append(str(text))
    return out


def _xlsx(rows: list[tuple], choices: list[tuple], kind: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(
        ["type", "name"]
        + [f"label::{k}" for _c, k in LANGUAGES]
        + [f"hint::{k}" for _c, k in LANGUAGES]
        + ["required", "relevant", "constraint", "default", "appearance"]
    )
    for r in rows:
        qtype, name, label, hint, required, relevant, constraint, default, appearance = (
            list(r) + [""] * 9
        )[:9]
        ws.append(
            [qtype, name]
            + (_labels(label) if label else [""] * 4)
            + (_labels(hint) if hint else [""] * 4)
            + [required, relevant, constraint, default, appearance]
        )
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name"] + [f"label::{k}" for _c, k in LANGUAGES])
    for list_name, name, label in choices:
        ch.append([list_name, name] + _labels(label))
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title", "version", "default_language"])
    with translation.override("en"):
        from .models import Survey

        title = str(Survey.Platform(kind).label)
    st.append([FORM_IDS[kind], title, PLATFORM_VERSION, "English (en)"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _yes_no() -> list[tuple]:
    return [("yn", "yes", gettext_lazy("Yes")), ("yn", "no", gettext_lazy("No"))]


def form_xlsx(kind: str) -> bytes:
    """The XLSForm of one platform form."""
    from saathi.collectives.models import SessionKind
    from saathi.relief.models import Distribution

    if kind == "attendance":
        rows = [
            ("start", "start"),
            (
                "select_one_from_file sessions.csv",
                "session",
                gettext_lazy("Which session?"),
                gettext_lazy("Choose “A new session” if it was not planned on Saathi."),
                "yes",
            ),
            (
                "begin_group",
                "new_session",
                gettext_lazy("The new session"),
                "",
                "",
                "${session} = 'new'",
            ),
            ("select_one kinds", "kind", gettext_lazy("Kind of session"), "", "yes"),
            ("date", "on", gettext_lazy("Date of the session"), "", "yes", "", ". <= today()"),
            ("text", "place", gettext_lazy("Place")),
            (
                "select_one_from_file members.csv",
                "led_by",
                gettext_lazy("Led by (a leader)"),
                gettext_lazy(
                    "Leave empty if a facilitator led it: the phone's user is then noted."
                ),
                "",
                "",
                "",
                "",
                "autocomplete",
            ),
            ("end_group", ""),
            (
                "select_multiple_from_file members.csv",
                "present",
                gettext_lazy("Who came? Tick every member present."),
            ),
            (
                "integer",
                "guests",
                gettext_lazy("Guests who are not members"),
                "",
                "",
                "",
                ". >= 0 and . <= 10000",
                "0",
            ),
        ]
        choices = [("kinds", k.value, k.label) for k in SessionKind]
    elif kind == "distribution":
        photo = "${ack_method} = 'signature' or ${ack_method} = 'thumbprint'"
        rows = [
            ("start", "start"),
            ("select_one_from_file items.csv", "item", gettext_lazy("What was given?"), "", "yes"),
            (
                "select_one_from_file members.csv",
                "member",
                gettext_lazy("To whom?"),
                "",
                "yes",
                "",
                "",
                "",
                "autocomplete",
            ),
            (
                "date",
                "distributed_on",
                gettext_lazy("On which day?"),
                "",
                "yes",
                "",
                ". <= today()",
            ),
            ("select_one modes", "mode", gettext_lazy("How was it given?"), "", "yes"),
            (
                "decimal",
                "quantity",
                gettext_lazy("How many (goods)?"),
                gettext_lazy("Leave empty for one."),
                "",
                "${mode} = 'in_kind'",
                ". > 0",
            ),
            (
                "decimal",
                "amount",
                gettext_lazy("Amount in rupees (money)"),
                gettext_lazy("Leave empty for the item's usual amount."),
                "",
                "${mode} != 'in_kind'",
                ". > 0",
            ),
            (
                "select_one acks",
                "ack_method",
                gettext_lazy("How did she acknowledge it?"),
                "",
                "yes",
            ),
            (
                "image",
                "ack_photo",
                gettext_lazy("Photo of her signature or thumbprint"),
                "",
                "yes",
                photo,
                "",
                "",
                "",
            ),
            ("text", "place", gettext_lazy("Place")),
            ("text", "handed_over_by", gettext_lazy("Who handed it over?"), "", "yes"),
            (
                "text",
                "repeat_reason",
                gettext_lazy("If her household already received it this round: why again?"),
                gettext_lazy("Leave empty otherwise."),
            ),
        ]
        choices = [("modes", m.value, m.label) for m in Distribution.Mode] + [
            ("acks", a.value, a.label) for a in Distribution.Ack if a != Distribution.Ack.OTP
        ]
    elif kind == "needs":
        rows = [
            ("start", "start"),
            (
                "select_one_from_file members.csv",
                "member",
                gettext_lazy("Whose household?"),
                "",
                "yes",
                "",
                "",
                "",
                "autocomplete",
            ),
            (
                "integer",
                "hh_size",
                gettext_lazy("People in her household"),
                "",
                "yes",
                "",
                ". > 0 and . <= 30",
            ),
            (
                "select_one yn",
                "food_short",
                gettext_lazy("Did the household go without enough food last week?"),
                "",
                "yes",
            ),
            (
                "select_one yn",
                "ration_card",
                gettext_lazy("Does the household have a ration card?"),
                "",
                "yes",
            ),
            (
                "select_one yn",
                "income_lost",
                gettext_lazy("Did she lose income this month?"),
                "",
                "yes",
            ),
            ("select_multiple needs", "needs", gettext_lazy("What does the household need most?")),
            (
                "text",
                "notes",
                gettext_lazy("Anything else the household needs"),
                gettext_lazy("Do not write her health or her history here."),
            ),
        ]
        choices = _yes_no() + [
            ("needs", "food", gettext_lazy("Food")),
            ("needs", "rent", gettext_lazy("Rent")),
            ("needs", "medicine", gettext_lazy("Medicine")),
            ("needs", "school", gettext_lazy("School fees")),
            ("needs", "debt", gettext_lazy("Paying back a debt")),
            ("needs", "work", gettext_lazy("Work")),
        ]
    else:
        raise ValueError(kind)
    return _xlsx(rows, choices, kind)


def kinds_for(device) -> list[str]:
    """The platform forms a phone gets: those its user may record for its collective."""
    user, org, coll = device.user, device.organisation_id, [device.collective_id]
    kinds = []
    if policy.has_cap_for(user, Cap.RECORD_SESSIONS, org, coll):
        kinds.append("attendance")
    if policy.has_cap_for(user, Cap.RECORD_DISTRIBUTIONS, org, coll):
        kinds.append("distribution")
    if policy.has_cap_for(user, Cap.RECORD_RESPONSES, org, coll):
        kinds.append("needs")
    return kinds


def ensure_platform_surveys(organisation, actor):
    """The organisation's platform forms, made (or given a new version when this module's
    forms changed) on first need. Idempotent; returns {kind: survey}."""
    from .models import Survey, SurveyVersion
    from .xlsform import compile_xlsform, xform_for

    have = {
        s.platform: s for s in Survey.objects.filter(organisation=organisation).exclude(platform="")
    }
    latest = {
        v.survey_id: v.form_version
        for v in SurveyVersion.objects.filter(survey__in=list(have.values()))
        .order_by("survey_id", "number")
        .only("survey_id", "form_version")
    }
    out = {}
    for kind in FORM_IDS:
        survey = have.get(kind)
        if survey is not None and latest.get(survey.pk) == PLATFORM_VERSION:
            out[kind] = survey
            continue
        from django.db.models import Max

        from saathi.core import audit

        form = compile_xlsform(form_xlsx(kind))
        with transaction.atomic():
            survey, _created = Survey.objects.select_for_update().get_or_create(
                organisation=organisation,
                form_id=FORM_IDS[kind],
                defaults={"title": form.title, "platform": kind},
            )
            if survey.platform != kind:  # an uploaded form took the id first: leave it
                continue
            if survey.versions.filter(form_version=PLATFORM_VERSION).exists():
                out[kind] = survey
                continue
            number = (survey.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            xform, media = xform_for(form.definition, PLATFORM_VERSION)
            version = SurveyVersion.objects.create(
                survey=survey,
                number=number,
                form_version=PLATFORM_VERSION,
                title=form.title,
                default_language=form.default_language,
                languages=form.languages,
                definition=form.definition,
                fields=form.fields,
                file_name=f"{FORM_IDS[kind]}.xlsx",
                xform=xform,
                media=media,
                uploaded_by=actor,
            )
            audit.record(
                audit.Action.CREATE,
                actor=actor,
                obj=version,
                object_id=str(survey.uuid),
                organisation_id=organisation.pk,
                detail={"survey_version": number, "platform": kind},
            )
        out[kind] = survey
    return out


# ------------------------------------------------------------------ the phone's files
def _csv(rows: list[tuple[str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "label"])
    for row in rows:
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


def scope_members(user, collective):
    """Current members of ``collective`` that ``user`` may see."""
    from saathi.people.models import Member, Membership

    in_coll = Membership.objects.filter(
        collective=collective, left_on__isnull=True, member_archived=False
    ).values("member_id")
    return Member.objects.visible_to(user).filter(pk__in=in_coll, archived_at__isnull=True)


def media_csv(device, name: str) -> bytes | None:
    """The CSV ``name`` for this phone: what its user may see now, of its collective."""
    user, coll = device.user, device.collective
    if name == "members.csv":
        rows = [
            (m.uuid.hex, f"{m.display_name} · {m.native_name}" if m.native_name else m.display_name)
            for m in scope_members(user, coll)
            .only("uuid", "display_name", "native_name")
            .order_by("display_name", "id")
        ]
        return _csv(rows)
    if name == "sessions.csv":
        from saathi.collectives.models import GroupSession

        today = timezone.localdate()
        rows = [(NEW_SESSION, _("A new session (not planned on Saathi)"))]
        for s in (
            GroupSession.objects.visible_to(user)
            .filter(
                collective=coll,
                on__gte=today - SESSION_WINDOW_PAST,
                on__lte=today + SESSION_WINDOW_AHEAD,
            )
            .order_by("-on", "-id")[:200]
        ):
            rows.append(
                (
                    s.uuid.hex,
                    " · ".join(
                        p for p in (s.on.strftime("%d/%m/%Y"), s.get_kind_display(), s.place) if p
                    ),
                )
            )
        return _csv(rows)
    if name == "items.csv":
        return _csv(
            [(i.uuid.hex, f"{i.programme.name} · {i.name}") for i in open_items(user, coll)]
        )
    return None


def open_items(user, collective):
    from django.db.models import Q

    from saathi.relief.models import Item, Programme

    today = timezone.localdate()
    programmes = (
        Programme.objects.visible_to(user, Cap.RECORD_DISTRIBUTIONS)
        .filter(organisation_id=collective.organisation_id, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - ITEM_ENDED_GRACE))
        .filter(Q(collective__isnull=True) | Q(collective=collective))
    )
    return (
        Item.objects.filter(programme__in=programmes)
        .select_related("programme")
        .order_by("programme__name", "name")[:300]
    )


# ------------------------------------------------------------------ applying
def _started(answers: dict) -> datetime | None:
    value = answers.get("start")
    if not isinstance(value, str):
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _uuid(value) -> str:
    import uuid

    try:
        return uuid.UUID(str(value or "").strip()).hex
    except ValueError:
        return ""


def _member(actor, value, memo: dict | None = None):
    from saathi.people.models import Member

    key = _uuid(value)
    member = Member.objects.visible_to(actor).filter(uuid=key).first() if key else None
    if memo is not None and member is not None:
        memo[("member", key)] = member
    if member is None or member.archived_at is not None:
        raise RuleBroken(Rule.MEMBER_OUTSIDE_SCOPE)
    return member


def _consent(member) -> None:
    """The service's own consent rule (the web page applies it too), as a rule code."""
    from saathi.relief.services.distributions import require_service_consent

    try:
        require_service_consent(member)
    except ValidationError:
        raise RuleBroken(Rule.NO_CONSENT) from None


def _refused(exc: ValidationError) -> RuleBroken:
    messages = {k: v[0] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    if not messages:
        messages = {"__all__": exc.messages[0] if exc.messages else ""}
    return RuleBroken(Rule.INVALID, {"fields": sorted(messages)}, messages)


@dataclass
class Applied:
    ref: str = ""  # "collectives.groupsession:<uuid>", "relief.distribution:<uuid>"
    member: object | None = None
    consumed: set = field(default_factory=set)  # attachments the record keeps itself


def apply(
    kind: str,
    *,
    answers: dict,
    files: dict,
    actor,
    collective,
    fix: Fix | None = None,
    dry_run: bool = False,
    memo: dict | None = None,
) -> Applied:
    """Make the record a platform submission stands for, through the module's service,
    with ``actor``'s rights. ``files``: attachment name -> (bytes, content type). Raises
    :class:`RuleBroken`; with ``dry_run``, only checks (nothing is written)."""
    fix = fix or Fix()
    try:
        if kind == "attendance":
            return _attendance(answers, actor, collective, fix, dry_run)
        if kind == "distribution":
            return _distribution(answers, files, actor, fix, dry_run, memo)
        if kind == "needs":
            member = _member(actor, answers.get("member"), memo)
            _consent(member)
            return Applied(member=member)
    except PermissionDenied:
        raise RuleBroken(Rule.NOT_ALLOWED) from None
    raise ValueError(kind)


class _DryRun(Exception):
    pass


def _attendance(answers, actor, collective, fix: Fix, dry_run: bool) -> Applied:
    from saathi.collectives import services as cs
    from saathi.collectives.models import GroupSession
    from saathi.people.models import Member, Membership

    present_keys = {_uuid(v) for v in str(answers.get("present") or "").split()}
    present_keys.discard("")
    members = dict(
        Member.objects.visible_to(actor)
        .filter(uuid__in=list(present_keys))
        .values_list("uuid", "pk")
    )
    if len(members) != len(present_keys):
        raise RuleBroken(Rule.MEMBER_OUTSIDE_SCOPE, {"count": len(present_keys) - len(members)})
    present = set(members.values())
    left = present - cs.current_member_ids(collective, present)
    if left and not fix.leave_out_left:
        raise RuleBroken(Rule.MEMBER_LEFT, {"count": len(left)})
    present -= left
    guests = answers.get("guests")
    guests = guests if isinstance(guests, int) else None
    try:
        with transaction.atomic():
            if answers.get("session") == NEW_SESSION:
                led_by = None
                if answers.get("led_by"):
                    led_by = _member(actor, answers["led_by"])
                on = answers.get("on")
                data = {
                    "kind": answers.get("kind"),
                    "on": date.fromisoformat(on) if isinstance(on, str) else None,
                    "place": answers.get("place") or "",
                    "led_by": led_by,
                    "facilitator": None if led_by else actor,
                    "guests": guests or 0,
                }
                session = cs.session_create(collective=collective, data=data, actor=actor)
            else:
                key = _uuid(answers.get("session"))
                session = (
                    GroupSession.objects.visible_to(actor)
                    .filter(uuid=key, collective=collective)
                    .first()
                    if key
                    else None
                )
                if session is None:
                    raise RuleBroken(Rule.SESSION_NOT_FOUND)
                started = _started(answers)
                taken = session.attendance_taken_at
                if taken and started and taken > started and not fix.confirm_overwrite:
                    raise RuleBroken(Rule.SESSION_CLOSED, {"taken_at": taken.isoformat()})
            current = set(
                Membership.objects.filter(
                    collective=collective, left_on__isnull=True, member_archived=False
                ).values_list("member_id", flat=True)
            )
            shown = sorted(current | present)
            for start in range(0, max(len(shown), 1), 500):
                chunk = shown[start : start + 500]
                cs.attendance_record(
                    session=session,
                    shown_ids=chunk,
                    present_ids=[m for m in chunk if m in present],
                    actor=actor,
                    guests=guests if start == 0 else None,
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        return Applied()
    except ValidationError as exc:
        raise _refused(exc) from None
    return Applied(ref=f"collectives.groupsession:{session.uuid}")


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _distribution(answers, files, actor, fix: Fix, dry_run: bool, memo=None) -> Applied:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saathi.relief.models import Distribution, Item, Programme
    from saathi.relief.services import DistributionInput, distribution_check, distribution_record

    key = _uuid(answers.get("item"))
    item = (
        Item.objects.filter(
            uuid=key, programme__in=Programme.objects.visible_to(actor, Cap.RECORD_DISTRIBUTIONS)
        )
        .select_related("programme")
        .first()
        if key
        else None
    )
    if item is None:
        raise RuleBroken(Rule.ITEM_NOT_FOUND)
    if memo is not None:
        memo[("item", key)] = item
    member = _member(actor, answers.get("member"), memo)
    _consent(member)
    on = answers.get("distributed_on")
    data = DistributionInput(
        programme=item.programme,
        item=item,
        member=member,
        distributed_on=date.fromisoformat(on) if isinstance(on, str) else timezone.localdate(),
        mode=str(answers.get("mode") or ""),
        handed_over_by=str(answers.get("handed_over_by") or ""),
        ack_method=str(answers.get("ack_method") or ""),
        quantity=_decimal(answers.get("quantity")),
        amount=_decimal(answers.get("amount")),
        place=str(answers.get("place") or ""),
        repeat_reason=fix.repeat_reason or str(answers.get("repeat_reason") or ""),
    )
    photo_name = answers.get("ack_photo") if isinstance(answers.get("ack_photo"), str) else ""
    needs_photo = data.ack_method in (Distribution.Ack.SIGNATURE, Distribution.Ack.THUMBPRINT)
    try:
        if dry_run:
            distribution_check(data, actor)
            if needs_photo and photo_name not in files:
                raise RuleBroken(Rule.PHOTO_MISSING)
            return Applied(member=member)
        upload = None
        if needs_photo:
            if photo_name not in files:
                raise RuleBroken(Rule.PHOTO_MISSING)
            upload = SimpleUploadedFile(photo_name, files[photo_name][0])
        dist = distribution_record(data=data, actor=actor, ack_upload=upload)
    except ValidationError as exc:
        if getattr(exc, "error_dict", None) and "repeat_reason" in exc.error_dict:
            raise RuleBroken(
                Rule.ALREADY_DISTRIBUTED,
                {"item": item.uuid.hex},
                {k: v[0] for k, v in exc.message_dict.items()},
            ) from None
        raise _refused(exc) from None
    return Applied(ref=f"relief.distribution:{dist.uuid}", member=member, consumed={photo_name})
