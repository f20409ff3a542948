"""Complementary suppression of small counts in a table with margins (ADR 0029).

Users who see aggregates only never see a count from 1 to 4 (primary suppression). That
is not enough when totals are shown: 5, <5, <5 against a total of 13 gives 4 and 4. So
:func:`suppress_table` also hides, in every relation "cells of a row (or column) add up
to its total", enough other counts that no hidden one can be worked out from the shown
ones and the totals:

* every relation holds no hidden count, or at least two;
* the hidden counts of a relation are never all small ones whose sum pins them (k small
  counts adding up to k or to 4k), nor all zeros under a shown total;
* a margin that is not shown is an unknown like a hidden count.

A second hidden count is the smallest shown non-zero cell of the relation (the least
information lost), else a zero, else the margin. Every hidden count is shown the same way
(:data:`HIDDEN`), so a reader cannot tell a small count from one hidden to protect it.
``saathi/core/tests/test_suppression.py`` proves it with Hypothesis and a solver that
searches every table consistent with what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "*"


@dataclass
class Suppressed:
    """Which counts to hide: ``cells[r][c]``, ``row_totals[r]``, ``col_totals[c]``, ``total``."""

    cells: list[list[bool]]
    row_totals: list[bool]
    col_totals: list[bool]
    total: bool

    def cell(self, r: int, c: int) -> bool:
        return self.cells[r][c]


def suppress_table(
    cells: list[list[int]],
    *,
    row_totals: bool = True,
    col_totals: bool = True,
    total: bool = True,
    threshold: int = THRESHOLD,
) -> Suppressed:
    """Hide the small counts of ``cells`` and what would give them away.

    ``row_totals``/``col_totals``/``total``: whether the page shows each row's sum, each
    column's sum and the grand total (they are the sums of the cells: only counts that
    add up belong in one table; a margin that is not a plain sum is not a margin here).
    A margin that is not shown is hidden from the start.
    """
    n_rows = len(cells)
    n_cols = len(cells[0]) if n_rows else 0
    # elements: ("c", r, c), ("r", r), ("k", c), ("t",)
    value: dict[tuple, int] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            value[("c", r, c)] = int(cells[r][c])
    for r in range(n_rows):
        value[("r", r)] = sum(cells[r])
    for c in range(n_cols):
        value[("k", c)] = sum(cells[r][c] for r in range(n_rows))
    value[("t",)] = sum(value[("r", r)] for r in range(n_rows))
    hidden = {e for e, v in value.items() if 0 < v < threshold}
    unknown: set[tuple] = set()  # margins that are not shown
    if not row_totals:
        unknown |= {("r", r) for r in range(n_rows)}
    if not col_totals:
        unknown |= {("k", c) for c in range(n_cols)}
    if not total:
        unknown.add(("t",))
    relations: list[list[tuple]] = [
        [("c", r, c) for c in range(n_cols)] + [("r", r)] for r in range(n_rows)
    ]
    relations += [[("c", r, c) for r in range(n_rows)] + [("k", c)] for c in range(n_cols)]
    relations.append([("r", r) for r in range(n_rows)] + [("t",)])
    relations.append([("k", c) for c in range(n_cols)] + [("t",)])

    derived: set = set()  # margins not shown that the shown counts give away anyway

    def secret(e) -> bool:
        return e in hidden or (e in unknown and e not in derived)

    def exposed(rel) -> bool:
        secrets = [e for e in rel if secret(e)]
        if not any(e in hidden for e in secrets):
            return False
        if len(secrets) == 1:
            return True
        if any(e not in hidden for e in secrets):
            return False
        if not secret(rel[-1]) and sum(value[e] for e in secrets) == 0:
            return True  # hidden zeros under a shown total: counts are never negative
        small = [value[e] for e in secrets]
        if all(0 < v < threshold for v in small):
            return sum(small) in (len(small), len(small) * (threshold - 1))
        return False

    changed = True
    while changed:
        changed = False
        for rel in relations:
            secrets = [e for e in rel if secret(e)]
            if len(secrets) == 1 and secrets[0] not in hidden:
                derived.add(secrets[0])  # a margin not shown, but worked out from this one
                changed = True
                continue
            if not exposed(rel):
                continue
            shown = [e for e in rel if not secret(e)]
            if not shown:
                continue
            # the least information lost: a cell before a margin, a non-zero before a zero
            # (a hidden zero pins nothing down when its neighbours are hidden too), small first
            best = min(shown, key=lambda e: (e[0] != "c", value[e] == 0, value[e]))
            hidden.add(best)
            changed = True
    return Suppressed(
        cells=[[("c", r, c) in hidden for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[("r", r) in hidden or ("r", r) in unknown for r in range(n_rows)],
        col_totals=[("k", c) in hidden or ("k", c) in unknown for c in range(n_cols)],
        total=("t",) in hidden or ("t",) in unknown,
    )


def shown(n: int, hidden: bool) -> str:
    """A count as the page writes it: :data:`HIDDEN`, or the number with Indian grouping."""
    from .templatetags.saathi import indian_grouping

    return HIDDEN if hidden else indian_grouping(n)


def suppress_column(counts: list[int], *, total: bool = True) -> tuple[list[bool], bool]:
    """One column of counts and (if shown) their total: which to hide."""
    s = suppress_table([[n] for n in counts], row_totals=False, col_totals=total, total=total)
    return [row[0] for row in s.cells], s.col_totals[0] if counts else s.total


def suppress_linked(
    values: dict,
    relations: list[tuple[list, object]],
    *,
    threshold: int = THRESHOLD,
) -> set:
    """Which counts to hide in several tables that share their margins (ADR 0037).

    ``values`` maps a key (any hashable: a cell, a row total, a grand total) to its count;
    ``relations`` lists ``(parts, whole)``: the counts of ``parts`` add up to ``whole``
    (each row and column of each table; a margin shared by two tables is one key, so a
    page that shows a table by collective and another by month of the same records is
    suppressed as one). Returns the keys to hide, such that

    * no count from 1 to ``threshold - 1`` is shown;
    * no relation has exactly one count unknown (hidden, or a whole not in ``values``),
      nor hidden parts under a shown whole that add up to 1..``threshold - 1`` (the
      difference of two shown counts), nor hidden small counts that pin each other
      (k of them adding up to k or to k × (threshold − 1)), nor hidden zeros alone under a
      shown whole;
    * no part of a relation is shown with its whole when they differ by 1..``threshold - 1``
      (the records of the whole that are not in the part would be a small count).

    Like :func:`suppress_table`, the counts added to the hidden ones are the smallest
    shown cells of the relation (the least information lost). Hiding only grows, so the
    loop ends; ``saathi/wellbeing/tests/test_figures.py`` checks the guarantees with
    Hypothesis over linked tables.
    """
    hidden = {k for k, v in values.items() if 0 < v < threshold}
    small = range(1, threshold)

    def val(k) -> int:
        return values.get(k, 0)

    def unknown(k) -> bool:
        return k in hidden or k not in values

    changed = True
    while changed:
        changed = False
        for parts, whole in relations:
            secret_parts = [p for p in parts if unknown(p)]
            shown_parts = [p for p in parts if not unknown(p)]
            whole_unknown = unknown(whole)
            need = False
            if whole_unknown:
                if whole in hidden and not secret_parts:
                    need = True  # a hidden whole that its shown parts give away
            elif secret_parts:
                vals = [val(p) for p in secret_parts]
                total = sum(vals)
                need = (
                    len(vals) == 1
                    # 0: hidden zeros pinned (counts are never negative); 1..4: the
                    # difference of two shown counts is a small count
                    or total < threshold
                    # k small counts adding up to k or to 4k pin each one
                    or (
                        all(v in small for v in vals)
                        and total in (len(vals), len(vals) * (threshold - 1))
                    )
                )
            if not whole_unknown:
                close = [p for p in shown_parts if val(whole) - val(p) in small]
                if close:
                    hidden.update(close)
                    changed = True
                    continue
            if not need:
                continue
            candidates = [p for p in shown_parts if p in values]
            if candidates:
                best = min(candidates, key=lambda p: (val(p) == 0, val(p)))
                hidden.add(best)
            elif not whole_unknown:
                hidden.add(whole)
            else:
                continue
            changed = True
    return hidden
