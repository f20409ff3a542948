"""Reads for the collectives pages, API and other modules; always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from saathi.core import policy
from saathi.core.policy import Cap

from .models import ActionItem, Attendance, Claim, DutyBearer, GroupSession

PAGE_SIZE = 50


def pinned(qs, user, cap: str):
    """``qs`` (already ``visible_to``) also filtered on the organisations ``user`` reaches:
    the same rows, but a leader's query (``collective_id IN (...)`` only) then names the
    organisation too, and the planner walks the (collective, organisation, order) indexes
    instead of sorting every record of the collective (bench/pages_collectives.py)."""
    return qs.filter(organisation_id__in=policy.scope_for(user, cap).organisations_reached)


# ------------------------------------------------------------------ duty bearers
@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    level: str = ""
    state: str = ""
    district: str = ""
    archived: bool = False


def duty_bearers_matching(user, filters: DirectoryFilters = DirectoryFilters()):
    qs = DutyBearer.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.district:
        qs = qs.filter(district__iexact=filters.district.strip())
    for word in filters.q.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(office__icontains=word)
            | Q(department__icontains=word)
            | Q(official_name__icontains=word)
            | Q(district__icontains=word)
        )
    return qs.order_by("title", "office", "id")


def duty_bearer_list(user, filters: DirectoryFilters, page=1):
    return Paginator(duty_bearers_matching(user, filters), PAGE_SIZE).get_page(page)


def duty_bearer_choices(user, organisation_id: int, *, cap: str = Cap.VIEW_DUTY_BEARERS):
    """The current entries of one organisation's directory that ``user`` reaches: for the
    "addressed to" pickers of claims, advocacy actions, complaints and letters."""
    return (
        DutyBearer.objects.visible_to(user, cap)
        .current()
        .filter(organisation_id=organisation_id)
        .order_by("title", "office", "id")
    )


# ------------------------------------------------------------------ sessions
MISSED_IN_A_ROW = 3


def _members_of(collective):
    from saathi.people.models import Membership

    return Membership.objects.filter(
        collective=collective, left_on__isnull=True, member_archived=False
    )


def collective_sessions(user, collective, page=1):
    """A page of the collective's meetings, newest first: the page's ids (and the rows a
    deep page skips) are read from the ``session_collective`` index alone, then the 50
    rows themselves."""
    qs = (
        GroupSession.objects.visible_to(user)
        .filter(collective=collective, organisation_id=collective.organisation_id)
        .order_by("-on", "-id")
    )
    page_obj = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(page)
    ids = list(page_obj.object_list)
    rows = {s.pk: s for s in GroupSession.objects.filter(pk__in=ids).select_related("led_by")}
    page_obj.object_list = [rows[i] for i in ids if i in rows]
    return page_obj


def attendance_sheet(session, page=1):
    """One page (50) of the collective's current members in name order (the
    ``membership_list`` index), each with ``present``: the tick list."""
    from saathi.people.models import Member

    memberships = _members_of(session.collective).order_by("member_name", "member_id")
    page_obj = Paginator(memberships.values_list("member_id", flat=True), PAGE_SIZE).get_page(page)
    ids = list(page_obj.object_list)
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=ids).only(
            "uuid", "display_name", "native_name", "preferred_language"
        )
    }
    present = set(
        Attendance.objects.filter(session=session, member_id__in=ids).values_list(
            "member_id", flat=True
        )
    )
    rows = [members[i] for i in ids if i in members]
    for m in rows:
        m.present = m.pk in present
    return page_obj, rows


class _KnownCountPaginator(Paginator):
    """A paginator told its count (a denormalised one), saving the COUNT query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self):
        return self._known


