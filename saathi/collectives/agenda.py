"""What collectives put on the agenda and into reminders (``saathi/core/agenda``, ADR 0025):
open action items, group sessions, and the follow-ups of collective claims.

* An **action item** is on the agenda of the person responsible: the user it names, or,
  when it names a member (members have no account), the leaders of her collective, who
  follow it up. Reminders go to the same people.
* A **session** is on the agenda of whoever reaches the collective's sessions; reminders
  go to the leaders of the collective and the facilitator supporting it.
* A claim's **next follow-up** is on the agenda of whoever reaches the claim; the reminder
  goes to whoever drafted it.

Titles carry the item's own words or the claim's title, never a member's name; reminders
carry only a neutral word, the reference and the date ("To do by 12/12/2026
(ACT-2026-000123)."): a phone's lock screen is read by others.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda
from saathi.core.policy import Cap, Role, scope_for

from .models import OPEN_CLAIM_STATUSES, ActionItem, Claim, GroupSession, SessionKind
from .selectors import pinned

ITEM_KIND = "collectives.action_item"
SESSION_KIND = "collectives.session"
CLAIM_KIND = "collectives.claim_follow_up"


def leaders_of(collective_ids) -> dict[int, set[int]]:
    """The users holding a current collective-leader grant on each collective."""
    from saathi.accounts.models import RoleGrant

    out: dict[int, set[int]] = {}
    rows = RoleGrant.objects.filter(
        collective_id__in=list(collective_ids),
        role=Role.COLLECTIVE_LEADER,
        revoked_at__isnull=True,
        user__is_active=True,
    ).values_list("collective_id", "user_id")
    for coll, user in rows:
        out.setdefault(coll, set()).add(user)
    return out


# ------------------------------------------------------------------ action items
def _item_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{ITEM_KIND}:{row.uuid}:{row.on:%Y%m%d}",
        kind=ITEM_KIND,
        on=row.on,
        title=format_lazy(_("To do: {text}"), text=row.text),
        url=reverse("collectives:session_detail", args=[row.link]),
        reminder=format_lazy(
            _("To do by {day} ({reference})."), day=row.on.strftime("%d/%m/%Y"), reference=row.ref
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def _items(qs, **extra):
    return agenda.shape(
        qs.order_by("due_on", "id"),
        on="due_on",
        text="text",
        ref="reference",
        link="session__uuid",
        **extra,
    )


def item_select(user, start: date, end: date):
    """Open items due in the window that ``user`` answers for: those naming her, and
    those naming a member of a collective she leads."""
    mine = Q(user=user)
    reach = scope_for(user, Cap.VIEW_SESSIONS).collectives
    led = [g.collective_id for g in _leader_grants(user) if g.collective_id in reach]
    if led:
        mine |= Q(collective_id__in=led, member__isnull=False)
    qs = ActionItem.objects.visible_to(user).open().filter(mine, due_on__gte=start, due_on__lte=end)
    return _items(qs)


def _leader_grants(user):
    from saathi.core.policy import grants_of

    return [g for g in grants_of(user) if g.role == Role.COLLECTIVE_LEADER and g.collective_id]


def item_due(start: date, end: date):
    qs = ActionItem.objects.open().filter(due_on__gte=start, due_on__lte=end)
    shaped = _items(qs, collective="collective_id", member="member_id", user="user_id")
    rows = list(agenda.read(shaped[:20_000]))
    leaders = leaders_of({r.extra["collective"] for r in rows if r.extra["member"]})
    for row in rows:
        user = row.extra["user"]
        users = {user} if user else leaders.get(row.extra["collective"], set())
        if users:
            yield _item_entry(row, user_ids=users)


# ------------------------------------------------------------------ sessions
_SESSION_KINDS = dict(SessionKind.choices)


def _session_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    day = row.on.strftime("%d/%m/%Y")
    return agenda.Entry(
        key=f"{SESSION_KIND}:{row.uuid}:{row.on:%Y%m%d}",
        kind=SESSION_KIND,
        on=row.on,
        at=row.at,
        title=format_lazy(
            "{kind} · {collective}",
            kind=_SESSION_KINDS.get(row.code, row.code),
            collective=row.text,
        ),
        url=reverse("collectives:session_detail", args=[row.uuid]),
        place=row.place,
        reminder=(
            format_lazy(
                _("Meeting on {day} at {time}, {place}."),
                day=day,
                time=row.at.strftime("%H:%M"),
                place=row.place or "—",
            )
            if row.at
            else format_lazy(_("Meeting on {day}, {place}."), day=day, place=row.place or "—")
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def _sessions(qs, **extra):
    return agenda.shape(
        # a session without a time first, as Entry.sort_key has it (PostgreSQL puts
        # NULL last unless told)
        qs.order_by("on", F("at").asc(nulls_first=True), "id"),
        on="on",
        at="at",
        code="kind",
        text=Coalesce(
            NullIf("collective__name_native", Value("")),
            "collective__name",
            output_field=TextField(),
        ),
        place="place",
        **extra,
    )


def session_select(user, start: date, end: date):
    """Sessions between the dates (not held yet: the past ones are minutes, not dates)."""
    from django.utils import timezone

    start = max(start, timezone.localdate())
    qs = pinned(GroupSession.objects.visible_to(user), user, Cap.VIEW_SESSIONS).filter(
        on__gte=start, on__lte=end
    )
    return _sessions(qs)


def session_due(start: date, end: date):
    qs = GroupSession.objects.filter(on__gte=start, on__lte=end)
    shaped = _sessions(qs, collective="collective_id", facilitator="facilitator_id")
    rows = list(agenda.read(shaped[:20_000]))
    leaders = leaders_of({r.extra["collective"] for r in rows})
    for row in rows:
        users = set(leaders.get(row.extra["collective"], set()))
        if row.extra["facilitator"]:
            users.add(row.extra["facilitator"])
        if users:
            yield _session_entry(row, user_ids=users)


# ------------------------------------------------------------------ claim follow-ups
def _claim_entry(row: agenda.Found, start: date | None = None, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{CLAIM_KIND}:{row.uuid}:{row.on:%Y%m%d}",
        kind=CLAIM_KIND,
        on=row.on,
        title=format_lazy(_("Follow up the claim: {title}"), title=row.text),
        url=reverse("collectives:claim_detail", args=[row.uuid]),
        place=row.place,
        reminder=format_lazy(
            _("Follow-up for {reference} on {day}."),
            reference=row.ref,
            day=row.on.strftime("%d/%m/%Y"),
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def _claims(qs, start: date, end: date, **extra):
    qs = qs.filter(
        status__in=OPEN_CLAIM_STATUSES, next_follow_up__gte=start, next_follow_up__lte=end
    ).order_by("next_follow_up", "id")
    return agenda.shape(
        qs,
        on="next_follow_up",
        text="title",
        ref="reference",
        place="duty_bearer__office",
        **extra,
    )


def claim_select(user, start: date, end: date):
    return _claims(pinned(Claim.objects.visible_to(user), user, Cap.VIEW_CLAIMS), start, end)


def claim_due(start: date, end: date):
    qs = Claim.objects.filter(created_by__isnull=False)
    for row in agenda.read(_claims(qs, start, end, author="created_by_id")):
        yield _claim_entry(row, user_ids=(row.extra["author"],))


def register() -> None:
    agenda.register(
        ITEM_KIND, label=_("Action items"), select=item_select, build=_item_entry, due=item_due
    )
    agenda.register(
        SESSION_KIND,
        label=_("Meetings"),
        select=session_select,
        build=_session_entry,
        due=session_due,
    )
    agenda.register(
        CLAIM_KIND,
        label=_("Collective claims"),
        select=claim_select,
        build=_claim_entry,
        due=claim_due,
    )
