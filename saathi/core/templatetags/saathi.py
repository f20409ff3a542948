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


def _refused_forms(context) -> list:
    """The forms of the page that were refused: ``error_forms`` when the view names them
    (core.forms.form_view does), else every bound form (or formset) in the context."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    named = context.get("error_forms")
    request = context.get("request")
    if named is None and getattr(request, "method", "") != "POST":
        return []  # a search or filter form bound to a GET is not a refused form
    candidates = list(named) if named is not None else list(context.flatten().values())
    out, seen = [], set()
    for obj in candidates:
        forms = []
        if isinstance(obj, BaseFormSet):
            forms = [obj.management_form, *obj.forms] if obj.is_bound else []
        elif isinstance(obj, BaseForm):
            forms = [obj]
        for f in forms:
            if f.is_bound and id(f) not in seen and f.errors:
                seen.add(id(f))
                out.append(f)
    return out


@register.inclusion_tag("components/error_summary.html", takes_context=True)
def error_summary(context):
    """At the top of the page, the errors of every refused form, each linked to its field
    (components/error_summary.html; js/errors.js moves the focus to it)."""
    items = []
    for form in _refused_forms(context):
        # a form may name where its own errors are explained (``form.error_anchor``)
        anchor = getattr(form, "error_anchor", "")
        for e in form.non_field_errors():
            items.append({"text": e, "href": f"#{anchor}" if anchor else ""})
        for field in form:
            for e in field.errors:
                href = "" if field.is_hidden else f"#{field.id_for_label or field.auto_id}"
                items.append({"label": field.label, "text": e, "href": href})
    # errors a page shows outside Django forms (a survey's answers): label, text, href
    items += list(context.get("error_items") or [])
    return {"items": items, "request": context.get("request")}
