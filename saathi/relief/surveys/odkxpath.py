"""XLSForm expressions as ODK means them: XPath 1.0 (elementpath) plus the ODK functions.

The server checks relevance, constraints and required-if with this engine, so that an
expression means here what it means in ODK Collect and Enketo. An answer set is laid out
as the instance ODK builds (``<data><name>value</name>…</data>``) and ``${name}`` becomes
the absolute path of that node; ``.`` is the question's own node.

The functions added to XPath 1.0 are the ones of the ODK XForms specification that depend
only on the answers: ``selected``, ``selected-at``, ``count-selected``, ``jr:choice-name``
(the choice's name, the label is the client's business), ``if``, ``coalesce``, ``once``,
``regex``, ``int``, ``number`` with dates, ``today``, ``now``, ``date``, ``decimal-date-time``,
``format-date`` (the common patterns), ``join``, ``substr``, ``max``, ``min``, ``pow``,
``abs``, ``sqrt``, ``exp``, ``log``, ``log10``, ``boolean-from-string``, ``string-length``,
``uuid``, ``random``, ``pi``, ``count-non-empty``, ``checklist``, ``weighted-checklist``.
Functions that need the device or a file (``pulldata``, ``instance``, ``indexed-repeat``,
``area``, ``distance``, ``digest``, ``version``, ``property``) parse, so a form using them
is accepted, and evaluate to the empty string on the server.
"""

from __future__ import annotations

import math
import re
import uuid as uuidlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from xml.etree import ElementTree as ET

from elementpath import XPath1Parser, XPathContext
from elementpath.exceptions import ElementPathError

JR = "http://openrosa.org/javarosa"
MAX_LENGTH = 4000
MAX_NESTING = 40
_REF = re.compile(r"\$\{\s*([A-Za-z_][\w.\-]*)\s*\}")
_EPOCH = date(1970, 1, 1)


class ExpressionError(ValueError):
    pass


class ODKXPathParser(XPath1Parser):
    symbol_table = {**XPath1Parser.symbol_table}
    DEFAULT_NAMESPACES = {**XPath1Parser.DEFAULT_NAMESPACES, "jr": JR}
    tokenizer = None


_method = ODKXPathParser.method
_function = ODKXPathParser.function


def _items(value):
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _str(tok, context, k) -> str:
    if k >= len(tok):
        return ""
    items = _items(tok[k].evaluate(context))
    return tok.string_value(items[0]) if items else ""


def _num(tok, context, k) -> float:
    return to_number(_str(tok, context, k)) if k < len(tok) else math.nan


def _bool(tok, context, k) -> bool:
    return tok.boolean_value(tok[k].evaluate(context))


def to_number(text) -> float:
    if isinstance(text, bool):
        return 1.0 if text else 0.0
    if isinstance(text, int | float | Decimal):
        return float(text)
    s = str(text).strip()
    try:
        return float(s)
    except ValueError:
        pass
    d = _as_date(s)
    return float((d - _EPOCH).days) if d else math.nan


def _as_date(s: str) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if len(s) >= 10 else None
    except ValueError:
        return None


def _define(name: str, nargs, impl, prefix: str | None = None):
    @_method(_function(name, prefix=prefix, nargs=nargs))
    def evaluate(self, context=None):
        return impl(self, context)

    return evaluate


def _fmt_number(value: float):
    if math.isnan(value):
        return math.nan
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _format_date(tok, context):
    text = _str(tok, context, 0)
    pattern = _str(tok, context, 1)
    n = to_number(text)
    d = _as_date(text) or (None if math.isnan(n) else _EPOCH + timedelta(days=int(n)))
    if d is None:
        return ""
    out = pattern
    for code, value in (
        ("%Y", f"{d.year:04d}"),
        ("%y", f"{d.year % 100:02d}"),
        ("%m", f"{d.month:02d}"),
        ("%n", str(d.month)),
        ("%d", f"{d.day:02d}"),
        ("%e", str(d.day)),
        ("%b", d.strftime("%b")),
        ("%a", d.strftime("%a")),
    ):
        out = out.replace(code, value)
    return out


def _weighted(tok, context):
    n = len(tok)
    lo, hi = _num(tok, context, 0), _num(tok, context, 1)
    rest = list(range(2, n))
    pairs = list(zip(rest[::2], rest[1::2], strict=False))
    total = sum(_num(tok, context, w) for b, w in pairs if _bool(tok, context, b))
    return (math.isnan(lo) or lo < 0 or total >= lo) and (math.isnan(hi) or hi < 0 or total <= hi)


