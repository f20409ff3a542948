"""What advocacy puts on the agenda: the follow-ups of advocacy actions.

The title names the action's reference and its short title (a demand, never a member);
the reminder names only the reference and the day."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import FollowUp

KIND = "advocacy.follow_up"


def _entry(fu: FollowUp, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{KIND}:{fu.uuid}:{fu.due_on:%Y%m%d}",
        kind=KIND,
        on=fu.due_on,
        title=f"{fu.action.reference} · {fu.note}",
        url=reverse("advocacy:action_detail", args=[fu.action.uuid]),
        reminder=format_lazy(
            _("Follow-up of {reference} on {day}."),
            reference=fu.action.reference,
            day=fu.due_on.strftime("%d/%m/%Y"),
        ),
        user_ids=user_ids,
    )


def entries(user, start: date, end: date):
    qs = (
        FollowUp.objects.visible_to(user)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("action")
        .only("uuid", "due_on", "note", "action__uuid", "action__reference")
        .order_by("due_on", "id")
    )
    for fu in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _entry(fu)


def due(start: date, end: date):
    """Open follow-ups due in the window, for the user it is given to (else whoever
    recorded it); the core sends it only if she still reaches it (``entries``)."""
    qs = (
        FollowUp.objects.open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("action")
        .order_by("due_on", "id")
    )
    for fu in qs.iterator(chunk_size=2000):
        yield _entry(fu, user_ids=(fu.assigned_to_id or fu.created_by_id,))


def register() -> None:
    agenda.register(KIND, label=_("Advocacy follow-ups"), entries=entries, due=due)
