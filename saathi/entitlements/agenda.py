"""What entitlements put on the agenda: applications' follow-ups and deadlines.

Registered in ``EntitlementsConfig.ready()`` (see ``saathi/core/agenda``). The title names
the application's reference and scheme, never the member (a phone calendar syncs to
third-party servers); the reminder names only the reference and the date, because a
scheme's name can say what a member went through.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import Application

KIND = "entitlements.follow_up"


def _what(app):
    if app.deadline and app.due_on == app.deadline:
        return _("Deadline")
    return _("Follow-up")


def _entry(app, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{KIND}:{app.uuid}:{app.due_on:%Y%m%d}",
        kind=KIND,
        on=app.due_on,
        title=f"{_what(app)}: {app.reference} · {app.scheme.name}",
        url=reverse("entitlements:application_detail", args=[app.uuid]),
        place=app.office,
        reminder=format_lazy(
            _("{what} for {reference} on {day}."),
            what=_what(app),
            reference=app.reference,
            day=app.due_on.strftime("%d/%m/%Y"),
        ),
        user_ids=user_ids,
    )


def entries(user, start: date, end: date):
    qs = (
        Application.objects.visible_to(user)
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("scheme")
        .order_by("due_on", "id")
    )
    for app in qs[: agenda.MAX_PER_KIND + 1]:
        yield _entry(app)


def due(start: date, end: date):
    """Open applications due in the window, for whoever started them (the reminder is sent
    only if she still reaches the application: the core checks with ``entries``)."""
    qs = (
        Application.objects.filter(due_on__gte=start, due_on__lte=end, created_by__isnull=False)
        .select_related("scheme")
        .order_by("due_on", "id")
    )
    for app in qs.iterator(chunk_size=2000):
        yield _entry(app, user_ids=(app.created_by_id,))


def register() -> None:
    agenda.register(
        KIND, label=_("Follow-ups and deadlines of applications"), entries=entries, due=due
    )
