"""What wellbeing puts on the agenda: the next counselling sessions, and the follow-ups of
a safety step (urgent: at the top of the agenda, overdue or not).

Titles name a reference only, never the member nor what the session is about (a phone
calendar syncs to third-party servers); reminders name the time and the place only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda
from saathi.core.policy import Cap

from .models import CounsellingSession, SafetyStep

SESSION = "wellbeing.session"
SAFETY = "wellbeing.safety"


def _session_entry(s: CounsellingSession, *, user_ids=()) -> agenda.Entry:
    assert s.next_session_on is not None
    day = s.next_session_on.strftime("%d/%m/%Y")
    at = s.next_session_at.strftime("%H:%M") if s.next_session_at else ""
    return agenda.Entry(
        key=f"{SESSION}:{s.uuid}:{s.next_session_on:%Y%m%d}",
        kind=SESSION,
        on=s.next_session_on,
        at=s.next_session_at,
        title=format_lazy(_("Appointment ({reference})"), reference=s.reference),
        url=reverse("wellbeing:member", args=[s.member.uuid]),
        place=s.next_session_place,
        reminder=format_lazy(
            _("Appointment on {day} {at} {place}."), day=day, at=at, place=s.next_session_place
        ),
        user_ids=user_ids,
    )


def session_entries(user, start: date, end: date):
    qs = (
        CounsellingSession.objects.visible_to(user, Cap.RECORD_WELLBEING)
        .filter(next_session_on__gte=start, next_session_on__lte=end)
        .select_related("member")
        .order_by("next_session_on", "next_session_at", "id")
    )
    for s in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _session_entry(s)


def session_due(start: date, end: date):
    qs = (
        CounsellingSession.objects.filter(next_session_on__gte=start, next_session_on__lte=end)
        .select_related("member")
        .order_by("next_session_on", "id")
    )
    for s in qs.iterator(chunk_size=2000):
        yield _session_entry(s, user_ids=(s.counsellor_id,))


def _safety_entry(step: SafetyStep, *, user_ids=()) -> agenda.Entry:
    due = timezone.localtime(step.follow_up_due)
    return agenda.Entry(
        key=f"{SAFETY}:{step.uuid}",
        kind=SAFETY,
        on=due.date(),
        at=due.time().replace(second=0, microsecond=0),
        title=format_lazy(
            _("Follow-up within 48 hours ({reference})"), reference=step.screening.reference
        ),
        url=reverse("wellbeing:safety_step", args=[step.uuid]),
        reminder=format_lazy(
            _("Follow-up due by {at} on {day}."), at=f"{due:%H:%M}", day=f"{due:%d/%m/%Y}"
        ),
        user_ids=user_ids,
        urgent=True,
    )


def safety_entries(user, start: date, end: date):
    """Every open follow-up she reaches, however late: they are never dropped off the top."""
    qs = (
        SafetyStep.objects.visible_to(user)
        .open()
        .select_related("screening")
        .order_by("follow_up_due", "id")
    )
    for step in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        e = _safety_entry(step)
        # the agenda shows a window of dates; an older follow-up is shown on its first day
        yield e if e.on >= start else replace(e, on=start)


def safety_due(start: date, end: date):
    from .services import social_workers_for

    qs = SafetyStep.objects.open().select_related("screening", "member").order_by("follow_up_due")
    for step in qs.iterator(chunk_size=500):
        e = _safety_entry(step, user_ids=tuple(social_workers_for(step.member)))
        if start <= e.on <= end:
            yield e


def register() -> None:
    agenda.register(SESSION, label=_("Counselling"), entries=session_entries, due=session_due)
    agenda.register(SAFETY, label=_("Safety follow-ups"), entries=safety_entries, due=safety_due)
