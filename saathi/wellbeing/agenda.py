"""What wellbeing puts on the agenda: the next counselling sessions, and the follow-ups of
a safety step (urgent: at the top of the agenda, overdue or not).

Titles name a reference only, never the member nor what the session is about (a phone
calendar syncs to third-party servers); reminders name the time and the place only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db.models import DateField, F, Value
from django.db.models.functions import Greatest, TruncDate, TruncTime
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda
from saathi.core.policy import Cap

from .models import CounsellingSession, SafetyStep

SESSION = "wellbeing.session"
SAFETY = "wellbeing.safety"


def _session_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    day = row.on.strftime("%d/%m/%Y")
    at = row.at.strftime("%H:%M") if row.at else ""
    return agenda.Entry(
        key=f"{SESSION}:{row.uuid}:{row.on:%Y%m%d}",
        kind=SESSION,
        on=row.on,
        at=row.at,
        title=format_lazy(_("Appointment ({reference})"), reference=row.ref),
        url=reverse("wellbeing:member", args=[row.link]),
        place=row.place,
        reminder=format_lazy(
            _("Appointment on {day} {at} {place}."), day=day, at=at, place=row.place
        ),
        user_ids=user_ids,
    )


def _sessions(qs, start: date, end: date, **extra):
    qs = qs.filter(next_session_on__gte=start, next_session_on__lte=end).order_by(
        "next_session_on", F("next_session_at").asc(nulls_first=True), "id"
    )
    return agenda.shape(
        qs,
        on="next_session_on",
        at="next_session_at",
        ref="reference",
        place="next_session_place",
        link="member__uuid",
        **extra,
    )


def session_select(user, start: date, end: date):
    return _sessions(CounsellingSession.objects.visible_to(user, Cap.RECORD_WELLBEING), start, end)


def session_due(start: date, end: date):
    qs = CounsellingSession.objects.all()
    for row in agenda.read(_sessions(qs, start, end, counsellor="counsellor_id")):
        yield _session_entry(row, user_ids=(row.extra["counsellor"],))


def _safety_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    at = row.at.replace(second=0, microsecond=0) if row.at else None
    e = agenda.Entry(
        key=f"{SAFETY}:{row.uuid}",
        kind=SAFETY,
        on=row.on,
        at=at,
        title=format_lazy(_("Follow-up within 48 hours ({reference})"), reference=row.ref),
        url=reverse("wellbeing:safety_step", args=[row.uuid]),
        reminder=format_lazy(
            _("Follow-up due by {at} on {day}."),
            at=f"{at:%H:%M}" if at else "",
            day=f"{row.on:%d/%m/%Y}",
        ),
        user_ids=user_ids,
        urgent=True,
    )
    # the agenda shows a window of dates; an older follow-up is shown on its first day
    return replace(e, on=start) if start is not None and e.on < start else e


def _safety(qs, start: date | None = None, **extra):
    """Every open follow-up, however late (they are never dropped off the top), on the
    day and at the time of its deadline here; with ``start``, an older one on that day
    (the agenda shows a window of dates)."""
    tz = timezone.get_current_timezone()
    on = TruncDate("follow_up_due", tzinfo=tz)
    if start is not None:
        on = Greatest(on, Value(start, output_field=DateField()))
    return agenda.shape(
        qs.open().order_by("follow_up_due", "id"),
        on=on,
        at=TruncTime("follow_up_due", tzinfo=tz),
        ref="screening__reference",
        urgent=Value(1),
        **extra,
    )


def safety_select(user, start: date, end: date):
    return _safety(SafetyStep.objects.visible_to(user), start)


def safety_due(start: date, end: date):
    from saathi.people.models import Member

    from .services import social_workers_for

    rows = list(agenda.read(_safety(SafetyStep.objects.all(), member="member_id"), 500))
    members = Member.objects.in_bulk({r.extra["member"] for r in rows})
    for row in rows:
        e = _safety_entry(row, user_ids=tuple(social_workers_for(members[row.extra["member"]])))
        if start <= e.on <= end:
            yield e


def register() -> None:
    agenda.register(
        SESSION,
        label=_("Counselling"),
        select=session_select,
        build=_session_entry,
        due=session_due,
    )
    agenda.register(
        SAFETY,
        label=_("Safety follow-ups"),
        select=safety_select,
        build=_safety_entry,
        due=safety_due,
    )
