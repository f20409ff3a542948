"""The agenda as iCalendar (RFC 5545), built with the ``icalendar`` library.

A calendar on a phone syncs to third-party servers, so an event carries only what each kind
put in its entry's title and neutral place (never a member's name: see each kind's
``entries``), and a link back into Saathi. Entries without a time are all-day events; with
one, half-hour events in India's time zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from . import Entry

TZ = ZoneInfo(settings.TIME_ZONE)


def _uid(e: Entry) -> str:
    # stable across downloads (the calendar updates the event instead of adding another)
    safe = "".join(ch if ch.isalnum() or ch in "-.:" else "-" for ch in e.key)
    return f"{safe}@saathi"


def agenda_ics(entries, *, base_url: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Saathi//Agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Saathi")
    stamp = timezone.now()
    for e in entries:
        ev = Event()
        ev.add("uid", _uid(e))
        ev.add("dtstamp", stamp)
        if e.at is None:
            ev.add("dtstart", e.on)
            ev.add("dtend", e.on + timedelta(days=1))
        else:
            begin = datetime.combine(e.on, e.at, tzinfo=TZ)
            ev.add("dtstart", begin)
            ev.add("dtend", begin + timedelta(minutes=30))
        ev.add("summary", str(e.title))
        if e.place:
            ev.add("location", str(e.place))
        if e.url:
            ev.add("url", base_url + e.url if e.url.startswith("/") else e.url)
        cal.add_component(ev)
    return cal.to_ical()
