"""Reading Kobo and ODK data exports (CSV with ``;`` or ``,``, or XLSX).

Columns are matched to questions by name, whatever group path is in front of it
(Kobo ``household/income``, ODK Central ``household-income``). A select_multiple answer
comes from its own column (choice names separated by spaces) or, when that is missing or
empty, from the ``needs/rent`` 0/1 columns. The instance id comes from
``meta/instanceID``, ``instanceID``, ``_uuid`` or ``KEY``; rows without one get a
digest of their content, so re-importing the same file never adds a row twice.

Repeats, at any depth, come from their own tables: a Kobo XLSX's sheet per repeat
(``_parent_index`` -> the ``_index`` of the row it goes under) and ODK Central's CSV per
repeat (``PARENT_KEY`` -> ``KEY``). Each row goes under its household or its outer
repeat's row, as an OpenRosa submission nests them.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core.tables import IMPORT_LIMITS, read_table

from . import engine
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
    def __init__(self, headers, records, total: int, spec: Spec, repeats: Repeats | None = None):
        self.columns = map_columns(headers, spec)
        # Kobo's repeat sheets, Central's CSVs: repeat name -> {household key: [row, ...]}
        self.repeats = repeats or Repeats()
        self.household_keys: set[str] = set()
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
            if self.repeats.by_household and self.key_column is not None:
                key = _key(cells[self.key_column])
                self.household_keys.add(key)
                for repeat, by_parent in self.repeats.by_household.items():
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

    def orphans(self) -> list[tuple[int, str]]:
        """(line, reason) of the repeat rows left out because the row they go under is
        missing; call once :meth:`rows` has been read through."""
        return self.repeats.orphans(self.household_keys)


def _key(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


@dataclass
class RepeatRow:
    line: int
    key: str  # its own key (Kobo's _index, Central's KEY): a nested repeat's parent key
    parent: str  # the key of the row it goes under (_parent_index, PARENT_KEY)
    values: dict


@dataclass
class RepeatTable:
    """One repeat's sheet (Kobo) or CSV (Central), read whole: bounded by the import
    limits, measured before."""

    rep: dict
    where: str  # the sheet's or the file's name, for the report
    key_column: str  # the column its rows' keys are in ("" when it has none)
    parent_column: str  # the column naming the row each row goes under
    rows: list[RepeatRow]
    problems: list[tuple[int, str]]  # (line, reason) of lines that cannot be read


def _repeat_table(where: str, header: list[str], records, rep: dict) -> RepeatTable:
    """Columns matched to the repeat's own questions by the last part of their path
    (``members/kids/kname``, ``kids-kname``, ``kname``)."""
    own = {c["name"] for c in engine.repeat_questions(rep)}
    header = [str(h or "").strip() for h in header]
    key = next((i for i, h in enumerate(header) if h in ROW_KEY_COLUMNS), None)
    parent = next((i for i, h in enumerate(header) if h in PARENT_COLUMNS), None)
    cols = {i: _split(h)[-1] for i, h in enumerate(header) if _split(h)[-1] in own}
    table = RepeatTable(
        rep,
        where,
        header[key] if key is not None else "",
        header[parent] if parent is not None else PARENT_COLUMNS[0],
        [],
        [],
    )
    for line, cells, problem in records:
        if problem:
            table.problems.append((line, problem))
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        cells = list(cells) + [None] * (len(header) - len(cells))
        values = {name: cells[i] for i, name in cols.items() if cells[i] not in (None, "")}
        table.rows.append(
            RepeatRow(
                line,
                _key(cells[key]) if key is not None else "",
                _key(cells[parent]) if parent is not None else "",
                values,
            )
        )
    return table


@dataclass
class Repeats:
    """The repeat tables of an export, each row put under the row it belongs to: a
    nested repeat's rows (a member's children) in their member's values, a roster's rows
    by the key of their household (the form's own table, read row by row later)."""

    by_household: dict = field(default_factory=dict)  # repeat name -> {key: [values]}
    tables: list = field(default_factory=list)  # the top-level RepeatTables
    problems: list = field(default_factory=list)  # (line, reason) of rows left out
    main: str = ""

    def orphans(self, household_keys: set[str]) -> list[tuple[int, str]]:
        """The rows left out: those nested under no row of their outer repeat (found when
        read), and the roster rows whose household is not in the form's table."""
        out = list(self.problems)
        for table in self.tables:
            for row in table.rows:
                if row.parent not in household_keys:
                    out.append((row.line, _orphan(table, self.main, row)))
        return out


def _orphan(table: RepeatTable, parent_where: str, row: RepeatRow) -> str:
    if not row.parent:
        return _(
            "In “%(table)s”: the row has no %(column)s, so it goes under no row of "
            "“%(parent)s”. It is left out; the other rows are kept."
        ) % {"table": table.where, "column": table.parent_column, "parent": parent_where}
    return _(
        "In “%(table)s”: no row of “%(parent)s” has this row's %(column)s. It is left "
        "out; the other rows are kept."
    ) % {"table": table.where, "column": table.parent_column, "parent": parent_where}


def _nest(tables: list[RepeatTable], spec: Spec, main: str) -> Repeats:
    """Put each nested repeat's rows under their outer repeat's row (by its key); the
    rows of a nested repeat whose outer row is missing are reported, the others kept."""
    parents = {id(rep): parent for rep, parent in engine.all_repeats(spec)}
    by_rep = {id(t.rep): t for t in tables}
    out = Repeats(main=main)
    for table in tables:
        out.problems.extend(
            (line, _("In “%(table)s”: %(problem)s") % {"table": table.where, "problem": p})
            for line, p in table.problems
        )
        outer = parents.get(id(table.rep))
        if outer is None:
            out.tables.append(table)
            for row in table.rows:
                out.by_household.setdefault(table.rep["name"], {}).setdefault(
                    row.parent, []
                ).append(row.values)
            continue
        outer_table = by_rep.get(id(outer))
        keyed = {}
        if outer_table is not None:
            keyed = {r.key: r.values for r in outer_table.rows if r.key}
        for row in table.rows:
            into = keyed.get(row.parent) if row.parent else None
            if into is None:
                where = outer_table.where if outer_table is not None else outer["name"]
                out.problems.append((row.line, _orphan(table, where, row)))
                continue
            into.setdefault(table.rep["name"], []).append(row.values)
    return out


_KOBO_SUFFIX = re.compile(r"^(?P<prefix>.*)\.\.\.(?: \((?P<n>\d+)\))?$")
_CENTRAL_SUFFIX = re.compile(r"^(?P<name>.+)~(?P<n>\d+)$")
SHEET_NAME_MAX = 31  # Excel's limit on a sheet's name


def _match_repeat(name: str, spec: Spec, header=(), main_stem: str = ""):
    """The repeat (at any depth) a sheet or CSV is for. Central names the CSV
    ``<form>-<repeat>.csv`` (``<form>-<repeat>~2.csv`` for the second repeat of that
    name). Kobo names the sheet after the repeat; a name longer than Excel's 31
    characters is cut to 28 and ends in "..." (formpack's ``unique_name_for_xls``,
    "... (1)" when two cut names are the same), or, by older tools, just cut to 31: then
    the sheet's columns (``members/kids/kname``) tell which of the repeats it is."""
    repeats = [rep for rep, _parent in engine.all_repeats(spec)]
    stem = name[:-4] if name.lower().endswith(".csv") else name
    if main_stem and stem.startswith(main_stem + "-"):
        stem = stem[len(main_stem) + 1 :]
        m = _CENTRAL_SUFFIX.match(stem)
        same = [r for r in repeats if r["name"] == (m.group("name") if m else stem)]
        nth = int(m.group("n")) - 1 if m else 0
        return same[nth] if nth < len(same) else None
    exact = [r for r in repeats if r["name"] == stem]
    if exact:
        return exact[0]
    if name.lower().endswith(".csv"):  # a Central CSV named otherwise: "<anything>-<repeat>"
        return next((r for r in repeats if stem.endswith("-" + r["name"])), None)
    m = _KOBO_SUFFIX.match(stem)
    candidates = [
        r
        for r in repeats
        if len(r["name"]) > SHEET_NAME_MAX
        and (
            r["name"][:SHEET_NAME_MAX] == stem
            or (m is not None and r["name"].startswith(m.group("prefix")))
        )
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    parts = [_split(str(h or "").strip()) for h in header]

    def score(rep):
        own = {c["name"] for c in engine.repeat_questions(rep)}
        return (
            sum(1 for p in parts if rep["name"] in p[:-1]),
            sum(1 for p in parts if p[-1] in own),
        )

    return max(candidates, key=score)  # the first of equals: form order


def _kobo_repeats(data: bytes, spec: Spec, main: str) -> Repeats:
    """The repeat sheets of a Kobo XLSX export (every sheet after the first whose name is
    a repeat's, at any depth), measured by ``read_table`` before, so bounded by the
    import limits."""
    from openpyxl import load_workbook

    if not spec.repeats:
        return Repeats()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - checked by read_table already; be safe
        return Repeats()
    tables = []
    try:
        main = wb.worksheets[0].title if wb.worksheets else main
        for ws in wb.worksheets[1:]:
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows, ()) or ()]
            rep = _match_repeat(ws.title, spec, header)
            if rep is None:
                continue
            records = ((line, cells or (), "") for line, cells in enumerate(rows, start=2))
            tables.append(_repeat_table(ws.title, header, records, rep))
    finally:
        wb.close()
    return _nest(tables, spec, main)


