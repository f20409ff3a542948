"""Reading beneficiary lists (CSV or XLSX): good rows kept, bad rows reported by line.

``read_list(data, filename)`` returns the rows it could read, the rows it refused and the
warnings on rows it kept, each with the line number of the file and a reason. Every row with
a name is kept (issue 20): a malformed phone, age or ID digits is dropped from that row with
a warning, never a reason to drop the woman from the list; a missing or repeated record_id
is replaced by one made from the line number. Only a row with no name at all is refused. A file it cannot read at all (not a
CSV or XLSX, no header, no record_id column, not UTF-8 text) raises ``ValidationError``.
Nothing here logs or reports a value of a row: reasons name the column, never its content.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from saathi.core.tables import read_table

COLUMNS = (
    "record_id",
    "source",
    "given_name",
    "family_name",
    "relative_name",
    "sex",
    "age",
    "phone",
    "id_last4",
    "village",
    "district",
    "state",
)
NAME_COLUMNS = ("given_name", "family_name")
MAX_ROWS = 200_000
MAX_LEN = {"record_id": 64, "source": 100, "village": 100, "district": 100, "state": 100}

_SEX = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "w": "female",
    "mahila": "female",
    "মহিলা": "female",
    "মেয়ে": "female",
    "महिला": "female",
    "స్త్రీ": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "purush": "male",
    "পুরুষ": "male",
    "पुरुष": "male",
    "పురుషుడు": "male",
    "t": "other",
    "tg": "other",
    "transgender": "other",
    "other": "other",
    "o": "other",
}


@dataclass
class Row:
    line: int
    record_id: str
    source: str = ""
    given_name: str = ""
    family_name: str = ""
    relative_name: str = ""
    sex: str = ""
    age: int | None = None
    phone: str = ""
    id_last4: str = ""
    village: str = ""
    district: str = ""
    state: str = ""

    def as_record(self) -> dict:
        """The matcher's record format (values as strings, blanks empty)."""
        return {
            "record_id": self.record_id,
            "source": self.source,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "relative_name": self.relative_name,
            "sex": self.sex,
            "age": "" if self.age is None else str(self.age),
            "phone": self.phone,
            "id_last4": self.id_last4,
            "village": self.village,
            "district": self.district,
            "state": self.state,
        }


@dataclass
class ReadResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): refused
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): kept
    ignored_columns: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    return " ".join(text.split())


def _digits(text: str) -> str | None:
    """ASCII digits of a number written with any script's digits; None if not a number."""
    compact = text.replace(" ", "").replace("-", "")
    if not compact or not all(ch.isdecimal() for ch in compact):
        return None
    return "".join(str(unicodedata.decimal(ch)) for ch in compact)


def _phone(raw: str) -> str | None:
    compact = raw.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    if compact.startswith("+"):
        compact = compact[1:]
    digits = _digits(compact)
    if digits is None:
        return None
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] not in "6789":
        return None
    return digits


def normalise_header(cell) -> str:
    name = _text(cell).lower().lstrip("\ufeff").strip()
    return name.replace(" ", "_").replace("-", "_")


def sex_value(raw: str) -> str:
    return _SEX.get(raw.strip().lower().rstrip("."), "")