def present_members(session, page=1):
    """Who came, by name (a page of 50); the count is the session's ``present_count``."""
    qs = (
        Attendance.objects.filter(session=session)
        .select_related("member")
        .only(
            "member__uuid",
            "member__display_name",
            "member__native_name",
            "member__preferred_language",
            "session_id",
        )
        .order_by("member__display_name", "member_id")
    )
    page_obj = _KnownCountPaginator(qs, PAGE_SIZE, count=session.present_count).get_page(page)
    page_obj.object_list = [a.member for a in page_obj.object_list]
    return page_obj


def missed_in_a_row(session, limit: int = PAGE_SIZE):
    """Current members who missed the last three sessions of the collective whose
    attendance was taken, up to and including this one (only when there are three).
    Returns (members up to ``limit``, whether there are more)."""
    from saathi.people.models import Member

    last = list(
        GroupSession.objects.filter(
            collective_id=session.collective_id,
            organisation_id=session.organisation_id,
            attendance_taken_at__isnull=False,
        )
        .filter(Q(on__lt=session.on) | Q(on=session.on, id__lte=session.pk))
        .order_by("-on", "-id")
        .values_list("pk", flat=True)[:MISSED_IN_A_ROW]
    )
    if len(last) < MISSED_IN_A_ROW or session.pk not in last:
        return [], False
    came = Attendance.objects.filter(session_id__in=last).values("member_id")
    ids = list(
        _members_of(session.collective)
        .exclude(member_id__in=came)
        .order_by("member_name", "member_id")
        .values_list("member_id", flat=True)[: limit + 1]
    )
    rows = list(
        Member.objects.filter(pk__in=ids[:limit])
        .only("uuid", "display_name", "native_name", "preferred_language")
        .order_by("display_name", "id")
    )
    return rows, len(ids) > limit


def session_page(user, session, page=1) -> dict:
    """What the session page shows: who came, who missed three in a row, its decisions and
    action items, and the items still open from the collective's earlier sessions."""
    missed, more_missed = missed_in_a_row(session)
    items = list(
        ActionItem.objects.visible_to(user)
        .filter(collective_id=session.collective_id)
        .filter(Q(session=session) | Q(status="open", session__on__lt=session.on))
        .select_related("member", "user")
        .order_by("due_on", "id")[:100]
    )
    return {
        "present": present_members(session, page),
        "member_count": _members_of(session.collective).count(),
        "missed": missed,
        "more_missed": more_missed,
        "decisions": list(session.decisions.order_by("id")),
        "items": [i for i in items if i.session_id == session.pk],
        "earlier_open": [i for i in items if i.session_id != session.pk][:20],
    }


def leader_choices(collective):
    """Members who may be named as having led a session: the collective's leaders."""
    from saathi.people.models import Member

    ids = _members_of(collective).filter(role="leader").values("member_id")
    return Member.objects.filter(pk__in=ids).order_by("display_name", "id")[:200]


def assignee_members(session):
    """Members an action item may be given to: the leaders and those present."""
    from saathi.people.models import Member

    leaders = _members_of(session.collective).filter(role="leader").values("member_id")
    came = Attendance.objects.filter(session=session).values("member_id")
    return Member.objects.filter(Q(pk__in=leaders) | Q(pk__in=came)).order_by("display_name", "id")[
        :300
    ]


def staff_choices(collective):
    """Users of the collective's organisation who may support a session or take an item:
    grants on the organisation, or on this collective."""
    from saathi.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            organisation_id=collective.organisation_id,
            grants__revoked_at__isnull=True,
        )
        .filter(Q(grants__collective__isnull=True) | Q(grants__collective=collective))
        .exclude(grants__role="viewer")
        .distinct()
        .order_by("first_name", "username")[:200]
    )


def open_items_for(user, limit: int = 10):
    """Open action items ``user`` is responsible for, and those of her collectives' members
    (a leader follows them up), soonest first."""
    from saathi.core.policy import scope_for

    scope = scope_for(user, Cap.VIEW_SESSIONS)
    qs = ActionItem.objects.visible_to(user).open()
    mine = Q(user=user)
    if scope.collectives:
        mine |= Q(collective_id__in=scope.collectives, member__isnull=False)
    return list(
        qs.filter(mine)
        .select_related("member", "user", "collective")
        .order_by("due_on", "id")[:limit]
    )


