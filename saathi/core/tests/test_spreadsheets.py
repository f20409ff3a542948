"""The one spreadsheet writer: no cell runs as a formula, whatever its first sign."""

import csv
import io
import zipfile

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


def test_csv_carries_the_neutralised_cells():
    rows = [[v] for v in HOSTILE]
    text = to_csv(["name"], rows).decode("utf-8-sig")
    cells = [r[0] for r in csv.reader(io.StringIO(text))][1:]
    assert all(c.startswith("'") for c in cells)


def test_xlsx_writes_text_as_text_cells_without_the_apostrophe():
    rows = [[v, 3] for v in [*HOSTILE, "=1+2", "Rina Das"]]
    data = to_xlsx(["name", "n"], rows, "t")
    wb = load_workbook(io.BytesIO(data))
    cells = [r[0] for r in wb.active.iter_rows(min_row=2)]
    # the text exactly as typed, stored as a string cell: no formula, no apostrophe
    # (XML reads a carriage return as a line feed)
    expected = [v.replace("\r", "\n") for v in [*HOSTILE, "=1+2", "Rina Das"]]
    assert [c.value for c in cells] == expected
    assert all(c.data_type == "s" for c in cells)
    assert [r[1].value for r in wb.active.iter_rows(min_row=2)] == [3] * len(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