def parse_row(line: int, values: dict[str, str]) -> tuple[Row | None, str, list[str]]:
    """One row from its cells by column: ``(row, "", warnings)``, or ``(None, reason, [])``
    for a row that has nothing to identify her (no name at all)."""
    warnings: list[str] = []
    record_id = values.get("record_id", "")
    if len(record_id) > MAX_LEN["record_id"]:
        warnings.append(_("record_id is longer than 64 characters: shortened"))
        record_id = record_id[: MAX_LEN["record_id"]]
    row = Row(line=line, record_id=record_id)
    for name in ("source", "given_name", "family_name", "relative_name", "village", "district"):
        value = values.get(name, "")
        limit = MAX_LEN.get(name, 200)
        if len(value) > limit:
            warnings.append(_("%(column)s is too long: shortened") % {"column": name})
            value = value[:limit]
        setattr(row, name, value)
    row.state = values.get("state", "")[:100]
    if not (row.given_name or row.family_name):
        return None, _("no name (given_name and family_name are both empty)"), []
    row.sex = sex_value(values.get("sex", ""))
    age = values.get("age", "")
    if age:
        digits = _digits(age.removesuffix(".0"))
        if digits is None or not 0 <= int(digits) <= 120:
            warnings.append(_("age ignored: not a whole number of years from 0 to 120"))
        else:
            row.age = int(digits)
    phone = values.get("phone", "")
    if phone:
        digits = _phone(phone)
        if digits is None:
            warnings.append(
                _("phone ignored: not a 10-digit Indian mobile number starting with 6, 7, 8 or 9")
            )
        else:
            row.phone = digits
    last4 = values.get("id_last4", "")
    if last4:
        digits = _digits(last4)
        if digits is None or len(digits) != 4:
            warnings.append(_("id_last4 ignored: not exactly 4 digits"))
        else:
            row.id_last4 = digits
    return row, "", warnings


class _Sink:
    def __init__(self):
        self.result = ReadResult()
        self.seen: dict[str, int] = {}

    def add(self, line: int, values: dict[str, str]) -> None:
        if not any(values.values()):
            return  # a blank row
        if len(self.result.rows) + len(self.result.errors) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(n)s rows. Split it into smaller lists.")
                % {"n": f"{MAX_ROWS:,}"}
            )
        row, reason, warnings = parse_row(line, values)
        if row is None:
            self.result.errors.append((line, reason))
            return
        if not row.record_id:
            row.record_id = self._line_id(line)
            warnings.append(_("no record_id: the row is kept as %(id)s") % {"id": row.record_id})
        first = self.seen.get(row.record_id)
        if first is not None:
            row.record_id = self._line_id(line)
            warnings.append(
                _("record_id repeats line %(line)s: the row is kept as %(id)s")
                % {"line": first, "id": row.record_id}
            )
        self.seen[row.record_id] = line
        self.result.rows.append(row)
        self.result.warnings.extend((line, w) for w in warnings)

    def _line_id(self, line: int) -> str:
        """An id made from the line number, unique among the ids of the file."""
        base = candidate = f"line-{line}"
        n = 1
        while candidate in self.seen:
            n += 1
            candidate = f"{base}-{n}"
        return candidate


def _columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    names = [normalise_header(h) for h in header]
    if "record_id" not in names:
        if any(n in COLUMNS for n in names):
            raise ValidationError(_("The header has no record_id column."))
        raise ValidationError(
            _("The first row must be the header with the columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    if not any(n in names for n in NAME_COLUMNS):
        raise ValidationError(_("The header needs a given_name or a family_name column."))
    index: dict[int, str] = {}
    ignored: list[str] = []
    for i, n in enumerate(names):
        if n in COLUMNS and n not in index.values():
            index[i] = n
        elif n:
            ignored.append(n[:40])
    return index, ignored


def read_list(data: bytes, filename: str = "") -> ReadResult:
    """Read the file with the one table reader (``core.tables``: what the file is, its
    encoding, delimiter and line numbers); rows are checked here."""
    table = read_table(data, max_rows=MAX_ROWS)
    index, ignored = _columns(table.header)
    sink = _Sink()
    sink.result.ignored_columns = ignored
    bad_lines = 0
    for row in table.rows():
        if row.problem:
            bad_lines += row.problem == _encoding_problem()
            sink.result.errors.append((row.line, row.problem))
            continue
        cells = row.cells
        values = {col: _text(cells[i]) if i < len(cells) else "" for i, col in index.items()}
        sink.add(row.line, values)
    if bad_lines and not sink.result.rows:
        raise ValidationError(
            _("The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8' and try again.")
        )
    return sink.result


def _encoding_problem() -> str:  # the reader's reason, in the current language
    return _("encoding: this line is not UTF-8 text (save the file as CSV UTF-8)")