def next_sessions(user, limit: int = 3):
    return list(
        pinned(GroupSession.objects.visible_to(user), user, Cap.VIEW_SESSIONS)
        .filter(on__gte=timezone.localdate())
        .select_related("collective")
        .order_by("on", "at", "id")[:limit]
    )


def collectives_in_scope(user, page=1):
    """The collectives whose sessions ``user`` sees, by name (a page of 50)."""
    from saathi.core.scope import collectives_with

    return Paginator(collectives_with(user, Cap.VIEW_SESSIONS), PAGE_SIZE).get_page(page)


def leader_home(user, scope) -> dict:
    """A leader's home: her collective(s), the next meeting, her open action items."""
    from saathi.people.models import Collective

    collectives = list(
        Collective.objects.filter(pk__in=scope.collectives).order_by("name", "pk")[:3]
    )
    may_record = policy.has_cap(user, Cap.RECORD_SESSIONS)
    upcoming = next_sessions(user, limit=1)
    return {
        "collectives": collectives,
        "next_session": upcoming[0] if upcoming else None,
        "items": open_items_for(user, limit=5),
        "claims": claims_in_progress(user) if policy.has_cap(user, Cap.VIEW_CLAIMS) else [],
        "may_record": may_record,
        "today": timezone.localdate(),
    }


# ------------------------------------------------------------------ claims
def claims_matching(user, *, status: str = "", collective=None, open_only: bool = False):
    qs = pinned(Claim.objects.visible_to(user), user, Cap.VIEW_CLAIMS)
    if collective is not None:
        qs = qs.filter(collective=collective)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.open()
    return qs.select_related("collective", "duty_bearer").order_by("-updated_at", "-id")


def claim_list(user, *, status: str = "", collective=None, page=1):
    return Paginator(
        claims_matching(user, status=status, collective=collective), PAGE_SIZE
    ).get_page(page)


def claims_in_progress(user, limit: int = 3):
    return list(claims_matching(user, open_only=True)[:limit])


def claim_page(claim) -> dict:
    return {
        "steps": list(claim.steps.select_related("actor").order_by("at", "id")),
        "members": list(
            claim.members.order_by("display_name", "id").only(
                "uuid", "display_name", "native_name", "preferred_language"
            )[:PAGE_SIZE]
        ),
        "member_total": claim.members.count(),
    }


def claim_member_choices(collective, limit: int = 300):
    """Members a claim may name: the collective's current members, by name."""
    from saathi.people.models import Member

    ids = (
        _members_of(collective)
        .order_by("member_name", "member_id")
        .values_list("member_id", flat=True)[:limit]
    )
    return Member.objects.filter(pk__in=list(ids)).order_by("display_name", "id")


# ------------------------------------------------------------------ profile, growth
def office_bearers(collective):
    from .models import OfficeBearer

    return list(
        OfficeBearer.objects.filter(collective=collective, term_to__isnull=True)
        .select_related("member")
        .order_by("post", "id")
    )


def leader_growth(user, member) -> dict:
    """A leader's record of growth: the posts she held, the sessions she led, the
    trainings she took part in (completed or not)."""
    from .models import OfficeBearer

    return {
        "posts": list(
            OfficeBearer.objects.visible_to(user)
            .filter(member=member)
            .select_related("collective")
            .order_by("-term_from")[:50]
        ),
        "led": list(
            GroupSession.objects.visible_to(user)
            .filter(led_by=member)
            .select_related("collective")
            .order_by("-on", "-id")[:PAGE_SIZE]
        ),
        "led_count": GroupSession.objects.visible_to(user).filter(led_by=member).count(),
        "trainings": trainings_of(member),
    }


