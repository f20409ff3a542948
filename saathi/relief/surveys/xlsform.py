"""Reading an XLSForm (.xlsx) into a survey definition, with pyxform.

``compile_xlsform(data)`` returns a :class:`CompiledForm`: pyxform's JSON form (kept as
it is) and Saathi's flat list of fields (what the phone form, the imports and the
aggregates use). Every problem is an :class:`XLSFormProblem` with the row of the
``survey`` (or ``choices``) sheet it comes from, so the person who wrote the form can fix
it; nothing here raises anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from saathi.core.tables import FORM_LIMITS, SheetInfo, WorkbookInfo, check_workbook

from . import xpr

# XLSForm types Saathi renders and validates, by pyxform's JSON type name.
QUESTION_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "note": "note",
}
# Metadata that Kobo and ODK forms carry; filled by the collecting app, ignored here.
META_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
# the raw sheet spellings of the types above (for row-level checks before pyxform)
_RAW_TYPES = {
    "text",
    "string",
    "integer",
    "int",
    "decimal",
    "date",
    "note",
    "begin group",
    "begin_group",
    "end group",
    "end_group",
    *META_TYPES,
}
_LANG_CODE = re.compile(r"\((?P<code>[a-z]{2,3})\)\s*$")
_ROW = re.compile(r"\[row : (\d+)\]")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class XLSFormProblem:
    row: int | None
    sheet: str
    message: str

    def __str__(self):
        if self.row:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return self.message


class XLSFormError(Exception):
    def __init__(self, problems: list[XLSFormProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class CompiledForm:
    title: str
    form_id: str
    version: str
    default_language: str  # pyxform's language key, e.g. "English (en)", or "default"
    languages: dict[str, str]  # Saathi language code -> pyxform language key
    definition: dict  # pyxform's JSON form
    fields: list[dict]  # flat: groups (begin/end) and questions, in form order
    warnings: list[str] = field(default_factory=list)


def language_code(key: str) -> str:
    """ "Telugu (te)" -> "te"; a key without a code is kept as it is."""
    m = _LANG_CODE.search(key or "")
    return m.group("code") if m else (key or "")


def _is_expression_flag(value: str) -> bool:
    return value.strip().lower() not in ("", "yes", "no", "true", "false", "true()", "false()")


def _required(value) -> str:
    """A required column as '' (no), 'yes', or an expression."""
    v = str(value or "").strip()
    if v.lower() in ("yes", "true", "true()"):
        return "yes"
    if v.lower() in ("", "no", "false", "false()"):
        return ""
    return v


def _row_checks(data) -> list[XLSFormProblem]:
    """Checks pyxform makes without a row number (or not at all), made with the row."""
    problems: list[XLSFormProblem] = []
    choices = {str(r.get("list_name", "")).strip() for r in (data.choices or []) if r}
    names: dict[str, int] = {}
    for i, row in enumerate(data.survey or []):
        line = i + 2
        raw_type = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
        if not raw_type:
            continue
        base, _sp, rest = raw_type.partition(" ")
        if base in ("select_one", "select_multiple", "select one", "select all that apply"):
            list_name = rest.split(" or_other")[0].strip() if base.startswith("select_") else ""
            if base in ("select one", "select all that apply"):
                list_name = raw_type.split(" ")[-1]
            if not list_name:
                problems.append(
                    XLSFormProblem(line, "survey", _("the choice list of “%s” is missing.") % base)
                )
            elif list_name not in choices:
                problems.append(
                    XLSFormProblem(
                        line,
                        "survey",
                        _("there is no choice list “%(list)s” on the choices sheet.")
                        % {"list": list_name},
                    )
                )
        elif raw_type.lower() not in _RAW_TYPES:
            problems.append(
                XLSFormProblem(
                    line,
                    "survey",
                    _(
                        "the question type “%(type)s” is not supported. Use text, integer, "
                        "decimal, date, select_one, select_multiple, note or groups."
                    )
                    % {"type": raw_type[:40]},
                )
            )
        name = str(row.get("name", "")).strip()
        if name and not raw_type.lower().startswith(("end", "begin")):
            if name in names:
                problems.append(
                    XLSFormProblem(
                        line,
                        "survey",
                        _("the name “%(name)s” is already used on row %(row)s.")
                        % {"name": name, "row": names[name]},
                    )
                )
            names.setdefault(name, line)
    for i, row in enumerate(data.survey or []):
        line = i + 2
        for column in ("relevant", "constraint", "required"):
            text = str(row.get(column, "") or "").strip()
            if not text or (column == "required" and not _is_expression_flag(text)):
                continue
            try:
                node = xpr.parse(text)
            except xpr.ExpressionError as exc:
                problems.append(
                    XLSFormProblem(
                        line,
                        "survey",
                        _("the %(column)s expression “%(expr)s” cannot be used: %(why)s.")
                        % {"column": column, "expr": text[:80], "why": exc},
                    )
                )
                continue
            unknown = sorted(xpr.references(node) - set(names))
            if unknown:
                problems.append(
                    XLSFormProblem(
                        line,
                        "survey",
                        _(
                            "the %(column)s expression refers to ${%(name)s}, which is not a question."
                        )
                        % {"column": column, "name": unknown[0]},
                    )
                )
    return problems


def _flatten(children, parent_path: str, out: list, rows: dict[str, int]) -> None:
    for child in children:
        ctype = child.get("type", "")
        name = child.get("name", "")
        bind = child.get("bind", {}) or {}
        path = f"{parent_path}/{name}" if parent_path else name
        if ctype == "group":
            if name == "meta" and (child.get("control") or {}).get("bodyless"):
                continue
            out.append(
                {
                    "kind": "group",
                    "name": name,
                    "path": path,
                    "label": child.get("label", ""),
                    "relevant": bind.get("relevant", ""),
                    "row": rows.get(name),
                }
            )
            _flatten(child.get("children", []), path, out, rows)
            out.append({"kind": "end_group", "name": name, "path": path})
            continue
        qtype = QUESTION_TYPES.get(ctype)
        if qtype is None:
            continue  # metadata (start, end, today, ...): filled by the collecting app
        out.append(
            {
                "kind": "question",
                "type": qtype,
                "name": name,
                "path": path,
                "label": child.get("label", ""),
                "hint": child.get("hint", ""),
                "required": _required(bind.get("required")),
                "required_msg": bind.get("jr:requiredMsg", ""),
                "relevant": bind.get("relevant", ""),
                "constraint": bind.get("constraint", ""),
                "constraint_msg": bind.get("jr:constraintMsg", ""),
                "choices": [
                    {"name": str(c.get("name", "")), "label": c.get("label", "")}
                    for c in child.get("choices", []) or []
                ],
                "row": rows.get(name),
            }
        )


def _survey_empty() -> str:
    return _(
        "The sheet “survey” is empty. Its first row names the columns (type, name, label) "
        "and each row below is a question."
    )


def measure_xlsform(data: bytes) -> WorkbookInfo:
    """Check what the workbook expands to (``core.tables.FORM_LIMITS``) and that it has a
    survey sheet with something on it, before anything parses it. Returns what it measured;
    raises :class:`XLSFormError`."""
    if not data.startswith(XLSX_MAGIC):
        raise XLSFormError([XLSFormProblem(None, "", _("This is not an .xlsx workbook."))])
    try:
        info = check_workbook(data, FORM_LIMITS)
    except ValidationError as exc:
        raise XLSFormError([XLSFormProblem(None, "", m) for m in exc.messages]) from None
    survey = survey_sheet(info)
    if survey is None:
        raise XLSFormError(
            [XLSFormProblem(None, "", _("The workbook has no sheet named “survey”."))]
        )
    if not survey.data_rows:
        raise XLSFormError([XLSFormProblem(None, "survey", _survey_empty())])
    return info


def survey_sheet(info: WorkbookInfo) -> SheetInfo | None:
    """The survey sheet as pyxform finds it: named "survey" in any case, or the only sheet."""
    if len(info.sheets) == 1:
        return info.sheets[0]
    return next((s for s in info.sheets if s.name.lower() == "survey"), None)


def compile_xlsform(data: bytes) -> CompiledForm:
    """Validate and convert an XLSForm; raise :class:`XLSFormError` with every problem."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    measure_xlsform(data)  # before pyxform or openpyxl build anything from it
    try:
        book = get_xlsform(BytesIO(data), file_type=".xlsx")
    except Exception:  # noqa: BLE001 - pyxform and openpyxl raise many kinds
        raise XLSFormError(
            [XLSFormProblem(None, "", _("The workbook cannot be read. Save it again as .xlsx."))]
        ) from None
    if not book.survey:
        raise XLSFormError([XLSFormProblem(None, "survey", _survey_empty())])
    problems = _row_checks(book)
    if problems:
        raise XLSFormError(problems)
    warnings: list[str] = []
    try:
        definition = workbook_to_json(book, form_name="data", warnings=warnings)
        # building the survey (without ODK Validate, which needs Java) checks the binds
        create_survey_element_from_dict(definition).to_xml(validate=False, warnings=warnings)
    except PyXFormError as exc:
        message = str(exc)
        m = _ROW.search(message)
        row = int(m.group(1)) if m else None
        message = _ROW.sub("", message).strip()
        raise XLSFormError([XLSFormProblem(row, "survey", message)]) from None
    except Exception:  # noqa: BLE001
        raise XLSFormError(
            [XLSFormProblem(None, "", _("pyxform could not convert this form."))]
        ) from None
    rows = {
        str(r.get("name", "")).strip(): i + 2
        for i, r in enumerate(book.survey)
        if r and not str(r.get("type", "")).strip().lower().startswith("end")
    }
    fields: list[dict] = []
    _flatten(definition.get("children", []), "", fields, rows)
    if not any(f["kind"] == "question" and f["type"] != "note" for f in fields):
        raise XLSFormError([XLSFormProblem(None, "survey", _("The form has no questions."))])
    default = definition.get("default_language") or "default"
    lang_keys: set[str] = set()
    for f in fields:
        for key in ("label", "hint"):
            if isinstance(f.get(key), dict):
                lang_keys |= set(f[key])
    languages = {language_code(k): k for k in sorted(lang_keys)}
    return CompiledForm(
        title=str(definition.get("title") or definition.get("id_string") or "")[:200],
        form_id=str(definition.get("id_string") or "")[:100],
        version=str(definition.get("version") or "")[:50],
        default_language=default,
        languages=languages,
        definition=definition,
        fields=fields,
        warnings=warnings[:20],
    )


def localised(text, language: str, languages: dict[str, str], default: str) -> str:
    """The label (or hint, message) in ``language``, else the form's default, else any."""
    if not isinstance(text, dict):
        return str(text or "")
    key = languages.get(language)
    if key and text.get(key):
        return text[key]
    if text.get(default):
        return text[default]
    if text.get("default"):
        return text["default"]
    en = languages.get("en")
    if en and text.get(en):
        return text[en]
    return next((v for v in text.values() if v), "")
