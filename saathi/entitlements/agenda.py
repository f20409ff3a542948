"""What entitlements put on the agenda: applications' follow-ups and deadlines.

Registered in ``EntitlementsConfig.ready()`` (see ``saathi/core/agenda``). The title names
the application's reference and scheme, never the member (a phone calendar syncs to
third-party servers); the reminder names only the reference and the date, because a
scheme's name can say what a member went through.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, F, TextField, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import Application

KIND = "entitlements.follow_up"


def _what(row: agenda.Found):
    return _("Deadline") if row.num else _("Follow-up")


def _entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{KIND}:{row.uuid}:{row.on:%Y%m%d}",
        kind=KIND,
        on=row.on,
        title=f"{_what(row)}: {row.ref} · {row.text}",
        url=reverse("entitlements:application_detail", args=[row.uuid]),
        place=row.place,
        reminder=format_lazy(
            _("{what} for {reference} on {day}."),
            what=_what(row),
            reference=row.ref,
            day=row.on.strftime("%d/%m/%Y"),
        ),
        user_ids=user_ids,
    )


def _applications(qs, start: date, end: date, **extra):
    qs = qs.filter(due_on__gte=start, due_on__lte=end).order_by("due_on", "id")
    # num: 1 when the date is the application's deadline
    deadline = Case(When(deadline=F("due_on"), then=1), default=0)
    return agenda.shape(
        qs,
        on="due_on",
        ref="reference",
        text=_scheme_name(),
        place="office",
        num=deadline,
        **extra,
    )


def _scheme_name():
    """The scheme's name in the reader's language, as ``Scheme.name`` has it (English,
    else its code, when the language has none)."""
    lang = (get_language() or "en")[:2]
    return Coalesce(
        NullIf(KeyTextTransform(lang, "scheme__names"), Value("")),
        NullIf(KeyTextTransform("en", "scheme__names"), Value("")),
        "scheme__code",
        output_field=TextField(),
    )


def select(user, start: date, end: date):
    # read lazily, in date order: the agenda stops after the rows its page shows
    return _applications(Application.objects.visible_to(user), start, end)


def due(start: date, end: date):
    """Open applications due in the window, for whoever started them (the reminder is sent
    only if she still reaches the application: the core checks with ``entries``)."""
    qs = Application.objects.filter(created_by__isnull=False)
    for row in agenda.read(_applications(qs, start, end, author="created_by_id")):
        yield _entry(row, user_ids=(row.extra["author"],))


def register() -> None:
    agenda.register(KIND, label=_("Applications"), select=select, build=_entry, due=due)
