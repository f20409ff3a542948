"""The one reader of uploaded tables: CSV and XLSX files people bring from a spreadsheet,
Kobo, ODK or another organisation's records (distribution lists, beneficiary lists,
survey responses).

One policy for every import (ADR 0021):

- **What the file is** is decided by its content, never its name: an ``.xlsx`` workbook
  (a zip), an old ``.xls`` (refused: save it as ``.xlsx`` or CSV UTF-8), a PDF or other
  binary file (refused), or text.
- **Text is UTF-8**, with or without a byte-order mark; UTF-16 with its mark (Excel's
  "Unicode text") is read too. A header that is not UTF-8 refuses the whole file with a
  message saying how to save it; a later line that is not UTF-8 (one cp1252 byte from a
  copy and paste) is one refused row, reported at its real line, and the other rows are
  read.
- **The delimiter** is the one of ``,``, ``;`` and tab that the header uses most (outside
  quotes); Kobo writes ``;``, Excel in many locales too.
- **Line numbers** are the file's own: the line where the row starts (a quoted cell may
  hold line breaks), or the sheet's row number. Blank rows are skipped, not numbered anew.
- **Workbooks are measured before they are parsed** (:func:`check_workbook`): the zip's
  entries, their total uncompressed size, the number of sheets and, scanning each sheet's
  XML as it streams, its rows, columns and the length of every cell. A workbook over the
  limits is refused with a message before openpyxl or pyxform build anything from it.
- **File-level problems come first.** :func:`read_table` reads the whole file once
  before it hands out any row, so a file it refuses (no header, too many rows, not
  UTF-8 text at the top, a workbook over the limits) is refused before anything is
  imported, and ``Table.total`` is the exact number of rows.

Errors are ``ValidationError`` with a message only (callers put it at their field), and
never hold a value of the file: reasons name the line, never its content.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
DELIMITERS = (",", ";", "\t")
_BOMS_16 = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class WorkbookLimits:
    """What an uploaded workbook may expand to. A compressed upload of a few MB can unpack
    to gigabytes (a 107 KB XLSForm unpacked to 100 MB); these bound what the parser sees."""

    max_bytes: int  # total uncompressed size of the zip's entries
    max_sheets: int
    max_rows: int  # per sheet, counting the header and the gaps a sheet skips
    max_columns: int
    max_cell_chars: int
    max_entries: int = 300  # files inside the zip
    # rows x columns a sheet declares (openpyxl pads each row to the declared width); None:
    # only the two limits above
    max_cells: int | None = None


MB = 1024 * 1024
# XLSForms: a large real form is a few thousand rows; choice lists can be long. Sheets saved
# from LibreOffice declare more than 1,000 columns (forms of pyxform's own suite do): any
# width Excel allows is accepted, and rows x columns is bounded (odk, issue 19).
FORM_LIMITS = WorkbookLimits(
    max_bytes=25 * MB,
    max_sheets=20,
    max_rows=50_000,
    max_columns=16_384,
    max_cell_chars=10_000,
    max_cells=3_000_000,
)
# Imports: a 200,000-row list or a Kobo export with hundreds of 0/1 choice columns.
IMPORT_LIMITS = WorkbookLimits(
    max_bytes=600 * MB,
    max_sheets=50,
    max_rows=500_001,
    max_columns=2_000,
    max_cell_chars=32_767,  # Excel's own limit for a cell
)


@dataclass
class SheetInfo:
    name: str
    rows: int = 0  # the highest row number, or the count of rows if greater
    columns: int = 0
    data_rows: int = 0  # rows with a value that is not blank


@dataclass
class WorkbookInfo:
    sheets: list[SheetInfo] = field(default_factory=list)

    def sheet(self, name: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.name == name), None)


class _TooBig(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _column_number(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n


_DIGITS = re.compile(r"\d+")


def _row_number(ref: str) -> int:
    m = _DIGITS.search(ref)
    return int(m.group()) if m else 0


def _too_many_rows(limits: WorkbookLimits) -> str:
    return _("The workbook has a sheet with more than %(n)s rows. Split it into smaller files.") % {
        "n": f"{limits.max_rows - 1:,}"
    }


def _too_many_columns(limits: WorkbookLimits) -> str:
    return _("The workbook has a sheet with more than %(n)s columns.") % {
        "n": f"{limits.max_columns:,}"
    }


def _cell_too_long(limits: WorkbookLimits) -> str:
    return _("The workbook has a cell longer than %(n)s characters.") % {
        "n": f"{limits.max_cell_chars:,}"
    }


def _parser(start, end=None, chars=None):
    p = expat.ParserCreate()  # no namespace processing: "x:row" and "row" both end in "row"
    p.buffer_text = True

    def no_doctype(*_args):
        raise _TooBig(_("The workbook cannot be read. Save it again as .xlsx."))

    p.StartDoctypeDeclHandler = no_doctype  # a workbook has no DTD (and no entities)
    p.EntityDeclHandler = no_doctype
    p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if chars:
        p.CharacterDataHandler = chars
    return p


def _feed(zf: zipfile.ZipFile, name: str, parser) -> None:
    with zf.open(name) as fh:  # zipfile never inflates past the declared size
        while chunk := fh.read(1024 * 1024):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


def _scan_sheet(zf, entry: str, info: SheetInfo, limits: WorkbookLimits) -> None:
    state = {"count": 0, "capture": False, "length": 0, "filled": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "row":
            state["count"] += 1
            state["filled"] = False
            info.rows = max(info.rows, state["count"], _row_number(attrs.get("r", "")))
            if info.rows > limits.max_rows:
                raise _TooBig(_too_many_rows(limits))
        elif tag == "c":
            ref = attrs.get("r", "")
            if ref:
                info.columns = max(info.columns, _column_number(ref))
                if info.columns > limits.max_columns:
                    raise _TooBig(_too_many_columns(limits))
                if limits.max_cells and info.rows * info.columns > limits.max_cells:
                    raise _TooBig(_too_many_rows(limits))
        elif tag in ("v", "t"):
            state["capture"], state["length"] = True, 0
        elif tag == "dimension":
            # openpyxl pads every row to the declared width: the declaration is bounded too
            last = attrs.get("ref", "").rpartition(":")[2]
            if _row_number(last) > limits.max_rows:
                raise _TooBig(_too_many_rows(limits))
            if _column_number(last) > limits.max_columns:
                raise _TooBig(_too_many_columns(limits))
            if limits.max_cells and _row_number(last) * _column_number(last) > limits.max_cells:
                raise _TooBig(_too_many_rows(limits))

    def end(tag):
        tag = _local(tag)
        if tag in ("v", "t"):
            state["capture"] = False
        elif tag == "row" and state["filled"]:
            info.data_rows += 1

    def chars(text):
        if state["capture"]:
            state["length"] += len(text)
            if state["length"] > limits.max_cell_chars:
                raise _TooBig(_cell_too_long(limits))
            if not state["filled"] and text.strip():
                state["filled"] = True

    _feed(zf, entry, _parser(start, end, chars))


def _scan_shared_strings(zf, entry: str, limits: WorkbookLimits) -> None:
    state = {"length": 0, "in_t": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            state["length"] = 0
        elif tag == "t":
            state["in_t"] = True

    def end(tag):
        if _local(tag) == "t":
            state["in_t"] = False

    def chars(text):
        if state["in_t"]:
            state["length"] += len(text)
            if state["length"] > limits.max_cell_chars:
                raise _TooBig(_cell_too_long(limits))

    _feed(zf, entry, _parser(start, end, chars))


def _sheet_entries(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, zip entry) in the workbook's order."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def rel(tag, attrs):
        if _local(tag) == "Relationship" and "Id" in attrs:
            targets[attrs["Id"]] = attrs.get("Target", "")

    def book(tag, attrs):
        if _local(tag) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))

    if "xl/_rels/workbook.xml.rels" in names:
        _feed(zf, "xl/_rels/workbook.xml.rels", _parser(rel))
    if "xl/workbook.xml" in names:
        _feed(zf, "xl/workbook.xml", _parser(book))
    out = []
    for name, rid in sheets:
        target = targets.get(rid, "")
        entry = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out.append((name, entry if entry in names else ""))
    return out


def check_workbook(data: bytes, limits: WorkbookLimits) -> WorkbookInfo:
    """Measure an uploaded .xlsx before anything parses it; raise ValidationError (a
    message) when it is not a workbook or would expand beyond ``limits``."""
    unreadable = _("The workbook cannot be read. Save it again as .xlsx.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(unreadable) from None
    with zf:
        entries = zf.infolist()
        if len(entries) > limits.max_entries:
            raise ValidationError(unreadable)
        total = sum(max(e.file_size, 0) for e in entries)
        if total > limits.max_bytes:
            raise ValidationError(
                _(
                    "The workbook unpacks to more than %(mb)s MB. Remove what the import does "
                    "not need, or split it into smaller files."
                )
                % {"mb": limits.max_bytes // MB}
            )
        names = {e.filename for e in entries}
        info = WorkbookInfo()
        try:
            sheets = _sheet_entries(zf, names)
            if not sheets:
                raise ValidationError(unreadable)
            if len(sheets) > limits.max_sheets:
                raise ValidationError(
                    _("The workbook has more than %(n)s sheets.") % {"n": limits.max_sheets}
                )
            if "xl/sharedStrings.xml" in names:
                _scan_shared_strings(zf, "xl/sharedStrings.xml", limits)
            for name, entry in sheets:
                sheet = SheetInfo(name=name)
                info.sheets.append(sheet)
                if entry:
                    _scan_sheet(zf, entry, sheet, limits)
        except _TooBig as exc:
            raise ValidationError(exc.message) from None
        except (expat.ExpatError, zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
            raise ValidationError(unreadable) from None
    return info


# --------------------------------------------------------------------------- tables
@dataclass
class TableRow:
    line: int  # the file's line (CSV: where the row starts) or the sheet's row number
    cells: list  # CSV: strings; XLSX: openpyxl values (str, int, float, datetime, None)
    problem: str = ""  # set when the row cannot be read (then ``cells`` may be partial)


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    total: int  # rows below the header that are not blank, problem rows included
    _source: Callable[[], Iterator[TableRow]] | None = None
    delimiter: str = ""

    def rows(self) -> Iterator[TableRow]:
        """The rows below the header, blank rows skipped; may be iterated again."""
        if self._source is None:
            return iter(())
        return self._source()


def _not_utf8() -> str:
    return _("The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8' and try again.")


def _line_not_utf8() -> str:
    return _("encoding: this line is not UTF-8 text (save the file as CSV UTF-8)")


def _is_binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head and not head.startswith(_BOMS_16)


def _blank(cells) -> bool:
    return not any(c is not None and str(c).strip() for c in cells)


def _header_cells(cells) -> list[str]:
    return [str(c).replace("\ufeff", "").strip() if c is not None else "" for c in cells]


def read_table(
    data: bytes, *, limits: WorkbookLimits = IMPORT_LIMITS, max_rows: int | None = None
) -> Table:
    """Read an uploaded CSV or XLSX file (the first sheet) with the one policy above.

    ``max_rows``: refuse a file with more data rows than this (before any row is used)."""
    if not data:
        raise ValidationError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC) and zipfile.is_zipfile(io.BytesIO(data)):
        table = _xlsx_table(data, limits)
    elif data.startswith(XLS_MAGIC):
        raise ValidationError(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8 and try again.")
        )
    elif data.startswith((b"%PDF", XLSX_MAGIC)) or _is_binary(data):
        raise ValidationError(_("This file is not a CSV or an Excel (.xlsx) file."))
    else:
        table = _csv_table(data)
    limit = max_rows if max_rows is not None else limits.max_rows - 1
    if table.total > limit:
        raise ValidationError(
            _("The file has more than %(n)s rows. Split it into smaller files.")
            % {"n": f"{limit:,}"}
        )
    return table


# ------------------------------------------------------------------------------ CSV
def _text_lines(data: bytes) -> tuple[Iterator[str], bool]:
    """The file's lines as text (bad bytes kept as surrogates), and whether it is UTF-16."""
    if data.startswith(_BOMS_16):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError(_not_utf8()) from None
        return iter(io.StringIO(text, newline="")), True
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[: 64 * 1024]
    split_cr = b"\n" not in head and b"\r" in head  # old Mac line ends

    def lines():
        raw_lines = (line + b"\r" for line in data.split(b"\r")) if split_cr else io.BytesIO(data)
        for raw in raw_lines:
            yield raw.decode("utf-8", errors="surrogateescape")

    return lines(), False


