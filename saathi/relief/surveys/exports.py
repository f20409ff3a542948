"""Reading Kobo and ODK data exports (CSV with ``;`` or ``,``, or XLSX).

Columns are matched to questions by name, whatever group path is in front of it
(Kobo ``household/income``, ODK Central ``household-income``). A select_multiple answer
comes from its own column (choice names separated by spaces) or, when that is missing or
empty, from the ``needs/rent`` 0/1 columns. The instance id comes from
``meta/instanceID``, ``instanceID``, ``_uuid`` or ``KEY``; rows without one get a
digest of their content, so re-importing the same file never adds a row twice.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core.tables import IMPORT_LIMITS, read_table

from .engine import Spec

# the column that joins a household to its roster rows: Kobo's _index (its repeat sheets
# carry _parent_index), ODK Central's KEY (its repeat CSVs carry PARENT_KEY)
ROW_KEY_COLUMNS = ("_index", "KEY")
PARENT_COLUMNS = ("_parent_index", "PARENT_KEY")
INSTANCE_COLUMNS = ("meta/instanceID", "meta-instanceID", "instanceID", "_uuid", "KEY")
SUBMITTED_COLUMNS = ("_submission_time", "SubmissionDate", "submission_time")
TRUE = {"1", "1.0", "true", "True", "TRUE", "yes"}
FALSE = {"0", "0.0", "false", "False", "FALSE", "no", ""}


@dataclass
class Row:
    line: int
    values: dict
    instance_id: str
    submitted_at: datetime | None
    problem: str = ""


@dataclass
class Columns:
    questions: dict[int, str]  # column index -> question name
    choices: dict[int, tuple[str, str]]  # column index -> (select_multiple name, choice)
    instance: int | None
    submitted: int | None


def _split(header: str) -> list[str]:
    if "/" in header:
        return header.split("/")
    return header.split("-") if "-" in header else [header]


def map_columns(headers: list[str], spec: Spec) -> Columns:
    questions: dict[int, str] = {}
    choices: dict[int, tuple[str, str]] = {}
    instance = submitted = None
    multi = {q["name"]: q for q in spec.questions if q["type"] == "select_multiple"}
    for i, raw in enumerate(headers):
        h = str(raw or "").strip()
        if not h:
            continue
        if h in INSTANCE_COLUMNS:
            # meta/instanceID wins over _uuid (both are in Kobo exports, and equal)
            if instance is None or INSTANCE_COLUMNS.index(h) < INSTANCE_COLUMNS.index(
                str(headers[instance]).strip()
            ):
                instance = i
            continue
        if h in SUBMITTED_COLUMNS:
            submitted = i
            continue
        if h.startswith("_"):
            continue  # Kobo's _id, _index, _status, _validation_status, ...
        if h in spec.by_name:
            questions[i] = h
            continue
        parts = _split(h)
        if len(parts) >= 2 and parts[-2] in multi and parts[-1] in multi[parts[-2]]["choice_names"]:
            choices[i] = (parts[-2], parts[-1])
        elif parts[-1] in spec.by_name:
            questions[i] = parts[-1]
    return Columns(questions, choices, instance, submitted)


def _instance_id(value, cells) -> str:
    text = str(value or "").strip()
    if text:
        return text if text.startswith("uuid:") else f"uuid:{text}"
    digest = hashlib.sha256("\x1f".join(str(c or "") for c in cells).encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def _submitted(value) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class Export:
    def __init__(self, headers, records, total: int, spec: Spec, repeats: dict | None = None):
        self.columns = map_columns(headers, spec)
        # repeat name -> {parent key: [row, ...]} (Kobo's repeat sheets, Central's CSVs)
        self.repeats = repeats or {}
        self.key_column = next((i for i, h in enumerate(headers) if h in ROW_KEY_COLUMNS), None)
        if not self.columns.questions and not self.columns.choices:
            raise ValidationError(
                {
                    "file": _(
                        "No column of this file matches a question of the survey. Export the "
                        "data with question names (XML values and headers), not labels."
                    )
                }
            )
        self.records = records
        self.total = total
        self.width = len(headers)

    def rows(self) -> Iterator[Row]:
        cols = self.columns
        for line, cells, unreadable in self.records:
            if unreadable:
                yield Row(
                    line=line, values={}, instance_id="", submitted_at=None, problem=unreadable
                )
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            if len(cells) < self.width:
                cells = list(cells) + [None] * (self.width - len(cells))
            values: dict = {}
            problem = ""
            for i, name in cols.questions.items():
                v = cells[i]
                if v is not None and v != "":
                    values[name] = v
            picked: dict[str, list[str]] = {}
            for i, (name, choice) in cols.choices.items():
                v = cells[i]
                v = str(int(v)) if isinstance(v, bool | float | int) else str(v or "").strip()
                if v in TRUE:
                    picked.setdefault(name, []).append(choice)
                elif v not in FALSE:
                    problem = _("%(column)s: the 0/1 column holds something else.") % {
                        "column": f"{name}/{choice}"
                    }
            for name, chosen in picked.items():
                if not str(values.get(name, "") or "").strip():
                    values[name] = chosen
            if self.repeats and self.key_column is not None:
                key = _key(cells[self.key_column])
                for repeat, by_parent in self.repeats.items():
                    if key in by_parent:
                        values[repeat] = by_parent[key]
            yield Row(
                line=line,
                values=values,
                instance_id=_instance_id(
                    cells[cols.instance] if cols.instance is not None else "", cells
                )[:100],
                submitted_at=_submitted(cells[cols.submitted])
                if cols.submitted is not None
                else None,
                problem=problem,
            )


def _key(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _repeat_rows(header: list[str], rows, spec_repeat: dict) -> dict:
    """{parent key: [row]} of one repeat table: columns matched to the repeat's questions
    by the last part of their path (``person/pname``, ``person-pname``, ``pname``)."""
    children = {c["name"] for c in spec_repeat["children"]}
    parent = next((i for i, h in enumerate(header) if h in PARENT_COLUMNS), None)
    if parent is None:
        return {}
    cols = {}
    for i, h in enumerate(header):
        name = _split(str(h or ""))[-1]
        if name in children:
            cols[i] = name
    out: dict = {}
    for cells in rows:
        cells = list(cells) + [None] * (len(header) - len(cells))
        row = {name: cells[i] for i, name in cols.items() if cells[i] not in (None, "")}
        if row:
            out.setdefault(_key(cells[parent]), []).append(row)
    return out


def _match_repeat(name: str, spec: Spec):
    """The repeat a sheet or CSV is for: Kobo names the sheet after the repeat (cut to
    31 characters), Central names the CSV ``<form>-<repeat>.csv``."""
    stem = name.rsplit(".", 1)[0]
    for rep in spec.repeats:
        if stem == rep["name"] or stem == rep["name"][:31] or stem.endswith("-" + rep["name"]):
            return rep
    return None


def _kobo_repeats(data: bytes, spec: Spec) -> dict:
    """The repeat sheets of a Kobo XLSX export (every sheet after the first whose name is
    a repeat's), measured by ``read_table`` before, so bounded by the import limits."""
    from openpyxl import load_workbook

    if not spec.repeats:
        return {}
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - checked by read_table already; be safe
        return {}
    out = {}
    try:
        for ws in wb.worksheets[1:]:
            rep = _match_repeat(ws.title, spec)
            if rep is None:
                continue
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows, ()) or ()]
            out[rep["name"]] = _repeat_rows(header, rows, rep)
    finally:
        wb.close()
    return out


