"""The agenda and reminders of every module: each app registers what it puts on them.

An app calls :func:`register` in its ``AppConfig.ready()`` with a kind name
(``"legal.hearing"``), a label, and what the kind's entries are. A kind kept in the
database (every module's) gives ``select(user, start, end)``: its scoped queryset (the
app's ``visible_to``) of the rows between two dates (both included), in the agenda's order
(urgent first, then date and time), put in the agenda's common columns with
:func:`shape`, or ``None`` when the user sees none; and ``build(row, start)`` making the
:class:`Entry` of one :class:`Found` row. The agenda page and the calendar feed then read
the first rows of **every** such kind in one query (a ``UNION ALL`` of each kind's
ordered, limited query): the page costs the same queries however many kinds are
registered. A kind that is not a query (tests) may instead give ``entries(user, start,
end)`` returning the :class:`Entry` rows; it is read on its own. Optionally
``due(start, end)`` returns entries with ``user_ids`` set, for ``manage.py
send_reminders``. The agenda page, the calendar feed and the reminders read every
registered kind and nothing else (ADR 0025).

A kind gives its entries in date order (then time): a page of the agenda then reads only
the first entries of each kind that it can show (an ``entries`` kind found out of order
is read whole). At most :data:`MAX_PER_KIND` entries of one kind are read per window; the
page says when a kind had more.
"""

from __future__ import annotations

import logging
import uuid as uuidlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, models
from django.db.models import F, Value
from django.db.models.functions import Cast

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


# The agenda's common columns: every kind's query gives these (NULL where it has none),
# typed alike on every database so that one UNION ALL reads them all.
SLOTS: dict[str, models.Field] = {
    "uuid": models.UUIDField(),  # the record's, for the entry's key
    "on": models.DateField(),
    "at": models.TimeField(),
    "ref": models.TextField(),  # a human reference (APP-2026-000123)
    "text": models.TextField(),  # words of the title (an item's text, a scheme's name)
    "place": models.TextField(),  # a neutral place
    "link": models.UUIDField(),  # the uuid the entry's page is found by
    "code": models.TextField(),  # a choice's code (a stage, a session's kind)
    "num": models.IntegerField(),  # a number of the title (months), or a flag
    "urgent": models.IntegerField(),  # 1: shown before every other entry (Entry.urgent)
}
_PREFIX = "ag_"
_EXTRA = "agx_"


@dataclass(frozen=True)
class Found:
    """One row of a kind's query in the common columns (``extra``: the other columns a
    kind's reminders asked :func:`shape` for)."""

    uuid: uuidlib.UUID
    on: date
    at: time | None = None
    ref: str = ""
    text: str = ""
    place: str = ""
    link: uuidlib.UUID | None = None
    code: str = ""
    num: int | None = None
    urgent: int | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, values: dict) -> Found:
        slots: dict[str, Any] = {n: values.get(_PREFIX + n) for n in SLOTS}
        for n in ("ref", "text", "place", "code"):
            slots[n] = slots[n] or ""
        extra = {k[len(_EXTRA) :]: v for k, v in values.items() if k.startswith(_EXTRA)}
        return cls(**slots, extra=extra)


def shape(qs: models.QuerySet, *, on, uuid="uuid", **columns) -> models.QuerySet:
    """``qs`` (scoped, filtered and ordered as the agenda reads it) as ``values()`` in the
    common columns :data:`SLOTS`: each given as a field name (``"session__uuid"``) or an
    expression; those not given are typed NULLs. Other keywords (not slots) are extra
    columns for the kind's own use (who gets a reminder): the agenda page ignores them."""
    given = {"on": on, "uuid": uuid, **columns}
    exprs: dict[str, Any] = {}
    for name, out in SLOTS.items():
        v = given.pop(name, None)
        if v is None:
            exprs[_PREFIX + name] = Cast(Value(None), output_field=out)
        else:
            exprs[_PREFIX + name] = F(v) if isinstance(v, str) else v
    # named apart from the model's fields (a values() name may not be one)
    extra = {_EXTRA + k: F(v) if isinstance(v, str) else v for k, v in given.items()}
    return qs.values(**exprs, **extra)


def read(qs: models.QuerySet, chunk_size: int = 2000) -> Iterator[Found]:
    """The rows of one :func:`shape`d queryset (a kind's reminders), with their extras."""
    for values in qs.iterator(chunk_size=chunk_size):
        yield Found.of(values)


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any
    entries: Callable[[User, date, date], Iterable[Entry]]
    due: Callable[[date, date], Iterable[Entry]] | None = None
    # a kind kept in the database: its shaped query and the entry of one row
    select: Callable[[User, date, date], models.QuerySet | None] | None = None
    build: Callable[[Found, date], Entry] | None = None


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
    entries: Callable[[User, date, date], Iterable[Entry]] | None = None,
    select: Callable[[User, date, date], models.QuerySet | None] | None = None,
    build: Callable[[Found, date], Entry] | None = None,
    due: Callable[[date, date], Iterable[Entry]] | None = None,
) -> None:
    """Put a kind of dated item on the agenda (and in reminders when ``due`` is given):
    either ``select`` and ``build`` (read with every other kind in one query) or
    ``entries`` (read on its own).

    Registering the same kind again with the same functions replaces it (a reloaded
    ``ready()``); with other functions it is a configuration error: two apps would share
    reminder keys and preferences.
    """
    if not kind or "." not in kind or len(kind) > 60:
        raise ImproperlyConfigured(f"Agenda kind {kind!r}: use 'app.thing', at most 60 characters.")
    if (entries is None) == (select is None) or (select is None) != (build is None):
        raise ImproperlyConfigured(
            f"Agenda kind {kind!r}: give either select and build, or entries."
        )
    own = entries if entries is not None else select
    assert own is not None
    old = _registry.get(kind)
    if old is not None and not _same_function(old.select or old.entries, own):
        raise ImproperlyConfigured(f"Agenda kind {kind!r} is registered twice.")
    if entries is None:
        entries = partial(_entries_of_select, kind)
    _registry[kind] = Kind(
        name=kind, label=label, entries=entries, due=due, select=select, build=build
    )


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


