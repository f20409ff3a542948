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
the advocate who opened the matter, and only while she still reaches it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda, policy
from saathi.core.policy import Cap

from .models import OPEN_STATUSES, LegalMatter, MatterClock

HEARING = "legal.hearing"
CLOCK = "legal.clock"
KINDS = (HEARING, CLOCK)

_MATTER_FIELDS = ("uuid", "reference", "stage", "next_date", "court_establishment")


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _hearing_entry(m, *, user_ids=()) -> agenda.Entry:
    place = m.court_establishment
    if place:
        reminder = format_lazy(
            _("Appointment on {day}, {place}."), day=_day(m.next_date), place=place
        )
    else:
        reminder = format_lazy(_("Appointment on {day}."), day=_day(m.next_date))
    stage = f" · {m.get_stage_display()}" if m.stage else ""
    return agenda.Entry(
        key=f"{HEARING}:{m.uuid}:{m.next_date:%Y%m%d}",
        kind=HEARING,
        on=m.next_date,
        title=f"{_('Next date')}: {m.reference}{stage}",
        url=reverse("legal:matter_detail", args=[m.uuid]),
        place=place,
        reminder=reminder,
        user_ids=user_ids,
    )


def _hearings(qs, start: date, end: date):
    return (
        qs.filter(status__in=OPEN_STATUSES, next_date__gte=start, next_date__lte=end)
        .only(*_MATTER_FIELDS, "created_by_id")
        .order_by("next_date", "uuid")  # the entries' order: date, then key
    )


def hearing_entries(user, start: date, end: date):
    qs = _hearings(LegalMatter.objects.visible_to(user), start, end)
    # read lazily, in date order: the agenda stops after the rows its page shows
    for m in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _hearing_entry(m)


def hearings_due(start: date, end: date):
    qs = _hearings(LegalMatter.objects.filter(created_by__isnull=False), start, end)
    for m in qs.iterator(chunk_size=2000):
        yield _hearing_entry(m, user_ids=(m.created_by_id,))


def _clock_entry(c: MatterClock, *, user_ids=()) -> agenda.Entry:
    m = c.matter
    return agenda.Entry(
        key=f"{CLOCK}:{c.uuid}:{c.due_on:%Y%m%d}",
        kind=CLOCK,
        on=c.due_on,
        title=f"{c.step_label} · {m.reference}",
        url=reverse("legal:matter_detail", args=[m.uuid]) + "#clocks",
        reminder=format_lazy(
            _("A date to follow up for {reference}: {day}."),
            reference=m.reference,
            day=_day(c.due_on),
        ),
        user_ids=user_ids,
    )


def _full_cap(user) -> str | None:
    if policy.has_cap(user, Cap.MANAGE_LEGAL):
        return Cap.MANAGE_LEGAL
    if policy.has_cap(user, Cap.REVEAL_LEGAL):
        return Cap.REVEAL_LEGAL
    return None


def _clocks(qs, start: date, end: date):
    return (
        qs.filter(due_on__gte=start, due_on__lte=end)
        .select_related("matter")
        .only(
            "uuid",
            "kind",
            "due_on",
            "step",
            "ref",
            "matter__uuid",
            "matter__reference",
            "matter__created_by_id",
        )
        .order_by("due_on", "uuid")  # the entries' order: date, then key
    )


def clock_entries(user, start: date, end: date):
    cap = _full_cap(user)
    if cap is None:  # a facilitator sees a matter's next date, not its clocks
        return
    # walk the clocks in the agenda's order and probe each one's matter: the first page
    # stops after 51 rows (an IN over the organisation's matters sorted them all)
    reachable = LegalMatter.objects.visible_to(user, cap).filter(pk=OuterRef("matter_id"))
    qs = _clocks(MatterClock.objects.filter(Exists(reachable)), start, end)
    for c in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _clock_entry(c)


def clocks_due(start: date, end: date):
    qs = _clocks(MatterClock.objects.filter(matter__created_by__isnull=False), start, end)
    for c in qs.iterator(chunk_size=2000):
        yield _clock_entry(c, user_ids=(c.matter.created_by_id,))


def register() -> None:
    agenda.register(HEARING, label=_("Hearings"), entries=hearing_entries, due=hearings_due)
    agenda.register(CLOCK, label=_("Legal clocks"), entries=clock_entries, due=clocks_due)
