"""XLSForm rules in words, for people: ". >= 1 and . <= 30" -> "between 1 and 30",
"${has_card} = 'yes'" -> "“Does the household have a ration card?” is “Yes”".

Built on the expression parser (``xpr.parse``): every construct it accepts has words here;
an expression it refuses is shown as written. Question names are replaced by their labels
and choice names by their labels, in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from . import xpr

TYPE_LABELS = {
    "integer": pgettext_lazy("question type", "whole number"),
    "decimal": pgettext_lazy("question type", "number"),
    "date": pgettext_lazy("question type", "date"),
    "select_one": pgettext_lazy("question type", "one choice"),
    "select_multiple": pgettext_lazy("question type", "one or more choices"),
    "text": pgettext_lazy("question type", "text"),
    "note": pgettext_lazy("question type", "note"),
}


def type_label(qtype: str) -> str:
    return str(TYPE_LABELS.get(qtype, qtype))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Words:
    def __init__(self, spec, language: str | None):
        self.spec = spec
        self.language = language

    def question(self, name: str) -> str:
        q = self.spec.by_name.get(name) if self.spec else None
        label = self.spec.text(q.get("label"), self.language) if q else ""
        return f"“{label or name}”"

    def choice(self, ref: xpr.Node | None, value: str) -> str:
        name = ref.value if ref is not None and ref.op == "ref" else None
        q = self.spec.by_name.get(name) if (self.spec and name) else None
        for c in (q or {}).get("choices", []):
            if c["name"] == value:
                return f"“{self.spec.text(c['label'], self.language) or value}”"
        return f"“{value}”"

    def value(self, node: xpr.Node, other: xpr.Node | None = None) -> str:
        if node.op == "num":
            return _num(node.value)
        if node.op == "str":
            if other is not None and other.op == "ref":
                return self.choice(other, node.value)
            return f"“{node.value}”"
        if node.op == "ref":
            return self.question(node.value)
        if node.op == "dot":
            return _("the answer")
        if node.op == "neg":
            return "-" + self.value(node.args[0])
        if node.op == "call":
            return self.call(node)
        if node.op in ("+", "-", "*", "div", "mod"):
            sign = {"div": "÷", "mod": "mod", "*": "×"}.get(node.op, node.op)
            return f"{self.value(node.args[0])} {sign} {self.value(node.args[1])}"
        return self.words(node)

    def call(self, node: xpr.Node) -> str:
        name, args = node.value, node.args
        if name == "today":
            return _("today")
        if name == "true":
            return _("yes")
        if name == "false":
            return _("no")
        if name == "not":
            return _("not (%(rule)s)") % {"rule": self.words(args[0])}
        if name == "selected":
            return _("%(question)s includes %(choice)s") % {
                "question": self.value(args[0]),
                "choice": self.value(args[1], args[0]),
            }
        if name == "count-selected":
            return _("the number of choices ticked in %(question)s") % {
                "question": self.value(args[0])
            }
        if name == "string-length":
            return _("the length of %(value)s") % {"value": self.value(args[0])}
        return name

    def comparison(self, node: xpr.Node) -> str:
        a, b = node.args
        if a.op not in ("dot", "ref", "call") and b.op in ("dot", "ref", "call"):
            flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
            a, b, op = b, a, flip[node.op]
        else:
            op = node.op
        if b.op == "str" and b.value == "" and op in ("=", "!="):
            what = self.value(a)
            return (_("%(q)s is not answered") if op == "=" else _("%(q)s is answered")) % {
                "q": what
            }
        subject = self.value(a)
        limit = self.value(b, a)
        own = a.op == "dot"
        if a.op == "call" and a.value == "string-length" and a.args[0].op == "dot":
            texts = {
                "<": _("fewer than %(n)s characters"),
                "<=": _("at most %(n)s characters"),
                ">": _("more than %(n)s characters"),
                ">=": _("at least %(n)s characters"),
                "=": _("exactly %(n)s characters"),
                "!=": _("not exactly %(n)s characters"),
            }
            return texts[op] % {"n": limit}
        if own:
            texts = {
                "<": _("less than %(v)s"),
                "<=": _("at most %(v)s"),
                ">": _("more than %(v)s"),
                ">=": _("at least %(v)s"),
                "=": _("equal to %(v)s"),
                "!=": _("anything but %(v)s"),
            }
            return texts[op] % {"v": limit}
        texts = {
            "<": _("%(q)s is less than %(v)s"),
            "<=": _("%(q)s is at most %(v)s"),
            ">": _("%(q)s is more than %(v)s"),
            ">=": _("%(q)s is at least %(v)s"),
            "=": _("%(q)s is %(v)s"),
            "!=": _("%(q)s is not %(v)s"),
        }
        return texts[op] % {"q": subject, "v": limit}

    def between(self, node: xpr.Node) -> str | None:
        """ ". >= 1 and . <= 30" (either order): "between 1 and 30"."""
        bounds = {}
        for c in node.args:
            if c.op not in (">=", "<=") or c.args[0].op != "dot" or c.args[1].op != "num":
                return None
            bounds[c.op] = c.args[1].value
        if len(bounds) != 2 or bounds[">="] > bounds["<="]:
            return None
        return _("between %(low)s and %(high)s") % {
            "low": _num(bounds[">="]),
            "high": _num(bounds["<="]),
        }

    def words(self, node: xpr.Node) -> str:
        if node.op == "and":
            return self.between(node) or _("%(a)s and %(b)s") % {
                "a": self.words(node.args[0]),
                "b": self.words(node.args[1]),
            }
        if node.op == "or":
            return _("%(a)s or %(b)s") % {
                "a": self.words(node.args[0]),
                "b": self.words(node.args[1]),
            }
        if node.op in ("=", "!=", "<", "<=", ">", ">="):
            return self.comparison(node)
        return self.value(node)


def describe(text: str, spec=None, language: str | None = None) -> str:
    """``text`` (an XLSForm relevant, constraint or required expression) in words; as
    written when it cannot be read."""
    text = (text or "").strip()
    if not text:
        return ""
    if text == "yes":
        return _("yes")
    try:
        return _Words(spec, language).words(xpr.parse(text))
    except (xpr.ExpressionError, RecursionError):
        return text