def _selected(
    selected: list[Kind], user, start: date, end: date, cap: int
) -> dict[str, list[Entry]]:
    """The first ``cap`` entries of each database kind, all in one query: each kind's
    shaped query, ordered and limited, in a sub-select of one ``UNION ALL``. For a page
    (``cap`` within MAX_PER_KIND) the union is itself sorted in the agenda's order (urgent
    first, then date and time) and cut at ``cap`` in the window: only the rows that can be
    on the page come back and are made entries. (Each row's ``on`` and ``urgent`` are the
    entry's: a kind that shows an old row on the window's first day says so in its query.)
    """
    from django.db import DEFAULT_DB_ALIAS

    limit = min(cap, MAX_PER_KIND + 1)
    branches = []
    for kind in selected:
        assert kind.select is not None
        qs = kind.select(user, start, end)
        if qs is not None:
            branches.append((kind, qs[:limit]))
    out: dict[str, list[Entry]] = {k.name: [] for k in selected}
    if not branches:
        return out
    db = branches[0][1].db
    if any(qs.db != db for _k, qs in branches):  # pragma: no cover - one database
        raise ImproperlyConfigured("Agenda kinds must read the same database.")
    connection = connections[db or DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    names = [_PREFIX + n for n in SLOTS]
    columns = ", ".join(qn(n) for n in names)
    kind_col = qn(_PREFIX + "kind")
    parts: list[str] = []
    params: list = []
    converters: list[dict] = []
    for i, (_kind, qs) in enumerate(branches):
        compiler = qs.query.get_compiler(using=db)
        try:
            sql, p = compiler.as_sql()
        except EmptyResultSet:  # a scope that reaches nothing (``none()``)
            converters.append({})
            continue
        by_alias = {alias: expr for expr, _sql, alias in compiler.select}
        converters.append(compiler.get_converters([by_alias[n] for n in names]))
        # Django's own SQL of the kind's queryset (its values travel as parameters), our
        # column names and the branch's number (an int): nothing from a request
        alias = qn(f"ag{i:d}")
        parts.append(f"SELECT {i:d} AS {kind_col}, {columns} FROM ({sql}) {alias}")  # noqa: S608
        params.extend(p)
    if not parts:
        return out
    sql = " UNION ALL ".join(parts)
    if cap <= MAX_PER_KIND:  # a page: no kind can be cut, the order picks the rows
        on, at, urgent = (qn(_PREFIX + n) for n in ("on", "at", "urgent"))
        sql = (
            f"SELECT * FROM ({sql}) {qn('ag')} WHERE {on} >= %s AND {on} <= %s "  # noqa: S608
            f"ORDER BY COALESCE({urgent}, 0) DESC, {on} ASC, {at} ASC NULLS FIRST LIMIT {cap:d}"
        )
        params += [connection.ops.adapt_datefield_value(d) for d in (start, end)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        i = row[0]
        kind = branches[i][0]
        values = list(row[1:])
        for pos, (convs, expr) in converters[i].items():
            for convert in convs:
                values[pos] = convert(values[pos], expr, connection)
        found = Found.of(dict(zip(names, values, strict=True)))
        assert kind.build is not None
        out[kind.name].append(kind.build(found, start))
    return out


def _entries_of_select(name: str, user, start: date, end: date) -> list[Entry]:
    """A database kind's entries read on their own (the reminders' scope check)."""
    kind = _registry[name]
    got = _selected([kind], user, start, end, MAX_PER_KIND + 1)[name]
    return list(_checked(kind, got))[:MAX_PER_KIND]


def entries_for(
    user, start: date, end: date, *, only: Iterable[str] | None = None, limit: int | None = None
) -> Window:
    """Every registered kind's entries that ``user`` may see, ``start`` to ``end``, in
    date order. With ``limit``, at least the first ``limit`` of them are right (a page
    needs no more); without, up to MAX_PER_KIND of each kind. The database kinds are read
    in one query, whatever their number."""
    wanted = set(only) if only is not None else None
    cap = MAX_PER_KIND + 1 if limit is None else max(1, limit)
    rows: list[Entry] = []
    truncated: list[Kind] = []
    chosen = [k for k in kinds() if wanted is None or k.name in wanted]
    selected = _selected([k for k in chosen if k.select is not None], user, start, end, cap)
    for kind in chosen:
        if kind.select is not None:
            got = list(_checked(kind, selected[kind.name]))
            cut = len(got) > MAX_PER_KIND
            got = got[:MAX_PER_KIND]
        else:
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
