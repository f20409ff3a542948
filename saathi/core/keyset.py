"""Keyset pages for long lists: "Next" goes on from the last row shown, never by an
offset, and the list's size is counted up to a cap ("more than 10,000").

An offset page walks every entry before it (a leader's page 1,498 of her supports: 75,000
index entries, 200-400 ms) and a page number needs the whole list counted on every page
(her 100,000 supports or 200,000 stock movements). Here a page starts with an index range
(``date <= the last row's date``) and stops at 51 rows, and the count stops at
``COUNT_CAP + 1`` rows: every page costs the same however deep, as the long lists of
Primero and CommCare do ("1-50 of 10,000+"). ``after`` is the uuid of the previous page's
last row, looked up through the same scoped queryset: a uuid the user does not reach (or
no longer matching the filters) gives the first page.
"""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

COUNT_CAP = 10_000


@dataclass
class KeysetPage:
    object_list: list
    after: str  # the uuid to ask for the next page with ("" on the last page)
    first: bool  # no ``after`` was asked for (or it was not found)
    count: int  # rows of the whole list, up to ``cap``
    capped: bool  # the list has more than ``cap`` rows
    cap: int = COUNT_CAP
    params: list[tuple[str, str]] = field(default_factory=list)  # the list's filters

    @property
    def has_next(self) -> bool:
        return bool(self.after)

    @property
    def paged(self) -> bool:
        """More than one page: the pager is shown."""
        return self.has_next or not self.first

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _uuid(value) -> uuid_lib.UUID | None:
    try:
        return uuid_lib.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def keyset_page(
    qs: QuerySet,
    *,
    date_field: str,
    after: str = "",
    per_page: int = 50,
    cap: int | None = None,
    params: list[tuple[str, str]] | None = None,
) -> KeysetPage:
    """One page of ``qs`` (scoped, filtered, ordered by ``-date_field, -id``; its model has
    a ``uuid``), after the row whose uuid is ``after``. ``params``: the list's other query
    parameters, kept on the pager's links; ``cap``: COUNT_CAP unless given."""
    cap = COUNT_CAP if cap is None else cap
    key = _uuid(after) if after else None
    cursor = qs.filter(uuid=key).values_list(date_field, "id").first() if key else None
    page_qs = qs
    if cursor is not None:
        on, pk = cursor
        # the first condition alone bounds an index range; the OR keeps the ties of that day
        page_qs = qs.filter(
            Q(**{f"{date_field}__lte": on}) & (Q(**{f"{date_field}__lt": on}) | Q(id__lt=pk))
        )
    rows = list(page_qs[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if cursor is None and not more:
        count = len(rows)  # the whole list is on this page
    else:
        count = qs.order_by().values("id")[: cap + 1].count()
    return KeysetPage(
        object_list=rows,
        after=str(rows[-1].uuid) if more else "",
        first=cursor is None,
        count=min(count, cap),
        capped=count > cap,
        cap=cap,
        params=[(k, v) for k, v in (params or []) if v],
    )
