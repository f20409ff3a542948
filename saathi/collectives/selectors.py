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
    qs = (
        GroupSession.objects.visible_to(user)
        .filter(collective=collective)
        .select_related("led_by")
        .order_by("-on", "-id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


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
            collective_id=session.collective_id, attendance_taken_at__isnull=False
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
        GroupSession.objects.visible_to(user)
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
    qs = Claim.objects.visible_to(user)
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
    """A leader's record of growth: the posts she held, the sessions she led."""
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
    }