def _checklist(tok, context):
    lo, hi = _num(tok, context, 0), _num(tok, context, 1)
    total = sum(1 for k in range(2, len(tok)) if _bool(tok, context, k))
    return (lo < 0 or total >= lo) and (hi < 0 or total <= hi)


def _join(tok, context):
    sep = _str(tok, context, 0)
    parts = []
    for k in range(1, len(tok)):
        for item in _items(tok[k].evaluate(context)):
            parts.append(tok.string_value(item))
    return sep.join(parts)


def _values(tok, context):
    out = []
    for k in range(len(tok)):
        for item in _items(tok[k].evaluate(context)):
            v = to_number(tok.string_value(item))
            if not math.isnan(v):
                out.append(v)
    return out


def _substr(tok, context):
    s = _str(tok, context, 0)
    start = int(_num(tok, context, 1))
    end = int(_num(tok, context, 2)) if len(tok) > 2 else len(s)
    return s[start:end]


def _if(tok, context):
    return tok[1].evaluate(context) if _bool(tok, context, 0) else tok[2].evaluate(context)


def _coalesce(tok, context):
    first = _str(tok, context, 0)
    return first if first != "" else _str(tok, context, 1)


def _regex(tok, context):
    try:
        return re.search(_str(tok, context, 1), _str(tok, context, 0)) is not None
    except re.error:
        return False


def _int(tok, context):
    v = _num(tok, context, 0)
    return math.nan if math.isnan(v) or math.isinf(v) else int(v)


def _date(tok, context):
    text = _str(tok, context, 0)
    n = to_number(text)
    d = _as_date(text) or (None if math.isnan(n) else _EPOCH + timedelta(days=int(n)))
    return d.isoformat() if d else ""


def _device_only(tok, context):
    return ""


_FUNCTIONS = {
    "selected": (2, lambda t, c: _str(t, c, 1).strip() in _str(t, c, 0).split()),
    "selected-at": (
        2,
        lambda t, c: (lambda items, i: items[i] if 0 <= i < len(items) else "")(
            _str(t, c, 0).split(), int(_num(t, c, 1)) if not math.isnan(_num(t, c, 1)) else -1
        ),
    ),
    "count-selected": (1, lambda t, c: len(_str(t, c, 0).split())),
    "if": (3, _if),
    "coalesce": (2, _coalesce),
    "once": (1, lambda t, c: t[0].evaluate(c)),
    "regex": (2, _regex),
    "int": (1, _int),
    "today": (0, lambda t, c: date.today().isoformat()),
    "now": (0, lambda t, c: datetime.now().isoformat(timespec="seconds")),
    "date": (1, _date),
    "date-time": (1, _date),
    "decimal-date-time": (1, lambda t, c: _num(t, c, 0)),
    "decimal-date": (1, lambda t, c: _num(t, c, 0)),
    "format-date": (2, _format_date),
    "format-date-time": (2, _format_date),
    "join": ((1, None), _join),
    "substr": ((2, 3), _substr),
    "max": ((1, None), lambda t, c: _fmt_number(max(_values(t, c), default=math.nan))),
    "min": ((1, None), lambda t, c: _fmt_number(min(_values(t, c), default=math.nan))),
    "pow": (2, lambda t, c: _fmt_number(math.pow(_num(t, c, 0), _num(t, c, 1)))),
    "abs": (1, lambda t, c: _fmt_number(abs(_num(t, c, 0)))),
    "sqrt": (1, lambda t, c: math.sqrt(v) if (v := _num(t, c, 0)) >= 0 else math.nan),
    "exp": (1, lambda t, c: math.exp(_num(t, c, 0))),
    "log": (1, lambda t, c: math.log(v) if (v := _num(t, c, 0)) > 0 else math.nan),
    "log10": (1, lambda t, c: math.log10(v) if (v := _num(t, c, 0)) > 0 else math.nan),
    "pi": (0, lambda t, c: math.pi),
    "boolean-from-string": (1, lambda t, c: _str(t, c, 0).strip() in ("true", "1")),
    "uuid": ((0, 1), lambda t, c: f"uuid:{uuidlib.uuid4()}"),
    "random": (0, lambda t, c: 0.5),
    "count-non-empty": (
        1,
        lambda t, c: sum(1 for i in _items(t[0].evaluate(c)) if t.string_value(i)),
    ),
    "checklist": ((2, None), _checklist),
    "weighted-checklist": ((2, None), _weighted),
    "sin": (1, lambda t, c: math.sin(_num(t, c, 0))),
    "cos": (1, lambda t, c: math.cos(_num(t, c, 0))),
    "tan": (1, lambda t, c: math.tan(_num(t, c, 0))),
    "pulldata": ((2, None), _device_only),
    "instance": (1, lambda t, c: []),
    "indexed-repeat": ((3, None), _device_only),
    "area": ((1, 2), _device_only),
    "distance": ((1, 2), _device_only),
    "digest": ((2, 3), _device_only),
    "base64-decode": (1, _device_only),
    "version": (0, _device_only),
    "property": (1, _device_only),
}
for _name, (_nargs, _impl) in _FUNCTIONS.items():
    if _name not in ODKXPathParser.symbol_table:  # XPath 1.0's own functions stay
        _define(_name, _nargs, _impl)