# ------------------------------------------------------------------ trainings
def trainings_matching(user, *, collective=None):
    from .models import Training

    qs = pinned(Training.objects.visible_to(user), user, Cap.VIEW_SESSIONS)
    if collective is not None:
        qs = qs.filter(collective=collective)
    return qs.select_related("collective").order_by("-created_at", "-id")


def training_list(user, page=1):
    return Paginator(trainings_matching(user), PAGE_SIZE).get_page(page)


def training_page(training) -> dict:
    """Its sessions (the topics, in order, with who came) and its participants with the
    sessions they attended and whether they completed it."""
    sessions = list(training.sessions.order_by("on", "at", "id"))
    participants = list(
        training.participants.select_related("member", "user").order_by(
            "member__display_name", "user__first_name", "user__username", "id"
        )
    )
    return {
        "sessions": sessions,
        "participants": participants,
        "completed": sum(1 for p in participants if p.completed_on),
        "topics": list(dict.fromkeys(s.topic for s in sessions)),
    }


def training_sheet(session):
    """The tick list of a training session: every participant, with ``present``."""
    from .models import TrainingAttendance

    rows = list(
        session.training.participants.select_related("member", "user").order_by(
            "member__display_name", "user__first_name", "user__username", "id"
        )
    )
    present = set(
        TrainingAttendance.objects.filter(session=session).values_list("participant_id", flat=True)
    )
    for p in rows:
        p.present = p.pk in present
    return rows


def training_session_attended(session) -> int:
    """How many participants are marked present at a training session."""
    from .models import TrainingAttendance

    return TrainingAttendance.objects.filter(session=session).count()


def training_participant_attended(participant) -> int:
    """How many sessions of her training a participant is marked present at."""
    from .models import TrainingAttendance

    return TrainingAttendance.objects.filter(participant=participant).count()


def training_member_choices(training, limit: int = 300):
    """Members who may join: the collective's current members; for a training of the
    organisation, the leaders of its collectives. Those already taking part are left out."""
    from saathi.people.models import Member, Membership

    taken = training.participants.filter(member__isnull=False).values("member_id")
    if training.collective_id:
        ids = _members_of(training.collective).exclude(member_id__in=taken)
    else:
        ids = Membership.objects.filter(
            collective__organisation_id=training.organisation_id,
            left_on__isnull=True,
            member_archived=False,
            role="leader",
        ).exclude(member_id__in=taken)
    ids = ids.order_by("member_name", "member_id").values_list("member_id", flat=True)[:limit]
    return Member.objects.filter(pk__in=list(ids)).order_by("display_name", "id")


def training_staff_choices(training):
    from saathi.accounts.models import User

    taken = training.participants.filter(user__isnull=False).values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=training.organisation_id,
            grants__revoked_at__isnull=True,
        )
        .exclude(pk__in=taken)
        .exclude(grants__role="viewer")
        .distinct()
        .order_by("first_name", "username")[:200]
    )


def trainings_of(member, limit: int = PAGE_SIZE):
    """The trainings a member took part in, for her record of growth (whoever reaches her
    record sees them: the page checked that already)."""
    from .models import TrainingParticipant

    return list(
        TrainingParticipant.objects.filter(member=member)
        .select_related("training")
        .order_by("-training__created_at", "-id")[:limit]
    )


def trainings_on(user, member, subject: str, limit: int = 20):
    """The trainings on ``subject`` that ``member`` takes part in and ``user`` reaches
    (a leader: her collective's only), newest first, each participation with its
    training (``attended`` sessions, ``completed_on``)."""
    from .models import TrainingParticipant

    return list(
        TrainingParticipant.objects.visible_to(user)
        .filter(member=member, training__subject=subject)
        .select_related("training")
        .order_by("-training__created_at", "-id")[:limit]
    )


# ------------------------------------------------------------------ figures (counts only)
FIGURE_STATUSES = ("open", "granted", "partly_granted", "refused", "withdrawn")


