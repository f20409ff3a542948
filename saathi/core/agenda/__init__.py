"""The agenda and reminders of every module: each app registers what it puts on them.

An app calls :func:`register` in its ``AppConfig.ready()`` with a kind name
(``"legal.hearing"``), a label, a function ``entries(user, start, end)`` returning the
:class:`Entry` rows the user may see between two dates (both included; scoped through the
app's ``visible_to``), and optionally ``due(start, end)`` returning entries with
``user_ids`` set, for ``manage.py send_reminders``. The agenda page, the calendar feed and
the reminders read every registered kind and nothing else (ADR 0025).

A kind should yield its entries in date order (then time): a page of the agenda then reads
only the first entries of each kind that it can show (a kind found out of order is read
whole). At most :data:`MAX_PER_KIND` entries of one kind are read per window; the page
says when a kind had more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # pragma: no cover
    from saathi.accounts.models import User

logger = logging.getLogger("saathi.agenda")

# At most this many entries of one kind are read for one page or feed: an agenda longer
# than that is not read by anyone, and the bound keeps the page's time bounded.
MAX_PER_KIND = 500


@dataclass(frozen=True)
class Entry:
    key: str  # stable and unique, e.g. f"legal.hearing:{hearing.uuid}"; never reminded twice
    kind: str  # the registered kind, e.g. "legal.hearing"
    on: date
    at: time | None = None
    title: str = ""  # shown on the agenda page / calendar feed to users in scope
    url: str = ""
    place: str = ""  # neutral place, e.g. "Basirhat court complex"
    # lazy text rendered in the recipient's language; must NOT reveal a sensitive matter
    # ("Appointment, 10:30, Basirhat court complex", never "trafficking case")
    reminder: Any = ""
    user_ids: tuple[int, ...] = ()  # who gets the reminder
    # shown before every other entry, whatever its date (a follow-up after a risk, which
    # must be done within 48 hours); a kind yields its urgent entries before the others
    urgent: bool = False

    @property
    def sort_key(self) -> tuple:
        return (not self.urgent, self.on, self.at or time.min, self.key)


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any
    entries: Callable[[User, date, date], Iterable[Entry]]
    due: Callable[[date, date], Iterable[Entry]] | None = None


_registry: dict[str, Kind] = {}


def _same_function(a: Callable, b: Callable) -> bool:
    return (getattr(a, "__module__", None), getattr(a, "__qualname__", None)) == (
        getattr(b, "__module__", None),
        getattr(b, "__qualname__", None),
    )


def register(
    kind: str,
    *,
    label,
    entries: Callable[[User, date, date], Iterable[Entry]],
    due: Callable[[date, date], Iterable[Entry]] | None = None,
) -> None:
    """Put a kind of dated item on the agenda (and in reminders when ``due`` is given).

    Registering the same kind again with the same functions replaces it (a reloaded
    ``ready()``); with other functions it is a configuration error: two apps would share
    reminder keys and preferences.
    """
    if not kind or "." not in kind or len(kind) > 60:
        raise ImproperlyConfigured(f"Agenda kind {kind!r}: use 'app.thing', at most 60 characters.")
    old = _registry.get(kind)
    if old is not None and not _same_function(old.entries, entries):
        raise ImproperlyConfigured(f"Agenda kind {kind!r} is registered twice.")
    _registry[kind] = Kind(name=kind, label=label, entries=entries, due=due)


def unregister(kind: str) -> None:
    """Take a kind off (tests that register a kind of their own)."""
    _registry.pop(kind, None)


def kinds() -> list[Kind]:
    """The registered kinds, in registration order."""
    return list(_registry.values())


def get_kind(name: str) -> Kind | None:
    return _registry.get(name)


def _checked(kind: Kind, rows: Iterable[Entry]) -> Generator[Entry, None, None]:
    for e in rows:
        if not isinstance(e, Entry) or e.kind != kind.name or not e.key:
            # a programming error in one app must not take the agenda down for everyone
            logger.error("Agenda kind %s returned an invalid entry; skipped.", kind.name)
            continue
        yield e


@dataclass
class Window:
    """The entries of one user (or of the reminders) between two dates, in date order."""

    entries: list[Entry]
    truncated: list[Kind]  # kinds that had more than MAX_PER_KIND entries


def _read(kind: Kind, rows: Iterable[Entry], limit: int) -> tuple[list[Entry], bool]:
    """The first ``limit`` entries of a kind that yields in order; all of them (up to
    MAX_PER_KIND) when it does not. Returns (entries, cut at MAX_PER_KIND)."""
    got: list[Entry] = []
    in_order = True
    checked = _checked(kind, rows)
    try:
        for e in checked:
            # in order means by urgency, date and time; ties may come in any order
            if got and in_order and e.sort_key[:3] < got[-1].sort_key[:3]:
                in_order = False
                logger.warning("Agenda kind %s yields out of date order; read whole.", kind.name)
            got.append(e)
            if len(got) > MAX_PER_KIND:
                return got[:MAX_PER_KIND], True
            if in_order and len(got) >= limit:
                break
    finally:
        # a generator left half-read holds a database cursor: close it now
        checked.close()
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return got, False


def entries_for(
    user, start: date, end: date, *, only: Iterable[str] | None = None, limit: int | None = None
) -> Window:
    """Every registered kind's entries that ``user`` may see, ``start`` to ``end``, in
    date order. With ``limit``, at least the first ``limit`` of them are right (a page
    needs no more); without, up to MAX_PER_KIND of each kind."""
    wanted = set(only) if only is not None else None
    cap = MAX_PER_KIND + 1 if limit is None else max(1, limit)
    rows: list[Entry] = []
    truncated: list[Kind] = []
    for kind in kinds():
        if wanted is not None and kind.name not in wanted:
            continue
        got, cut = _read(kind, kind.entries(user, start, end), cap)
        if cut:
            truncated.append(kind)
        rows += [e for e in got if start <= e.on <= end]
    rows.sort(key=lambda e: e.sort_key)
    if limit is not None:
        rows = rows[:limit]
    return Window(entries=rows, truncated=truncated)


def due_entries(start: date, end: date) -> Iterable[tuple[Kind, Entry]]:
    """What the kinds with reminders say is due between ``start`` and ``end``."""
    for kind in kinds():
        if kind.due is None:
            continue
        for e in _checked(kind, kind.due(start, end)):
            if start <= e.on <= end and e.user_ids:
                yield kind, e