def evaluate__odk_comparison(self, context=None):
    """XPath 1.0's comparison (section 3.4), with ODK's dates: a date compares as its
    number of days, an empty or non-numeric answer makes an order comparison false."""
    left = list(self[0].atomization(context))
    right = list(self[1].atomization(context))
    if not left or not right:
        return False
    symbol = self.symbol
    for a in left:
        for b in right:
            if _compare(symbol, a, b):
                return True
    return False


# the comparison tokens of this parser only (XPath1Parser's own are left as they are)
for _symbol in ("=", "!=", "<", ">", "<=", ">="):
    _base = ODKXPathParser.symbol_table[_symbol]
    ODKXPathParser.symbol_table[_symbol] = type(
        "ODK" + _base.__name__, (_base,), {"evaluate": evaluate__odk_comparison}
    )


def _compare(symbol: str, a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        x, y = _truth(a), _truth(b)
        return (x == y) if symbol == "=" else (x != y) if symbol == "!=" else _order(symbol, x, y)
    if symbol in ("=", "!="):
        if _is_number(a) or _is_number(b):
            x, y = to_number(a), to_number(b)
            equal = x == y
        else:
            equal = str(a) == str(b)
        return equal if symbol == "=" else not equal
    return _order(symbol, to_number(a), to_number(b))


def _is_number(v) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def _truth(v) -> bool:
    if isinstance(v, bool):
        return v
    if _is_number(v):
        return v != 0 and not math.isnan(v)
    return str(v) != ""


def _order(symbol: str, x, y) -> bool:
    x, y = float(x), float(y)
    if math.isnan(x) or math.isnan(y):
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[symbol]


_define("choice-name", 2, lambda t, c: _str(t, c, 0), prefix="jr")
ODKXPathParser.build()


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]":
            depth -= 1
    return deepest


def to_path(text: str, root: str = "data") -> str:
    """``${name}`` -> ``/data/name`` (the flat instance this module evaluates on)."""
    return _REF.sub(lambda m: f"/{root}/{m.group(1)}", text)


def references(text: str) -> set[str]:
    return set(_REF.findall(text or ""))


@lru_cache(maxsize=4096)
def compile_expression(text: str):
    """The parsed expression; raises :class:`ExpressionError` with elementpath's message."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"longer than {MAX_LENGTH} characters")
    if _nesting(text) > MAX_NESTING:
        raise ExpressionError("nested too deeply")
    try:
        return ODKXPathParser(namespaces={"jr": JR}).parse(to_path(text))
    except ElementPathError as exc:
        raise ExpressionError(_clean(str(exc))) from None
    except RecursionError:
        raise ExpressionError("nested too deeply") from None


def _clean(message: str) -> str:
    return re.sub(r"\s*\[err:\w+\]\s*", " ", message).strip()


def instance(values: dict) -> ET.Element:
    """The flat instance of an answer set (name -> XPath value)."""
    root = ET.Element("data")
    for name, value in values.items():
        node = ET.SubElement(root, name) if _XML_NAME.match(name) else None
        if node is not None:
            node.text = "" if value is None else _text(value)
    return root


_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def evaluate(text: str, root: ET.Element, current: str | None = None):
    token = compile_expression(text)
    item = root
    if current is not None:
        item = root.find(current)
        if item is None:
            item = ET.SubElement(root, current)
    try:
        return token.evaluate(XPathContext(root, item=item))
    except ElementPathError as exc:
        raise ExpressionError(_clean(str(exc))) from None
    except (RecursionError, ZeroDivisionError, OverflowError, ValueError) as exc:
        raise ExpressionError(str(exc)) from None


def truthy(text: str, root: ET.Element, current: str | None = None) -> bool:
    """The expression's XPath boolean value."""
    value = evaluate(text, root, current)
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return bool(value)
