"""CSV and XLSX files for people to open in a spreadsheet.

Every cell that comes from typed or imported text is written so that a spreadsheet will
not run it as a formula (a name starting with "=", "+", "-", "@", a tab or a carriage
return, or the full-width "＝", "＋", "－", "＠" that spreadsheets in East Asian locales
read as the same signs); CSV carries a BOM so that Excel shows Bengali, Telugu and
Devanagari names.
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


def to_xlsx(header: list[str], rows, title: str, extra_header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append(header)
    if extra_header:
        ws.append(extra_header)
    for r in rows:
        ws.append([safe_cell(v) for v in r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
