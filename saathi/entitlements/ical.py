"""The agenda as iCalendar (RFC 5545), written by hand: all-day events, no member names.

A calendar on a phone syncs to third-party servers, so an event says only what is needed
to act: the kind of date, the application's reference, the scheme, the office and the
office's reference number. The member is found by opening the reference in Saathi.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuation lines starting with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _what(app) -> str:
    if app.deadline and app.due_on == app.deadline:
        return _("Deadline")
    return _("Follow-up")


def agenda_ics(items) -> bytes:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Saathi//Agenda//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Saathi",
    ]
    for app in items:
        day = app.due_on
        summary = f"{_what(app)}: {app.reference} · {app.scheme.name}"
        details = [f"{_('Status')}: {app.get_status_display()}"]
        if app.office:
            details.append(f"{_('Office')}: {app.office}")
        if app.authority_reference:
            details.append(f"{_('Office reference')}: {app.authority_reference}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{app.uuid}-{day:%Y%m%d}@saathi",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(chr(10).join(details))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode()