def _central_zip(data: bytes, spec: Spec):
    """ODK Central's zip of CSVs: the form's table and one per repeat, at any depth
    (``PARENT_KEY`` -> the ``KEY`` of the row it goes under). Returns (main table,
    repeats) or None when the zip is not such an export."""
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
    tables = []
    for n in names:
        rep = _match_repeat(n, spec, main_stem=main_name[:-4]) if n != main_name else None
        if rep is None:
            continue
        try:
            table = read_table(zf.read(n))
        except ValidationError:
            continue
        records = ((r.line, r.cells, r.problem) for r in table.rows())
        tables.append(_repeat_table(n, table.header, records, rep))
    return main, _nest(tables, spec, main_name)


def read_export(data: bytes, file_name: str, spec: Spec) -> Export:
    """Read the export with the one table reader (``core.tables``): CSV with ``;``, ``,``
    or tab in UTF-8 (a line that is not UTF-8 is a refused row at its line), or XLSX
    (first sheet, measured before it is parsed). With repeats: a Kobo XLSX's repeat
    sheets (``_parent_index`` -> the ``_index`` of the row it goes under) and ODK
    Central's zip of CSVs (``PARENT_KEY`` -> ``KEY``) put each roster row under its
    household, and each row of a repeat inside a repeat under its outer row, in the shape
    an OpenRosa submission of the same answers has (``engine.check``). Rows whose outer
    row is missing are in :meth:`Export.orphans`."""
    repeats = Repeats()
    central = _central_zip(data, spec) if data.startswith(b"PK") else None
    if central is not None:
        table, repeats = central
    else:
        try:
            table = read_table(data)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        if table.kind == "xlsx":
            repeats = _kobo_repeats(data, spec, "")

    def records():
        for row in table.rows():
            yield row.line, row.cells, row.problem

    return Export(table.header, records(), max(table.total, 1), spec, repeats)