def figures(user, *, today=None) -> dict:
    """Counts of the collectives ``user`` sees aggregates of (viewers, funders): meetings
    of the last twelve months with their attendance, action items, trainings completed,
    and claims by outcome. Every count goes through core suppression (ADR 0029): a count
    from 1 to 4 is hidden, and so is whatever would give it away from the totals shown.
    Five queries whatever the number of records."""
    from datetime import timedelta

    from django.db.models import Count, Sum

    from saathi.core.scope import collectives_with
    from saathi.core.suppression import shown, suppress_table

    from .models import TrainingParticipant

    cap = Cap.VIEW_AGGREGATES
    today = today or timezone.localdate()
    since = today - timedelta(days=365)
    colls = list(collectives_with(user, cap)[:100])
    ids = [c.pk for c in colls]
    meet = {
        r["collective_id"]: r
        for r in pinned(GroupSession.objects.visible_to(user, cap), user, cap)
        .filter(collective_id__in=ids, on__gte=since, on__lte=today)
        .values("collective_id")
        .annotate(n=Count("id"), present=Sum("present_count"), guests=Sum("guests"))
    }
    items = {
        r["collective_id"]: r
        for r in pinned(ActionItem.objects.visible_to(user, cap), user, cap)
        .filter(collective_id__in=ids, session__on__gte=since)
        .values("collective_id")
        .annotate(
            done=Count("id", filter=Q(status="done")), open=Count("id", filter=Q(status="open"))
        )
    }
    trained = dict(
        TrainingParticipant.objects.visible_to(user, cap)
        .filter(collective_id__in=ids, completed_on__isnull=False, member__isnull=False)
        .values("collective_id")
        .annotate(n=Count("id"))
        .values_list("collective_id", "n")
    )
    from .models import OPEN_CLAIM_STATUSES

    claims: dict[int, dict[str, int]] = {}
    for r in (
        pinned(Claim.objects.visible_to(user, cap), user, cap)
        .filter(collective_id__in=ids)
        .values("collective_id", "status")
        .annotate(n=Count("id"))
    ):
        key = "open" if r["status"] in OPEN_CLAIM_STATUSES else r["status"]
        row = claims.setdefault(r["collective_id"], {})
        row[key] = row.get(key, 0) + r["n"]
    # meetings: columns add up over the collectives (the totals row); not across a row
    activity = [
        [
            meet.get(c.pk, {}).get("n") or 0,
            meet.get(c.pk, {}).get("present") or 0,
            meet.get(c.pk, {}).get("guests") or 0,
            items.get(c.pk, {}).get("done") or 0,
            items.get(c.pk, {}).get("open") or 0,
            trained.get(c.pk, 0),
        ]
        for c in colls
    ]
    hide_a = suppress_table(activity, row_totals=False, col_totals=True, total=False)
    # claims: each collective's claims split by outcome, with every margin
    outcome = [[claims.get(c.pk, {}).get(s, 0) for s in FIGURE_STATUSES] for c in colls]
    hide_c = suppress_table(outcome, row_totals=True, col_totals=True, total=True)
    width_a, width_c = 6, len(FIGURE_STATUSES)
    return {
        "since": since,
        "activity": [
            {
                "name": c.name_native or c.name,
                "cells": [shown(v, hide_a.cell(r, k)) for k, v in enumerate(activity[r])],
            }
            for r, c in enumerate(colls)
        ],
        "activity_totals": [
            shown(sum(row[k] for row in activity), hide_a.col_totals[k]) if colls else "0"
            for k in range(width_a)
        ],
        "claims": [
            {
                "name": c.name_native or c.name,
                "cells": [shown(v, hide_c.cell(r, k)) for k, v in enumerate(outcome[r])],
                "total": shown(sum(outcome[r]), hide_c.row_totals[r]),
            }
            for r, c in enumerate(colls)
        ],
        "claim_totals": [
            shown(sum(row[k] for row in outcome), hide_c.col_totals[k]) if colls else "0"
            for k in range(width_c)
        ],
        "claim_total": shown(sum(map(sum, outcome)), hide_c.total),
    }
