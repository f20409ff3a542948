"""The subset of XLSForm (XPath) expressions Saathi evaluates, on the server.

The same grammar is evaluated live in the browser by ``static/surveys/xlsform.js``; keep
the two in step (``tests/test_xpr.py`` runs one table of cases against both).

Supported:
  ``${name}`` references, ``.`` (the question's own answer), numbers, 'strings' and
  "strings"; ``=  !=  <  <=  >  >=``; ``and``, ``or``; ``+  -  *  div  mod``; parentheses;
  the functions ``not()``, ``selected(${x}, 'v')``, ``count-selected(${x})``,
  ``string-length()``, ``true()``, ``false()``, ``today()``.

Values follow XPath 1.0: an unanswered question is the empty string; a select_multiple
answer is its choice names separated by spaces; dates are ISO strings (compared as
strings, which orders them). ``=`` and ``!=`` compare numerically when one side is a
number, as booleans when one side is a boolean, else as strings; ``<`` and friends
compare numbers (dates: as strings); a comparison with an empty or non-numeric value is
false. Anything else (paths, other functions, ``|``) is refused by :func:`parse` with an
:class:`ExpressionError`, which import reports with its row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

FUNCTIONS = {
    "not": 1,
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "true": 0,
    "false": 0,
    "today": 0,
}

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
      | (?P<num>\d+(?:\.\d+)?|\.\d+)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
      | (?P<dot>\.(?![.\w]))
      | (?P<name>[A-Za-z_][\w\-]*)
    )""",
    re.VERBOSE,
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Parsing, evaluating and walking an expression recurse: an expression nested deeper than
# this is refused at upload (100 nested parentheses raised RecursionError, a 500).
# MAX_NESTING bounds brackets, calls and signs (each costs the parser seven frames);
# MAX_DEPTH bounds the tree, which long chains (a or b or c ...) also deepen.
MAX_NESTING = 30
MAX_DEPTH = 200


class ExpressionError(ValueError):
    """An expression Saathi cannot evaluate: a syntax error or something unsupported."""


@dataclass(frozen=True)
class Node:
    op: str  # num, str, ref, dot, call, neg, or a binary operator
    args: tuple = ()
    value: object = None
    depth: int = 1  # of the tree below and including this node


def _node(op: str, args: tuple = (), value: object = None) -> Node:
    depth = 1 + max((a.depth for a in args), default=0)
    if depth > MAX_DEPTH:
        raise ExpressionError(_too_deep())
    return Node(op, args, value, depth)


def _too_deep() -> str:
    return _("the expression is nested too deeply: simplify it or split it over questions")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(
                _("cannot read the expression at “%(text)s”") % {"text": text[pos:].strip()[:20]}
            )
        pos = m.end()
        kind = m.lastgroup if m.lastgroup != "refname" else "ref"
        if m.group("ref"):
            out.append(("ref", m.group("refname")))
        elif kind == "name":
            out.append(("name", m.group("name")))
        else:
            out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = 0
        self.nesting = 0  # open brackets, calls and signs: bounds the parser's recursion

    def enter(self):
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(_too_deep())

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, kind, value):
        tok = self.take()
        if tok != (kind, value):
            raise ExpressionError(_("“%(token)s” is missing") % {"token": value})

    def parse(self) -> Node:
        if not self.toks:
            raise ExpressionError(_("the expression is empty"))
        node = self.or_()
        if self.peek()[0] != "end":
            raise ExpressionError(_("unexpected “%(token)s”") % {"token": self.peek()[1]})
        return node

    def _binary(self, sub, ops):
        node = sub()
        while True:
            kind, value = self.peek()
            if (kind == "op" or kind == "name") and value in ops:
                self.take()
                node = _node(value, (node, sub()))
            else:
                return node

    def or_(self):
        return self._binary(self.and_, ("or",))

    def and_(self):
        return self._binary(self.cmp, ("and",))

    def cmp(self):
        return self._binary(self.add, ("=", "!=", "<", "<=", ">", ">="))

    def add(self):
        return self._binary(self.mul, ("+", "-"))

    def mul(self):
        return self._binary(self.unary, ("*", "div", "mod"))

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            self.enter()
            node = _node("neg", (self.unary(),))
            self.nesting -= 1
            return node
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return Node("num", value=float(value))
        if kind == "str":
            return Node("str", value=value[1:-1])
        if kind == "ref":
            return Node("ref", value=value)
        if kind == "dot":
            return Node("dot")
        if kind == "op" and value == "(":
            self.enter()
            node = self.or_()
            self.expect("op", ")")
            self.nesting -= 1
            return node
        if kind == "name":
            if self.peek() != ("op", "("):
                raise ExpressionError(
                    _("“%(name)s” is not supported (refer to questions as ${name})")
                    % {"name": value}
                )
            if value not in FUNCTIONS:
                raise ExpressionError(
                    _("the function %(name)s() is not supported") % {"name": value}
                )
            self.take()
            self.enter()
            args = []
            if self.peek() != ("op", ")"):
                args.append(self.or_())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.or_())
            self.expect("op", ")")
            self.nesting -= 1
            if len(args) != FUNCTIONS[value]:
                raise ExpressionError(
                    _("%(name)s() takes %(n)s argument(s)") % {"name": value, "n": FUNCTIONS[value]}
                )
            return _node("call", tuple(args), value)
        if kind == "end":
            raise ExpressionError(_("the expression ends too early"))
        raise ExpressionError(_("unexpected “%(token)s”") % {"token": value})


