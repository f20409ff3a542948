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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core.tables import read_table

from .engine import Spec

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
    def __init__(self, headers, records, total: int, spec: Spec):
        self.columns = map_columns(headers, spec)
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


def read_export(data: bytes, file_name: str, spec: Spec) -> Export:
    """Read the export with the one table reader (``core.tables``): CSV with ``;``, ``,``
    or tab in UTF-8 (a line that is not UTF-8 is a refused row at its line), or XLSX
    (first sheet, measured before it is parsed)."""
    try:
        table = read_table(data)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None

    def records():
        for row in table.rows():
            yield row.line, row.cells, row.problem

    return Export(table.header, records(), max(table.total, 1), spec)
