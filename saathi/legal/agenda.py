"""What legal aid puts on the agenda and in reminders (``saathi/core/agenda``, ADR 0025).

Two kinds, registered in ``LegalConfig.ready()``:

* ``legal.hearing``: the next date of every open matter, for everyone who may see that
  the matter exists (a facilitator sees the date, never what the matter is about);
* ``legal.clock``: the running clocks of a matter (``MatterClock`` rows, kept by the
  services), for those with its full view only: overdue ones come first on the agenda
  (the core sorts by date and reads a year back), each titled with its suggested next
  step. "Awarded but not paid after 30 days" is one of them, as is a past hearing that
  left no next date.

Titles name the matter's reference and, for a clock, the next step; never the member, the
offence or the accused (a calendar feed syncs to servers outside the organisation).
Reminders name only a date, a neutral place or the reference: never the offence. They go to
the matter's responsible advocate (else the advocate who opened it), and only while she
still reaches it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda, policy
from saathi.core.policy import Cap

from .clocks import STEP_LABELS
from .models import OPEN_STATUSES, LegalMatter, MatterClock, Stage

HEARING = "legal.hearing"
CLOCK = "legal.clock"
KINDS = (HEARING, CLOCK)

# who a reminder goes to: the matter's responsible advocate, else whoever opened it
_ADVOCATE = Coalesce("responsible_id", "created_by_id")


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _hearing_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    place = row.place
    if place:
        reminder = format_lazy(_("Appointment on {day}, {place}."), day=_day(row.on), place=place)
    else:
        reminder = format_lazy(_("Appointment on {day}."), day=_day(row.on))
    stage = f" · {Stage(row.code).label}" if row.code in Stage.values and row.code else ""
    return agenda.Entry(
        key=f"{HEARING}:{row.uuid}:{row.on:%Y%m%d}",
        kind=HEARING,
        on=row.on,
        title=f"{_('Next date')}: {row.ref}{stage}",
        url=reverse("legal:matter_detail", args=[row.uuid]),
        place=place,
        reminder=reminder,
        user_ids=user_ids,
    )


def _hearings(qs, start: date, end: date, **extra):
    qs = qs.filter(status__in=OPEN_STATUSES, next_date__gte=start, next_date__lte=end).order_by(
        "next_date",
        "uuid",  # the entries' order: date, then key
    )
    return agenda.shape(
        qs, on="next_date", ref="reference", code="stage", place="court_establishment", **extra
    )


def hearing_select(user, start: date, end: date):
    return _hearings(LegalMatter.objects.visible_to(user), start, end)


def hearings_due(start: date, end: date):
    qs = LegalMatter.objects.filter(created_by__isnull=False)
    for row in agenda.read(_hearings(qs, start, end, advocate=_ADVOCATE)):
        yield _hearing_entry(row, user_ids=(row.extra["advocate"],))


def _clock_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{CLOCK}:{row.uuid}:{row.on:%Y%m%d}",
        kind=CLOCK,
        on=row.on,
        title=f"{STEP_LABELS.get(row.code, row.code)} · {row.ref}",
        url=reverse("legal:matter_detail", args=[row.link]) + "#clocks",
        reminder=format_lazy(
            _("A date to follow up for {reference}: {day}."), reference=row.ref, day=_day(row.on)
        ),
        user_ids=user_ids,
    )


def _full_cap(user) -> str | None:
    if policy.has_cap(user, Cap.MANAGE_LEGAL):
        return Cap.MANAGE_LEGAL
    if policy.has_cap(user, Cap.REVEAL_LEGAL):
        return Cap.REVEAL_LEGAL
    return None


def _clocks(qs, start: date, end: date, **extra):
    qs = qs.filter(due_on__gte=start, due_on__lte=end).order_by(
        "due_on",
        "uuid",  # the entries' order: date, then key
    )
    return agenda.shape(
        qs, on="due_on", code="step", ref="matter__reference", link="matter__uuid", **extra
    )


def clock_select(user, start: date, end: date):
    cap = _full_cap(user)
    if cap is None:  # a facilitator sees a matter's next date, not its clocks
        return None
    # walk the clocks in the agenda's order and probe each one's matter: the first page
    # stops after 51 rows (an IN over the organisation's matters sorted them all)
    reachable = LegalMatter.objects.visible_to(user, cap).filter(pk=OuterRef("matter_id"))
    return _clocks(MatterClock.objects.filter(Exists(reachable)), start, end)


def clocks_due(start: date, end: date):
    qs = MatterClock.objects.filter(matter__created_by__isnull=False)
    advocate = Coalesce("matter__responsible_id", "matter__created_by_id")
    for row in agenda.read(_clocks(qs, start, end, advocate=advocate)):
        yield _clock_entry(row, user_ids=(row.extra["advocate"],))


def register() -> None:
    agenda.register(
        HEARING,
        label=_("Hearings"),
        select=hearing_select,
        build=_hearing_entry,
        due=hearings_due,
    )
    agenda.register(
        CLOCK, label=_("Legal clocks"), select=clock_select, build=_clock_entry, due=clocks_due
    )
