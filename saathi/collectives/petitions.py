"""Petitions and memoranda of collective claims as PDF (WeasyPrint, Noto fonts).

Only what the paper needs reaches the template: the collective, the addressee's lines
from the directory, the demand, and the members' names (in their own script, with the
Latin spelling). Occupation, health and every other confidential field are not in the
context, so no template can print them.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

FONTS = {
    "bn": "Noto Sans Bengali",
    "te": "Noto Sans Telugu",
    "hi": "Noto Sans Devanagari",
    "en": "Noto Sans",
}
MIN_ROWS = 10  # blank rows for those who sign on the day


def context(claim) -> dict:
    language = claim.language
    members = list(
        claim.members.order_by("display_name", "id").only(
            "display_name", "native_name", "preferred_language"
        )
    )
    rows = [
        {
            "name": (m.native_name if language != "en" and m.native_name else m.display_name),
            "latin": m.display_name,
            "lang": m.preferred_language if m.native_name else "en",
        }
        for m in members
    ]
    rows += [None] * max(0, MIN_ROWS - len(rows))
    collective = claim.collective
    with translation.override(language):
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        method = claim.get_method_display()
    return {
        "language": language,
        "font": FONTS.get(language, "Noto Sans"),
        "collective": (collective.name_native if language != "en" else "") or collective.name,
        "collective_latin": collective.name,
        "addressee": claim.duty_bearer.address_lines(),
        "title": claim.title,
        "demand_paragraphs": [p for p in claim.demand.split("\n") if p.strip()],
        "method": method,
        "today": today,
        "rows": rows,
        "count": claim.concerns_count,
        "reference": claim.reference,
    }


def render_html(claim) -> str:
    ctx = context(claim)
    with translation.override(claim.language):
        return render_to_string("collectives/petition_pdf.html", ctx)


def render_pdf(claim) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(claim)).write_pdf()
