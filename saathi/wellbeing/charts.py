"""A screening's trend over time as an SVG drawn on the server: no script, a few hundred
bytes, readable on a 360-pixel phone. Band boundaries are drawn as light lines, the
scores as a line with a dot per screening; the text alternative lists every score."""

from __future__ import annotations

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .instruments import SPECS

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 22


def trend_svg(instrument: str, points: list[tuple[date, int]], title: str) -> SafeString:
    """``points``: (date, total) in date order."""
    spec = SPECS[instrument]
    top = spec.max_total
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y(v: int) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    if points:
        first, last = points[0][0], points[-1][0]
        span = max((last - first).days, 1)
    else:
        first, span = date.today(), 1

    def x(d: date) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return round(LEFT + plot_w * (d - first).days / span, 1)

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ccc" stroke-width="1"/>'
        '<text x="{}" y="{}" font-size="10" fill="#555" text-anchor="end">{}</text>',
        (
            (LEFT, y(low), WIDTH - RIGHT, y(low), LEFT - 3, y(low) + 3, low)
            for low, _band in spec.bands
        ),
    )
    axis = format_html(
        '<text x="{}" y="{}" font-size="10" fill="#555" text-anchor="end">{}</text>',
        LEFT - 3,
        y(top) + 8,
        top,
    )
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline fill="none" stroke="#7a1f5c" stroke-width="2" points="{}"/>',
            " ".join(f"{x(d)},{y(v)}" for d, v in points),
        )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="#7a1f5c"/>',
        ((x(d), y(v)) for d, v in points),
    )
    labels = ""
    if points:
        labels = format_html(
            '<text x="{}" y="{}" font-size="10" fill="#555">{}</text>'
            '<text x="{}" y="{}" font-size="10" fill="#555" text-anchor="end">{}</text>',
            LEFT,
            HEIGHT - 6,
            points[0][0].strftime("%d/%m/%y"),
            WIDTH - RIGHT,
            HEIGHT - 6,
            points[-1][0].strftime("%d/%m/%y"),
        )
    desc = "; ".join(f"{d:%d/%m/%Y}: {v}" for d, v in points) or _("No screening yet.")
    return format_html(
        '<svg class="trend" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-t {}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        instrument,
        instrument,
        instrument,
        title,
        instrument,
        desc,
        grid,
        axis,
        line,
        dots,
        mark_safe(labels) if labels else "",
    )
