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

from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda
from saathi.core.policy import Cap, Role, scope_for

from .models import OPEN_CLAIM_STATUSES, ActionItem, Claim, GroupSession
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
def _item_entry(item: ActionItem, *, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{ITEM_KIND}:{item.uuid}:{item.due_on:%Y%m%d}",
        kind=ITEM_KIND,
        on=item.due_on,
        title=format_lazy(_("To do: {text}"), text=item.text),
        url=reverse("collectives:session_detail", args=[item.session.uuid]),
        reminder=format_lazy(
            _("To do by {day} ({reference})."),
            day=item.due_on.strftime("%d/%m/%Y"),
            reference=item.reference,
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def item_entries(user, start: date, end: date):
    """Open items due in the window that ``user`` answers for: those naming her, and
    those naming a member of a collective she leads."""
    mine = Q(user=user)
    reach = scope_for(user, Cap.VIEW_SESSIONS).collectives
    led = [g.collective_id for g in _leader_grants(user) if g.collective_id in reach]
    if led:
        mine |= Q(collective_id__in=led, member__isnull=False)
    qs = (
        ActionItem.objects.visible_to(user)
        .open()
        .filter(mine, due_on__gte=start, due_on__lte=end)
        .select_related("session")
        .only("uuid", "reference", "text", "due_on", "session__uuid")
        .order_by("due_on", "id")
    )
    for item in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _item_entry(item)


def _leader_grants(user):
    from saathi.core.policy import grants_of

    return [g for g in grants_of(user) if g.role == Role.COLLECTIVE_LEADER and g.collective_id]


def item_due(start: date, end: date):
    qs = (
        ActionItem.objects.open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("session")
        .order_by("due_on", "id")
    )
    items = list(qs[:20_000])
    leaders = leaders_of({i.collective_id for i in items if i.member_id})
    for item in items:
        users = {item.user_id} if item.user_id else leaders.get(item.collective_id, set())
        if users:
            yield _item_entry(item, user_ids=users)


# ------------------------------------------------------------------ sessions
def _session_entry(session: GroupSession, *, user_ids=()) -> agenda.Entry:
    day = session.on.strftime("%d/%m/%Y")
    return agenda.Entry(
        key=f"{SESSION_KIND}:{session.uuid}:{session.on:%Y%m%d}",
        kind=SESSION_KIND,
        on=session.on,
        at=session.at,
        title=format_lazy(
            "{kind} · {collective}",
            kind=session.get_kind_display(),
            collective=session.collective.name_native or session.collective.name,
        ),
        url=reverse("collectives:session_detail", args=[session.uuid]),
        place=session.place,
        reminder=(
            format_lazy(
                _("Meeting on {day} at {time}, {place}."),
                day=day,
                time=session.at.strftime("%H:%M"),
                place=session.place or "—",
            )
            if session.at
            else format_lazy(_("Meeting on {day}, {place}."), day=day, place=session.place or "—")
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def session_entries(user, start: date, end: date):
    """Sessions between the dates (not held yet: the past ones are minutes, not dates)."""
    from django.utils import timezone

    start = max(start, timezone.localdate())
    qs = (
        pinned(GroupSession.objects.visible_to(user), user, Cap.VIEW_SESSIONS)
        .filter(on__gte=start, on__lte=end)
        .select_related("collective")
        # a session without a time first, as Entry.sort_key has it (PostgreSQL puts
        # NULL last unless told)
        .order_by("on", F("at").asc(nulls_first=True), "id")
    )
    for session in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _session_entry(session)


def session_due(start: date, end: date):
    sessions = list(
        GroupSession.objects.filter(on__gte=start, on__lte=end)
        .select_related("collective")
        .order_by("on", "at", "id")[:20_000]
    )
    leaders = leaders_of({s.collective_id for s in sessions})
    for s in sessions:
        users = set(leaders.get(s.collective_id, set()))
        if s.facilitator_id:
            users.add(s.facilitator_id)
        if users:
            yield _session_entry(s, user_ids=users)


# ------------------------------------------------------------------ claim follow-ups
def _claim_entry(claim: Claim, *, user_ids=()) -> agenda.Entry:
    assert claim.next_follow_up is not None
    return agenda.Entry(
        key=f"{CLAIM_KIND}:{claim.uuid}:{claim.next_follow_up:%Y%m%d}",
        kind=CLAIM_KIND,
        on=claim.next_follow_up,
        title=format_lazy(_("Follow up the claim: {title}"), title=claim.title),
        url=reverse("collectives:claim_detail", args=[claim.uuid]),
        place=claim.duty_bearer.office,
        reminder=format_lazy(
            _("Follow-up for {reference} on {day}."),
            reference=claim.reference,
            day=claim.next_follow_up.strftime("%d/%m/%Y"),
        ),
        user_ids=tuple(sorted(user_ids)),
    )


def claim_entries(user, start: date, end: date):
    qs = (
        pinned(Claim.objects.visible_to(user), user, Cap.VIEW_CLAIMS)
        .filter(status__in=OPEN_CLAIM_STATUSES, next_follow_up__gte=start, next_follow_up__lte=end)
        .select_related("duty_bearer")
        .only("uuid", "reference", "title", "next_follow_up", "duty_bearer__office")
        .order_by("next_follow_up", "id")
    )
    for claim in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _claim_entry(claim)


def claim_due(start: date, end: date):
    qs = (
        Claim.objects.filter(
            status__in=OPEN_CLAIM_STATUSES,
            next_follow_up__gte=start,
            next_follow_up__lte=end,
            created_by__isnull=False,
        )
        .select_related("duty_bearer")
        .order_by("next_follow_up", "id")
    )
    for claim in qs.iterator(chunk_size=2000):
        yield _claim_entry(claim, user_ids=(claim.created_by_id,))


def register() -> None:
    agenda.register(ITEM_KIND, label=_("Action items"), entries=item_entries, due=item_due)
    agenda.register(SESSION_KIND, label=_("Meetings"), entries=session_entries, due=session_due)
    agenda.register(CLAIM_KIND, label=_("Collective claims"), entries=claim_entries, due=claim_due)
