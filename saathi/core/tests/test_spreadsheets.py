"""The one spreadsheet writer: no cell runs as a formula, whatever its first sign."""

import csv
import io

import pytest
from openpyxl import load_workbook

from saathi.core.spreadsheets import safe_cell, to_csv, to_xlsx

HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '＝HYPERLINK("http://x")',  # full-width equals sign, U+FF1D
    "＋1",  # full-width plus
    "－1",  # full-width hyphen-minus
    "＠SUM(A1)",  # full-width commercial at
    "﹦1",  # small equals sign, U+FE66
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Rina Das", "রিনা দাস", "১২৩", "", "a=b", 12, None])
def test_ordinary_cells_are_kept(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_carry_the_neutralised_cells():
    rows = [[v] for v in HOSTILE]
    text = to_csv(["name"], rows).decode("utf-8-sig")
    cells = [r[0] for r in csv.reader(io.StringIO(text))][1:]
    assert all(c.startswith("'") for c in cells)
    wb = load_workbook(io.BytesIO(to_xlsx(["name"], rows, "t")))
    values = [r[0] for r in wb.active.iter_rows(min_row=2, values_only=True)]
    assert all(v.startswith("'") for v in values)