def _has_bad_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _delimiter(line: str) -> str:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_table(data: bytes) -> Table:
    lines, _utf16 = _text_lines(data)
    first = next(lines, "")
    if _has_bad_bytes(first):
        raise ValidationError(_not_utf8())
    delimiter = _delimiter(first)

    def records(skip_header: bool) -> Iterator[TableRow]:
        source, _u = _text_lines(data)
        reader = csv.reader(source, delimiter=delimiter)
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield TableRow(line, [], _("this line is not valid CSV"))
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if start == 1 and skip_header:
                continue
            if _blank(cells):
                continue
            if any(_has_bad_bytes(c) for c in cells):
                yield TableRow(start, [], _line_not_utf8())
            else:
                yield TableRow(start, cells)

    reader = csv.reader(io.StringIO(first), delimiter=delimiter)
    try:
        header = _header_cells(next(reader, []))
    except csv.Error:
        header = []
    if not any(header):
        raise ValidationError(_("The first line must be the header with the column names."))
    total = sum(1 for _row in records(True))
    table = Table(kind="csv", header=header, total=total, delimiter=delimiter)
    table._source = lambda: records(True)
    return table


# ----------------------------------------------------------------------------- XLSX
def _xlsx_table(data: bytes, limits: WorkbookLimits) -> Table:
    info = check_workbook(data, limits)
    first = info.sheets[0]

    def open_rows():
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise ValidationError(
                _("The workbook cannot be read. Save it again as .xlsx.")
            ) from None
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # rows as they are, not padded to a declared size
        return wb, ws.iter_rows(values_only=True)

    wb, rows = open_rows()
    try:
        header = _header_cells(next(rows, ()) or ())
    finally:
        wb.close()
    if not any(header):
        raise ValidationError(_("The first row must be the header with the column names."))

    def records() -> Iterator[TableRow]:
        wb, rows = open_rows()
        try:
            next(rows, None)
            for line, cells in enumerate(rows, start=2):
                if not cells or _blank(cells):
                    continue
                yield TableRow(line, list(cells))
        finally:
            wb.close()

    # a shared string may be blank, so this can count a blank row: a bound, for progress
    table = Table(kind="xlsx", header=header, total=max(first.data_rows - 1, 0))
    table._source = records
    return table
