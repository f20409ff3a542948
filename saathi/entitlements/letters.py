"""Letters to authorities as PDF (WeasyPrint, Noto fonts) in the member's language.

Only what a letter needs reaches it: her name (in her script and in Latin letters), her
address, the scheme and the application's references. Occupation, health and every other
confidential field are not in the context, so no template can print them.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from saathi.people.choices import DocumentKind, State

from .models import Application, LetterTemplate

FONTS = {
    "bn": "Noto Sans Bengali",
    "te": "Noto Sans Telugu",
    "hi": "Noto Sans Devanagari",
    "en": "Noto Sans",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _date(d, language: str) -> str:
    if not d:
        return "—"
    with translation.override(language):
        return formats.date_format(d, "SHORT_DATE_FORMAT")


def letter_context(app: Application, language: str) -> dict[str, str]:
    member = app.member
    with translation.override(language):
        place = [member.village, member.block, member.district, str(State(member.state).label)]
        held = set(member.documents.filter(status="held").values_list("kind", flat=True))
        wanted = []
        for item in app.scheme.required_documents or []:
            kinds = [item] if isinstance(item, str) else list(item)
            got = [k for k in kinds if k in held]
            wanted.extend(got[:1])
        docs = "\n".join(f"{i}. {DocumentKind(k).label}" for i, k in enumerate(wanted, start=1))
    name = member.display_name
    if language != "en" and member.native_name:
        name = member.native_name
    return {
        "member_name": name,
        "member_name_latin": member.display_name,
        "address": ", ".join(p for p in place if p),
        "scheme": app.scheme.name_in(language),
        "authority": app.scheme.authority,
        "office": app.office or "",
        "application_reference": app.reference,
        "authority_reference": app.authority_reference or "—",
        "submitted_on": _date(app.submitted_on, language),
        "today": _date(timezone.localdate(), language),
        "documents": docs or "—",
        "organisation": app.organisation.name,
    }


def fill(text: str, context: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), m.group(0)), text)


def render_html(app: Application, tpl: LetterTemplate, language: str) -> str:
    ctx = letter_context(app, language)
    body = fill(tpl.body, ctx)
    paragraphs = [p.split("\n") for p in re.split(r"\n\s*\n", body.strip())]
    with translation.override(language):
        return render_to_string(
            "entitlements/letter_pdf.html",
            {
                "language": language,
                "font": FONTS.get(language, "Noto Sans"),
                "subject": fill(tpl.subject, ctx),
                "paragraphs": paragraphs,
                "ctx": ctx,
            },
        )


def render_pdf(app: Application, tpl: LetterTemplate, language: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(app, tpl, language)).write_pdf()
