import functools
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()


def indian_grouping(value) -> str:
    """1234567 -> 12,34,567 (lakh and crore grouping), whatever the active locale."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if number < 0 else ""
    s = str(abs(number))
    if len(s) <= 3:
        return sign + s
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join(groups) + "," + tail


@register.filter
def inr(value) -> str:
    """Rupees in Indian format: ₹23,00,000."""
    return "₹" + indian_grouping(value)


@register.filter
def lakh(value) -> str:
    return indian_grouping(value)


@functools.cache
def _stylesheet() -> str:
    path = finders.find("css/saathi.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


@register.simple_tag
def inline_css() -> str:
    """The whole stylesheet, inlined: no render-blocking request on a 2 s round trip."""
    return mark_safe(_stylesheet().replace("</", "<\\/"))
