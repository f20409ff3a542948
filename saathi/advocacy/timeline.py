"""A campaign's timeline as a PDF for funders and the network (WeasyPrint, Noto fonts).

The template gets only what a funder may read: the campaign, and for each item its date,
kind, title, the office addressed, the answer, the outlet, whom it reaches as a count and
the names of the members whose consent lets them be named (``selectors.timeline_items``).
No evidence that names people, no participant list, no occupation reaches it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from . import selectors

FONTS = {
    "bn": "Noto Sans Bengali",
    "te": "Noto Sans Telugu",
    "hi": "Noto Sans Devanagari",
    "en": "Noto Sans",
}
LANGUAGES = [("te", "తెలుగు"), ("bn", "বাংলা"), ("hi", "हिन्दी"), ("en", "English")]
# the PDF holds the first MAX_ITEMS items (in date order) and says so when there are more
MAX_ITEMS = 2000


def context(campaign, user, language: str) -> dict:
    items, more = selectors.timeline_items(user, campaign, limit=MAX_ITEMS)
    collective = campaign.collective
    with translation.override(language):
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    return {
        "language": language,
        "font": FONTS.get(language, "Noto Sans"),
        "campaign": campaign,
        "collective": (
            ((collective.name_native if language != "en" else "") or collective.name)
            if collective
            else ""
        ),
        "items": items,
        "more": more,
        "max_items": MAX_ITEMS,
        "today": today,
    }


def render_html(campaign, user, language: str) -> tuple[str, int]:
    ctx = context(campaign, user, language)
    with translation.override(language):
        return render_to_string("advocacy/timeline_pdf.html", ctx), len(ctx["items"])


def render_pdf(campaign, user, language: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    html, shown = render_html(campaign, user, language)
    return HTML(string=html).write_pdf(), shown
