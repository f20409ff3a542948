"""What advocacy puts on the agenda: the follow-ups of advocacy actions.

The title names the action's reference and its short title (a demand, never a member);
the reminder names only the reference and the day."""

from __future__ import annotations

from datetime import date

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import FollowUp

KIND = "advocacy.follow_up"


def _entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{KIND}:{row.uuid}:{row.on:%Y%m%d}",
        kind=KIND,
        on=row.on,
        title=f"{row.ref} · {row.text}",
        url=reverse("advocacy:action_detail", args=[row.link]),
        reminder=format_lazy(
            _("Follow-up of {reference} on {day}."),
            reference=row.ref,
            day=row.on.strftime("%d/%m/%Y"),
        ),
        user_ids=user_ids,
    )


def _follow_ups(qs, start: date, end: date, **extra):
    qs = qs.open().filter(due_on__gte=start, due_on__lte=end).order_by("due_on", "id")
    return agenda.shape(
        qs, on="due_on", text="note", ref="action__reference", link="action__uuid", **extra
    )


def select(user, start: date, end: date):
    return _follow_ups(FollowUp.objects.visible_to(user), start, end)


def due(start: date, end: date):
    """Open follow-ups due in the window, for the user it is given to (else whoever
    recorded it); the core sends it only if she still reaches it (``entries``)."""
    who = Coalesce("assigned_to_id", "created_by_id")
    for row in agenda.read(_follow_ups(FollowUp.objects.all(), start, end, who=who)):
        yield _entry(row, user_ids=(row.extra["who"],))


def register() -> None:
    agenda.register(KIND, label=_("Advocacy follow-ups"), select=select, build=_entry, due=due)