_CACHE: dict[str, Node] = {}


def parse(text: str) -> Node:
    """The syntax tree of ``text``; raises :class:`ExpressionError`. Cached."""
    node = _CACHE.get(text)
    if node is None:
        node = _Parser(text).parse()
        if len(_CACHE) < 5000:
            _CACHE[text] = node
    return node


def references(node: Node) -> set[str]:
    """The question names an expression refers to with ``${name}``."""
    if node.op == "ref":
        return {node.value}
    out: set[str] = set()
    for a in node.args:
        out |= references(a)
    return out


# ------------------------------------------------------------------------ evaluation
def to_number(v) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v).strip())
    except ValueError:
        return math.nan


def to_bool(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return not (v == 0 or math.isnan(v))
    return v != ""


def to_str(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int):
        return str(v)
    return "" if v is None else str(v)


def _compare(op: str, a, b) -> bool:
    if op in ("=", "!="):
        if isinstance(a, bool) or isinstance(b, bool):
            eq = to_bool(a) == to_bool(b)
        elif isinstance(a, int | float) or isinstance(b, int | float):
            eq = to_number(a) == to_number(b)  # NaN never equals
        else:
            eq = to_str(a) == to_str(b)
        return eq if op == "=" else not eq
    if (
        isinstance(a, str)
        and isinstance(b, str)
        and _ISO_DATE.match(a[:10])
        and _ISO_DATE.match(b[:10])
    ):
        x, y = a, b
    else:
        x, y = to_number(a), to_number(b)
        if math.isnan(x) or math.isnan(y):
            return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def evaluate(node: Node, values: dict, current=""):
    """Evaluate ``node`` with ``values`` (name -> answer in XPath form) and ``.`` = current."""
    op = node.op
    if op == "num" or op == "str":
        return node.value
    if op == "ref":
        return values.get(node.value, "")
    if op == "dot":
        return current
    if op == "neg":
        return -to_number(evaluate(node.args[0], values, current))
    if op == "or":
        return to_bool(evaluate(node.args[0], values, current)) or to_bool(
            evaluate(node.args[1], values, current)
        )
    if op == "and":
        return to_bool(evaluate(node.args[0], values, current)) and to_bool(
            evaluate(node.args[1], values, current)
        )
    if op == "call":
        name = node.value
        args = [evaluate(a, values, current) for a in node.args]
        if name == "not":
            return not to_bool(args[0])
        if name == "selected":
            return to_str(args[1]).strip() in to_str(args[0]).split()
        if name == "count-selected":
            return float(len(to_str(args[0]).split()))
        if name == "string-length":
            return float(len(to_str(args[0])))
        if name == "true":
            return True
        if name == "false":
            return False
        if name == "today":
            return date.today().isoformat()
    a = evaluate(node.args[0], values, current)
    b = evaluate(node.args[1], values, current)
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(op, a, b)
    x, y = to_number(a), to_number(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "div":
        return x / y if y else (math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x))
    if op == "mod":
        return math.fmod(x, y) if y else math.nan
    raise ExpressionError(f"unknown operator {op}")  # pragma: no cover - the parser guards


def truthy(text: str, values: dict, current="") -> bool:
    """Evaluate ``text`` as a condition (relevant, constraint, required)."""
    return to_bool(evaluate(parse(text), values, current))
