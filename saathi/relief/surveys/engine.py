"""Checking a set of answers against a survey version: types, skip logic, required,
constraints. The phone form and the Kobo/ODK import both go through :func:`check`.

Answers are typed: integer -> int, decimal -> float, date -> "YYYY-MM-DD", select_one ->
choice name, select_multiple -> list of choice names, text -> str. Questions that are not
relevant (their own ``relevant`` or a group's is false) lose their answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import odkxpath
from .xlsform import localised

TEXT_MAX = 2000
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class TypeProblem(ValueError):
    pass


@dataclass
class Spec:
    """A version's questions with the relevance of their groups folded in."""

    questions: list[dict]
    by_name: dict[str, dict]
    default_language: str
    languages: dict[str, str]
    repeats: list[dict] = field(default_factory=list)

    def text(self, value, language: str | None = None) -> str:
        return localised(
            value, language or get_language() or "en", self.languages, self.default_language
        )


_SPECS: dict[tuple, Spec] = {}


def spec_for(version) -> Spec:
    """The version's spec, cached per process (a version never changes once saved)."""
    key = (version.pk, version.created_at)
    spec = _SPECS.get(key) if version.pk else None
    if spec is None:
        spec = build_spec(version.fields, version.default_language, version.languages)
        if version.pk:
            if len(_SPECS) > 200:
                _SPECS.clear()
            _SPECS[key] = spec
    return spec


def build_spec(fields: list[dict], default_language: str, languages: dict) -> Spec:
    questions: list[dict] = []
    repeats: list[dict] = []
    groups: list[str] = []
    for f in fields:
        if f["kind"] == "repeat":
            repeats.append(f)
        elif f["kind"] == "group":
            groups.append(f.get("relevant", ""))
        elif f["kind"] == "end_group":
            groups.pop()
        else:
            q = dict(f)
            q["conditions"] = [g for g in groups if g] + ([q["relevant"]] if q["relevant"] else [])
            q["choice_names"] = [c["name"] for c in q.get("choices", [])]
            questions.append(q)
    by_name: dict[str, dict] = {}
    for q in questions:
        by_name.setdefault(q["name"], q)
    return Spec(questions, by_name, default_language, languages, repeats)


# Types the browser form shows as an input; the others ("device": geopoint, image, range,
# ...) are filled in by ODK clients and kept as they send them.
BROWSER_TYPES = {"text", "integer", "decimal", "date", "select_one", "select_multiple", "note"}


def coerce(q: dict, raw):
    """The typed answer to ``q`` from ``raw`` (str, list, number, date), None when blank."""
    qtype = q["type"]
    if qtype in ("note", "calculate"):
        return None
    if qtype == "select_multiple":
        items = raw if isinstance(raw, list | tuple) else str(raw or "").split()
        items = [str(i).strip() for i in items if str(i).strip()]
        if not items:
            return None
        unknown = [i for i in items if i not in q["choice_names"]]
        if unknown:
            raise TypeProblem(_("Not one of the choices."))
        return [c for c in q["choice_names"] if c in items]  # form order, no repeats
    if raw is None:
        return None
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        raw = raw.isoformat()
    if isinstance(raw, float) and raw.is_integer() and qtype != "decimal":
        raw = int(raw)
    text = str(raw).strip()
    if text == "":
        return None
    if qtype == "integer":
        try:
            value = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise TypeProblem(_("Not a whole number.")) from None
        if isinstance(value, float):
            if not value.is_integer():
                raise TypeProblem(_("Not a whole number."))
            value = int(value)
        if abs(value) > 10**12:
            raise TypeProblem(_("The number is too large."))
        return value
    if qtype == "decimal":
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise TypeProblem(_("Not a number.")) from None
        if math.isnan(value) or math.isinf(value) or abs(value) > 10**12:
            raise TypeProblem(_("Not a number."))
        return value
    if qtype == "date":
        return parse_date(text).isoformat()
    if qtype == "select_one":
        if text not in q["choice_names"]:
            raise TypeProblem(_("Not one of the choices."))
        return text
    return text[:TEXT_MAX]


def parse_date(text: str) -> date:
    text = text.strip()
    try:
        m = _DMY.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise TypeProblem(_("Not a date: write it as dd/mm/yyyy.")) from None


