"""CSV and XLSX files for people to open in a spreadsheet.

Every cell that comes from typed or imported text is written so that a spreadsheet will
not run it as a formula. In CSV, which has no cell types, a text starting with "=", "+",
"-", "@", a tab or a carriage return, or the full-width "＝", "＋", "－", "＠" that
spreadsheets in East Asian locales read as the same signs, gets an apostrophe in front.
In XLSX every text cell is written as a string cell (never a formula), so the text is
kept exactly as typed ("=1+2" stays "=1+2", without the apostrophe). CSV carries a BOM so
that Excel shows Bengali, Telugu and Devanagari names.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = frozenset("=+-@\t\r")


def safe_cell(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value:
        first = value[0]
        # NFKC folds the full-width and small forms (＝ U+FF1D, ﹦ U+FE66, ...) to "=" etc.
        if first in FORMULA_STARTS or unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS:
            return "'" + value
    return value


def to_csv(header: list[str], rows, extra_header: list[str] | None = None) -> bytes:
    """``extra_header``: a second header row, such as HXL hashtags."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    if extra_header:
        w.writerow(extra_header)
    for r in rows:
        w.writerow([safe_cell(v) for v in r])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_cell(ws, value):
    """A string is a string cell: openpyxl would otherwise store "=..." as a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str) or not value:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def to_xlsx(header: list[str], rows, title: str, extra_header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append([_xlsx_cell(ws, v) for v in header])
    if extra_header:
        ws.append([_xlsx_cell(ws, v) for v in extra_header])
    for r in rows:
        ws.append([_xlsx_cell(ws, v) for v in r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
