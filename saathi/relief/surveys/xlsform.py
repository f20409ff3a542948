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

from . import odkxpath

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
# Types that carry a value computed by the form, never shown.
COMPUTED_TYPES = {"calculate"}
REPEAT_TYPES = {"repeat", "loop"}
_LANG_CODE = re.compile(r"\((?P<code>[a-z]{2,3})\)\s*$")
_ROW = re.compile(r"\[row : (\d+)\]")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Excel (OLE2) format
EXPRESSION_COLUMNS = (
    "relevant",
    "constraint",
    "required",
    "calculation",
    "repeat_count",
    "trigger",
)


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
    """The expressions of every row, read as ODK reads them (XPath 1.0 with the ODK
    functions, ``odkxpath``): pyxform passes an expression it cannot read on to ODK
    Validate (Java), which Saathi does not run; a form that only Validate would refuse is
    refused here, with its row."""
    problems: list[XLSFormProblem] = []
    names = {str(r.get("name", "")).strip() for r in (data.survey or []) if r}
    # Saathi keeps answers by question name (ADR 0010): a name used twice outside a
    # repeat would mix two questions' answers, so it is refused (pyxform allows it in
    # different groups).
    seen: dict[str, int] = {}
    repeat_depth = 0
    for i, row in enumerate(data.survey or []):
        raw_type = re.sub(r"[\s_]+", " ", str(row.get("type", "")).strip().lower())
        if raw_type in ("begin repeat", "begin loop"):
            repeat_depth += 1
        elif raw_type in ("end repeat", "end loop"):
            repeat_depth = max(0, repeat_depth - 1)
        name = str(row.get("name", "")).strip()
        if not name or repeat_depth or raw_type.startswith(("begin", "end")):
            continue
        if name in seen:
            problems.append(
                XLSFormProblem(
                    i + 2,
                    "survey",
                    _("the name “%(name)s” is already used on row %(row)s.")
                    % {"name": name, "row": seen[name]},
                )
            )
        seen.setdefault(name, i + 2)
    for i, row in enumerate(data.survey or []):
        line = i + 2
        for column in EXPRESSION_COLUMNS:
            text = str(row.get(column, "") or "").strip()
            if not text or (column == "required" and not _is_expression_flag(text)):
                continue
            if column == "trigger" and re.fullmatch(r"\$\{[^}]+\}(\s+\$\{[^}]+\})*", text):
                unknown = sorted(odkxpath.references(text) - names)
            else:
                try:
                    odkxpath.compile_expression(text)
                except odkxpath.ExpressionError as exc:
                    problems.append(
                        XLSFormProblem(
                            line,
                            "survey",
                            _("the %(column)s expression “%(expr)s” cannot be used: %(why)s.")
                            % {"column": column, "expr": text[:80], "why": exc},
                        )
                    )
                    continue
                unknown = sorted(odkxpath.references(text) - names)
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
        if ctype in REPEAT_TYPES:
            inner: list = []
            _flatten(child.get("children", []), "", inner, rows)
            out.append(
                {
                    "kind": "repeat",
                    "name": name,
                    "path": path,
                    "label": child.get("label", ""),
                    "relevant": bind.get("relevant", ""),
                    "odk_type": ctype,
                    # its questions and the repeats inside it (a household's members,
                    # each with her children): answers keep the nesting (engine.check)
                    "children": [f for f in inner if f["kind"] in ("question", "repeat")],
                    "row": rows.get(name),
                }
            )
            continue
        qtype = QUESTION_TYPES.get(ctype)
        if ctype in ("select one", "select all that apply") and not child.get("choices"):
            qtype = None  # the choices are in an attached file (select_one_from_file)
        if ctype in COMPUTED_TYPES:
            qtype = "calculate"
        elif qtype is None:
            if ctype in META_TYPES or name == "instanceID":
                continue  # metadata (start, end, today, ...): filled by the collecting app
            # a type ODK clients fill in (geopoint, image, range, ...): kept, stored as
            # the client sends it, not shown as an input in the browser form
            qtype = "device"
        out.append(
            {
                "kind": "question",
                "type": qtype,
                "odk_type": ctype,
                "name": name,
                "path": path,
                "label": child.get("label", ""),
                "hint": child.get("hint", ""),
                "required": _required(bind.get("required")),
                "required_msg": bind.get("jr:requiredMsg", ""),
                "relevant": bind.get("relevant", ""),
                "constraint": bind.get("constraint", ""),
                "constraint_msg": bind.get("jr:constraintMsg", ""),
                "calculation": bind.get("calculate", ""),
                "choice_filter": child.get("choice_filter", ""),
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
    if data.startswith(XLS_MAGIC):
        return _measure_xls(data)
    if not data.startswith(XLSX_MAGIC):
        raise XLSFormError(
            [XLSFormProblem(None, "", _("This is not an Excel workbook (.xlsx or .xls)."))]
        )
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


def _measure_xls(data: bytes) -> WorkbookInfo:
    """An old .xls workbook is not compressed: its size (at most the upload limit) bounds
    what xlrd builds from it. Measured with the same limits as an .xlsx."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception:  # noqa: BLE001 - xlrd raises many kinds on a damaged file
        raise XLSFormError(
            [XLSFormProblem(None, "", _("The workbook cannot be read. Save it again as .xlsx."))]
        ) from None
    info = WorkbookInfo()
    try:
        if book.nsheets > FORM_LIMITS.max_sheets:
            raise XLSFormError([XLSFormProblem(None, "", _("The workbook has too many sheets."))])
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            data_rows = sum(
                1 for r in range(1, sheet.nrows) if any(str(v).strip() for v in sheet.row_values(r))
            )
            info.sheets.append(SheetInfo(sheet.name, sheet.nrows, sheet.ncols, data_rows))
            if sheet.nrows > FORM_LIMITS.max_rows or sheet.ncols > FORM_LIMITS.max_columns:
                raise XLSFormError(
                    [XLSFormProblem(None, sheet.name, _("The sheet has too many rows or columns."))]
                )
            book.unload_sheet(index)
    finally:
        book.release_resources()
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


_SHEET = re.compile(r"\b(survey|choices|settings|external_choices|entities)\b", re.I)


_QUOTED = re.compile(r"'([^']{1,100})'")


def _pyxform_problem(exc, book=None) -> XLSFormProblem:
    """pyxform's own message, with the row and sheet it names pulled out; when it names
    no row but quotes a type or a name, the first survey row with that type or name."""
    message = str(exc)
    m = _ROW.search(message)
    row = int(m.group(1)) if m else None
    message = _ROW.sub("", message).strip()
    sheet = _SHEET.search(message)
    if row is None and "column header" in message.lower():
        row = 1  # the header row
    if row is None and book is not None and "choices sheet" in message:
        row = next(
            (
                i + 2
                for i, r in enumerate(book.survey or [])
                if r and str(r.get("type", "")).strip().lower().startswith("select")
            ),
            None,
        )
    if row is None and book is not None:
        quoted = set(_QUOTED.findall(message))
        for i, r in enumerate(book.survey or []):
            cells = {str(r.get("type", "")).strip(), str(r.get("name", "")).strip()}
            if r and quoted & cells:
                row = i + 2
                break
    return XLSFormProblem(row, sheet.group(1).lower() if sheet else "survey", message)


_MEDIA = re.compile(r"jr://(?:images|audio|video|file|file-csv)/([^\s\"'<>]+)")


def xform_for(definition: dict, version: str) -> tuple[str, list[str]]:
    """The XForm XML pyxform makes of ``definition`` (its version set to ``version`` when
    the form gives none, so that ODK clients see each upload as new) and the names of the
    media files it refers to (images, audio, the CSV of a select_one_from_file)."""
    import copy

    from pyxform.builder import create_survey_element_from_dict

    definition = copy.deepcopy(definition)
    if not definition.get("version"):
        definition["version"] = version
    xml = create_survey_element_from_dict(definition).to_xml(validate=False, warnings=[])
    media = sorted(set(_MEDIA.findall(xml)))
    return xml, media


def compile_xlsform(data: bytes) -> CompiledForm:
    """Validate and convert an XLSForm; raise :class:`XLSFormError` with every problem."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    measure_xlsform(data)  # before pyxform or openpyxl build anything from it
    file_type = ".xls" if data.startswith(XLS_MAGIC) else ".xlsx"
    try:
        book = get_xlsform(BytesIO(data), file_type=file_type)
    except PyXFormError as exc:
        raise XLSFormError([_pyxform_problem(exc)]) from None
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
        raise XLSFormError([_pyxform_problem(exc, book)]) from None
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
    if not any(
        (f["kind"] == "question" and f["type"] != "note") or f["kind"] == "repeat" for f in fields
    ):
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
