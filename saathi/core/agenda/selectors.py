"""Reads of the agenda page and feed: every registered kind, within the user's scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from saathi.core import policy
from saathi.core.policy import Cap

from . import Entry, Kind, entries_for, get_kind, kinds

AGENDA_DAYS = 14  # the page and the feed look this far ahead
OVERDUE_DAYS = 365  # and this far back, for what is overdue
FEED_PAST_DAYS = 30  # a phone calendar keeps the past itself


def may_use(user) -> bool:
    """The agenda lists records of members: every role that reaches them (not viewers,
    who see aggregates only)."""
    return policy.has_cap(user, Cap.VIEW_MEMBERS)


@dataclass(frozen=True)
class Row:
    entry: Entry
    kind_label: object
    days: int  # from today; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def overdue_days(self) -> int:
        return -self.days


def window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=OVERDUE_DAYS), today + timedelta(days=AGENDA_DAYS)


def agenda_page(
    user, page: int = 1, *, today: date | None = None, only: Iterable[str] | None = None
) -> dict:
    """One page of the user's agenda, overdue first (earliest date first); ``only``: the
    kinds of one module (its own agenda page)."""
    today = today or timezone.localdate()
    start, end = window(today)
    size = settings.SAATHI_PAGE_SIZE
    page = max(1, page)
    found = entries_for(user, start, end, only=only, limit=page * size + 1)
    chunk = found.entries[(page - 1) * size : page * size + 1]
    rows = [_row(e, today) for e in chunk[:size]]
    return {
        "rows": rows,
        "more": len(chunk) > size,
        "page": page,
        "days": AGENDA_DAYS,
        "truncated": found.truncated,
        "kinds": kinds(),
    }


def _row(e: Entry, today: date) -> Row:
    kind: Kind | None = get_kind(e.kind)
    return Row(entry=e, kind_label=kind.label if kind else e.kind, days=(e.on - today).days)


def feed_entries(user, *, today: date | None = None) -> list[Entry]:
    today = today or timezone.localdate()
    start = today - timedelta(days=FEED_PAST_DAYS)
    end = today + timedelta(days=AGENDA_DAYS)
    return entries_for(user, start, end).entries
