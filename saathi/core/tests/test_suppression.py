"""Complementary suppression (issue 11.9): no hidden count can be worked out from the
shown counts and totals, for any table."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from saathi.core.suppression import THRESHOLD, suppress_column, suppress_table

tables = st.integers(1, 3).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 6), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)
margins = st.tuples(st.booleans(), st.booleans(), st.booleans())


def _published(cells, s, row_totals, col_totals, total):
    rows, cols = len(cells), len(cells[0])
    shown_rows = {r: sum(cells[r]) for r in range(rows) if row_totals and not s.row_totals[r]}
    shown_cols = {
        c: sum(cells[r][c] for r in range(rows))
        for c in range(cols)
        if col_totals and not s.col_totals[c]
    }
    grand = sum(map(sum, cells)) if total and not s.total else None
    return shown_rows, shown_cols, grand


def solutions(cells, s, row_totals, col_totals, total, cap):
    """Every table of non-negative counts that agrees with what the page shows (an
    attacker's solver); hidden counts range over 0..cap. A generator: the caller stops as
    soon as it has seen enough, so no list of every solution is ever held."""
    rows, cols = len(cells), len(cells[0])
    shown_rows, shown_cols, grand = _published(cells, s, row_totals, col_totals, total)
    hidden = [(r, c) for r in range(rows) for c in range(cols) if s.cells[r][c]]
    grid = [[None if s.cells[r][c] else cells[r][c] for c in range(cols)] for r in range(rows)]

    def ok(final: bool) -> bool:
        for r, want in shown_rows.items():
            have = [v for v in grid[r] if v is not None]
            if sum(have) > want or (final or len(have) == cols) and sum(have) != want:
                return False
        for c, want in shown_cols.items():
            have = [grid[r][c] for r in range(rows) if grid[r][c] is not None]
            if sum(have) > want or (final or len(have) == rows) and sum(have) != want:
                return False
        if grand is not None:
            have = [v for row in grid for v in row if v is not None]
            if sum(have) > grand or final and sum(have) != grand:
                return False
        return True

    def go(i):
        if i == len(hidden):
            if ok(True):
                yield [row[:] for row in grid]
            return
        r, c = hidden[i]
        for v in range(cap + 1):
            grid[r][c] = v
            if ok(False):
                yield from go(i + 1)
            grid[r][c] = None

    if ok(False):
        yield from go(0)


def _check(cells, row_totals, col_totals, total):
    s = suppress_table(cells, row_totals=row_totals, col_totals=col_totals, total=total)
    rows, cols = len(cells), len(cells[0])
    # every small count is hidden (and every small margin the page would show)
    for r in range(rows):
        for c in range(cols):
            if 0 < cells[r][c] < THRESHOLD:
                assert s.cells[r][c]
    # each relation holds no hidden count or at least two secrets
    for r in range(rows):
        if row_totals and not s.row_totals[r]:
            assert sum(s.cells[r]) != 1, (cells, s)
    for c in range(cols):
        if col_totals and not s.col_totals[c]:
            assert sum(s.cells[r][c] for r in range(rows)) != 1, (cells, s)
    # the solver: every hidden count, and every small hidden margin, could be at least two
    # values; the search stops once each has shown two and the true table was met
    cap = max(max(map(max, cells)), THRESHOLD) + 2
    targets = {
        ("cell", r, c): (lambda sol, r=r, c=c: sol[r][c])
        for r in range(rows)
        for c in range(cols)
        if s.cells[r][c]
    }
    for r in range(rows):
        if s.row_totals[r] and 0 < sum(cells[r]) < THRESHOLD:
            targets[("row", r)] = lambda sol, r=r: sum(sol[r])
    for c in range(cols):
        if s.col_totals[c] and 0 < sum(cells[x][c] for x in range(rows)) < THRESHOLD:
            targets[("col", c)] = lambda sol, c=c: sum(sol[x][c] for x in range(rows))
    seen: dict = {k: set() for k in targets}
    met = False
    for sol in solutions(cells, s, row_totals, col_totals, total, cap):
        met = met or sol == cells
        for k, f in targets.items():
            if len(seen[k]) < 2:
                seen[k].add(f(sol))
        if met and all(len(v) >= 2 for v in seen.values()):
            break
    assert met, (cells, s)
    for k, values in seen.items():
        assert len(values) >= 2, (cells, (row_totals, col_totals, total), k, s)
    return s


@settings(max_examples=150, deadline=None)
@given(tables, margins)
@example([[5, 4, 4]], (True, False, False))  # the issue: 5, <5, <5 against 13
@example([[5], [4], [4]], (False, True, True))
@example([[1, 0], [0, 1]], (True, True, True))
@example([[7, 2], [7, 7]], (True, True, True))
@example([[0, 0, 1], [0, 0, 1]], (False, True, False))
def test_no_hidden_count_can_be_worked_out(cells, m):
    _check(cells, *m)


def test_the_issue_row_hides_a_third_count():
    # by collective: 5, 4, 4 against a total of 13: with only the two 4s hidden, 13 - 5 = 8
    # = 4 + 4 gives both away; a third count is hidden with them
    s = suppress_table([[5], [4], [4]], row_totals=False, col_totals=True, total=True)
    assert [row[0] for row in s.cells] == [True, True, True] or s.col_totals[0]


def test_nothing_is_hidden_without_small_counts():
    s = suppress_table([[5, 9], [12, 30]])
    assert not any(map(any, s.cells)) and not any(s.row_totals) and not s.total


def test_zeros_are_shown():
    s = suppress_table([[0, 9], [12, 0]])
    assert not any(map(any, s.cells))


@pytest.mark.parametrize(
    "counts,total_shown",
    [([5, 4, 4], True), ([1], True), ([7, 1, 9, 12], True), ([3, 3], False), ([], True)],
)
def test_suppress_column(counts, total_shown):
    hide, hide_total = suppress_column(counts, total=total_shown)
    assert all(h for n, h in zip(counts, hide, strict=True) if 0 < n < THRESHOLD)
    if total_shown and not hide_total:
        assert sum(hide) != 1