def xpath_value(value):
    """An answer as XPath sees it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return value


@dataclass
class Checked:
    answers: dict = field(default_factory=dict)  # relevant, valid, non-blank answers
    errors: dict = field(default_factory=dict)  # question name -> message
    relevant: dict = field(default_factory=dict)  # question name -> bool
    dropped: list = field(default_factory=list)  # answered but not relevant: discarded

    @property
    def ok(self) -> bool:
        return not self.errors


def check(spec: Spec, raw: dict, language: str | None = None, *, device: bool = False) -> Checked:
    """Type, skip logic, required and constraints of ``raw`` (question name -> raw value).

    Calculations are worked out in form order, as the client would. ``device``: the
    answers come from an ODK client, which fills in the types the browser form cannot
    show; from the browser, those types are never required. Repeats (``raw[repeat name]``:
    a list of {child name: value}, a repeat inside it a list under its name) are kept as
    lists of typed rows, nested as they came."""
    result = Checked()
    typed: dict = {}
    for q in spec.questions:
        name = q["name"]
        if name not in raw:
            continue
        try:
            typed[name] = coerce(q, raw[name])
        except TypeProblem as exc:
            result.errors[name] = str(exc)
            typed[name] = None
    # the instance ODK would build: every question present, unanswered ones empty
    root = odkxpath.instance({q["name"]: xpath_value(typed.get(q["name"])) for q in spec.questions})
    nodes = {node.tag: node for node in root}
    for q in spec.questions:
        name = q["name"]
        try:
            relevant = all(odkxpath.truthy(c, root, name) for c in q["conditions"])
        except odkxpath.ExpressionError:  # checked at upload; a stored bad form stays usable
            relevant = True
        result.relevant[name] = relevant
        if not relevant:
            if typed.get(name) is not None:
                result.dropped.append(name)
            result.errors.pop(name, None)
            if name in nodes:
                nodes[name].text = ""
            continue
        if q["type"] == "calculate":
            if q.get("calculation"):
                try:
                    value = odkxpath.evaluate(q["calculation"], root, name)
                except odkxpath.ExpressionError:
                    value = ""
                text = _xpath_text(value)
                if name in nodes:
                    nodes[name].text = text
                if text != "":
                    result.answers[name] = text
            continue
        value = typed.get(name)
        if name in result.errors or q["type"] == "note":
            continue
        if value is None:
            if q["type"] not in BROWSER_TYPES and not device:
                continue
            required = q.get("required", "")
            is_required = required == "yes" or (required and _safe_truthy(required, root, name))
            if is_required:
                msg = spec.text(q.get("required_msg"), language) or _("This question is required.")
                result.errors[name] = msg
            continue
        if q.get("constraint") and not _safe_truthy(q["constraint"], root, name):
            msg = spec.text(q.get("constraint_msg"), language) or _(
                "This answer is not allowed here."
            )
            result.errors[name] = msg
            continue
        if q["type"] == "date" and not q.get("constraint") and value > _today().isoformat():
            # a visit, a birth, a loss: nothing a survey records has happened in the future
            # (a form that asks for a planned date says so with its own constraint)
            result.errors[name] = _("This date is in the future. Check the year.")
            continue
        result.answers[name] = value
    for rep in spec.repeats:
        kept = _repeat_rows(rep, raw.get(rep["name"]), result, rep["name"])
        if kept is not None:
            result.answers[rep["name"]] = kept
    return result


def _repeat_rows(rep: dict, rows, result: Checked, path: str) -> list | None:
    """The typed rows of one repeat (None when it has none): each row's answers by
    question name, and a repeat inside it (a member's children) as a list under its
    name, the same shape at every depth. Wrong answers go to ``result.errors`` under
    their path (``members/children/age``); blank rows are dropped."""
    if not isinstance(rows, list) or not rows:
        return None
    children = {c["name"]: c for c in rep["children"]}
    kept = []
    for row in rows[:1000]:
        typed_row = {}
        for key, v in (row if isinstance(row, dict) else {}).items():
            c = children.get(key)
            if c is None:
                continue
            if c["kind"] == "repeat":
                inner = _repeat_rows(c, v, result, f"{path}/{key}")
                if inner:
                    typed_row[key] = inner
                continue
            try:
                typed_row[key] = coerce(c, v) if c["type"] in BROWSER_TYPES else v
            except TypeProblem as exc:
                result.errors[f"{path}/{key}"] = str(exc)
        typed_row = {k: v for k, v in typed_row.items() if v not in (None, "")}
        if typed_row:
            kept.append(typed_row)
    return kept


def repeat_questions(rep: dict) -> list[dict]:
    """A repeat's own questions (not those of the repeats inside it)."""
    return [c for c in rep["children"] if c["kind"] == "question"]


def inner_repeats(rep: dict) -> list[dict]:
    """The repeats directly inside a repeat."""
    return [c for c in rep["children"] if c["kind"] == "repeat"]


def repeat_tree(spec: Spec) -> dict:
    """{repeat name: {inner repeat name: {...}}}: where each repeat sits, for reading a
    submission's XML (``openrosa.answers_of``)."""

    def tree(rep):
        return {c["name"]: tree(c) for c in inner_repeats(rep)}

    return {rep["name"]: tree(rep) for rep in spec.repeats}


def all_repeats(spec: Spec) -> list[tuple[dict, dict | None]]:
    """Every repeat with the repeat it sits in (None: the form's own), outer first."""
    out: list[tuple[dict, dict | None]] = []

    def walk(rep, parent):
        out.append((rep, parent))
        for c in inner_repeats(rep):
            walk(c, rep)

    for rep in spec.repeats:
        walk(rep, None)
    return out


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _xpath_text(value) -> str:
    if isinstance(value, list):
        value = value[0].string_value if value and hasattr(value[0], "string_value") else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _safe_truthy(text: str, root, current: str) -> bool:
    try:
        return odkxpath.truthy(text, root, current)
    except odkxpath.ExpressionError:
        return True