def _central_zip(data: bytes, spec: Spec):
    """ODK Central's zip of CSVs: the form's table and one per repeat (``PARENT_KEY``).
    Returns (main table, repeats) or None when the zip is not such an export."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    names = [n for n in zf.namelist() if n.lower().endswith(".csv") and "/" not in n]
    if not names or "[Content_Types].xml" in zf.namelist():
        return None
    main_name = min(names, key=len)  # "<form>.csv"; repeats are "<form>-<repeat>.csv"
    total = sum(zf.getinfo(n).file_size for n in names)
    if total > IMPORT_LIMITS.max_bytes:
        raise ValidationError({"file": _("The file is too large once unpacked.")})
    try:
        main = read_table(zf.read(main_name))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    repeats = {}
    for n in names:
        rep = _match_repeat(n, spec) if n != main_name else None
        if rep is None:
            continue
        try:
            table = read_table(zf.read(n))
        except ValidationError:
            continue
        repeats[rep["name"]] = _repeat_rows(table.header, (r.cells for r in table.rows()), rep)
    return main, repeats


def read_export(data: bytes, file_name: str, spec: Spec) -> Export:
    """Read the export with the one table reader (``core.tables``): CSV with ``;``, ``,``
    or tab in UTF-8 (a line that is not UTF-8 is a refused row at its line), or XLSX
    (first sheet, measured before it is parsed). With repeats: a Kobo XLSX's repeat
    sheets (``_parent_index`` -> the household's ``_index``) and ODK Central's zip of
    CSVs (``PARENT_KEY`` -> ``KEY``) put each roster row under its household."""
    repeats: dict = {}
    central = _central_zip(data, spec) if data.startswith(b"PK") else None
    if central is not None:
        table, repeats = central
    else:
        try:
            table = read_table(data)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        if table.kind == "xlsx":
            repeats = _kobo_repeats(data, spec)

    def records():
        for row in table.rows():
            yield row.line, row.cells, row.problem

    return Export(table.header, records(), max(table.total, 1), spec, repeats)
