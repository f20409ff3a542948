"""Reads of the advocacy pages and API, each from ``visible_to``. A page stays within
DESIGN.md's 12 queries whatever the number of rows (bench/pages_advocacy.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, Count, DateField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, TruncDate

from saathi.core import policy
from saathi.core.models import Consent
from saathi.core.policy import Cap

from .models import (
    AdvocacyAction,
    Alert,
    Campaign,
    Engagement,
    FollowUp,
    IdentityConsent,
    Journalist,
    MediaOutlet,
    Outcome,
    Participant,
)

PAGE_SIZE = 50


def paged(qs, number, size: int = PAGE_SIZE):
    """A page of ``qs`` read in two steps: the ids of the page from the list's index
    alone (the count and the skipped rows of a deep page never touch the table), then
    those rows with what they show (bench/pages_advocacy.py)."""
    page = Paginator(qs.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    rows = {o.pk: o for o in qs.filter(pk__in=ids)} if ids else {}
    page.object_list = [rows[i] for i in ids if i in rows]
    return page


def _q(qs, q: str, *fields: str):
    q = (q or "").strip()[:100]
    if not q:
        return qs
    cond = Q()
    for f in fields:
        cond |= Q(**{f"{f}__icontains": q})
    return qs.filter(cond)


# ------------------------------------------------------------------ media contacts
def outlet_list(user, *, q: str = "", archived: bool = False, page=1):
    qs = MediaOutlet.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=not archived)
    return Paginator(_q(qs, q, "name", "area").order_by("name", "id"), PAGE_SIZE).get_page(page)


def journalist_list(user, *, q: str = "", archived: bool = False, page=1):
    qs = Journalist.objects.visible_to(user).filter(archived_at__isnull=not archived)
    qs = _q(qs, q, "name", "beat").select_related("outlet").order_by("name", "id")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def outlet_choices(user, organisation_id: int):
    return list(
        MediaOutlet.objects.visible_to(user)
        .current()
        .filter(organisation_id=organisation_id)
        .order_by("name", "id")[:300]
    )


def journalist_choices(user, organisation_id: int):
    return list(
        Journalist.objects.visible_to(user)
        .current()
        .filter(organisation_id=organisation_id)
        .select_related("outlet")
        .order_by("name", "id")[:300]
    )


def journalist_page(journalist: Journalist) -> dict:
    return {"treatments": list(journalist.treatments.order_by("-on", "-id")[:PAGE_SIZE])}


# ------------------------------------------------------------------ choices for the forms
def collective_choices(user, cap: str = Cap.MANAGE_ADVOCACY):
    """Collectives where ``user`` may record advocacy (a leader: her own)."""
    from saathi.people.models import Collective

    scope = policy.scope_for(user, cap)
    return list(
        Collective.objects.filter(
            Q(organisation_id__in=scope.organisations) | Q(pk__in=scope.collectives)
        )
        .select_related("organisation")
        .order_by("name", "id")[:200]
    )


def handler_choices(organisation_id: int, collective=None):
    """Users who may handle an engagement here (they get its alerts)."""
    from saathi.accounts.models import RoleGrant, User

    roles = [r for r, caps in policy.CAPABILITIES.items() if Cap.MANAGE_ADVOCACY in caps]
    grants = RoleGrant.objects.filter(
        organisation_id=organisation_id, revoked_at__isnull=True, role__in=roles
    )
    if collective is not None:
        grants = grants.filter(Q(collective__isnull=True) | Q(collective=collective))
    else:
        grants = grants.filter(collective__isnull=True)
    return list(
        User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by(
            "first_name", "username"
        )[:200]
    )


def member_choices(organisation_id: int, collective=None, limit: int = 300):
    """Members who may take part: the collective's current members (or the
    organisation's, for a record of no collective), by name."""
    from saathi.people.models import Member, Membership

    qs = Member.objects.filter(organisation_id=organisation_id, archived_at__isnull=True)
    if collective is not None:
        qs = qs.filter(
            pk__in=Membership.objects.filter(collective=collective, left_on__isnull=True).values(
                "member_id"
            )
        )
    return list(
        qs.order_by("display_name", "id").only("uuid", "display_name", "native_name")[:limit]
    )


def campaign_choices(user, organisation_id: int, collective=None):
    qs = Campaign.objects.visible_to(user).filter(
        organisation_id=organisation_id, closed_on__isnull=True
    )
    qs = qs.filter(collective=collective) if collective is not None else qs
    return list(qs.order_by("-started_on", "-id")[:100])


def claim_choices(user, organisation_id: int, collective=None):
    from saathi.collectives.models import Claim

    qs = Claim.objects.visible_to(user).filter(organisation_id=organisation_id)
    qs = qs.filter(collective=collective) if collective is not None else qs
    return list(qs.order_by("-updated_at", "-id")[:100])


def matter_choices(user, organisation_id: int):
    """Legal matters the user reaches (none for roles without the legal capability)."""
    from saathi.legal.models import LegalMatter

    return list(
        LegalMatter.objects.visible_to(user)
        .filter(organisation_id=organisation_id)
        .order_by("-id")
        .only("uuid", "reference")[:100]
    )


def drive_choices(user, organisation_id: int):
    from saathi.entitlements.models import Drive

    return list(
        Drive.objects.visible_to(user).filter(organisation_id=organisation_id).order_by("-id")[:100]
    )


def action_choices(user, organisation_id: int, collective=None):
    qs = AdvocacyAction.objects.visible_to(user).filter(organisation_id=organisation_id)
    qs = qs.filter(collective=collective) if collective is not None else qs
    return list(qs.order_by("-on", "-id")[:100])


def engagement_choices(user, organisation_id: int, collective=None):
    qs = Engagement.objects.visible_to(user).filter(organisation_id=organisation_id)
    qs = qs.filter(collective=collective) if collective is not None else qs
    return list(qs.order_by("-on", "-id")[:100])


# ------------------------------------------------------------------ engagements
def engagements_matching(user, *, status: str = "", collective=None):
    qs = Engagement.objects.visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if collective is not None:
        qs = qs.filter(collective=collective)
    return qs.select_related("outlet", "collective").order_by("-on", "-id")


def engagement_list(user, *, status: str = "", page=1):
    return paged(engagements_matching(user, status=status), page)


@dataclass
class ParticipantRow:
    participant: Participant
    consent: IdentityConsent | None
    history: list[IdentityConsent] = field(default_factory=list)


def engagement_page(engagement: Engagement) -> dict:
    """Its participants with their current consent (and past ones), its timeline."""
    from . import services

    participants = list(engagement.participants.select_related("member").order_by("id")[:PAGE_SIZE])
    consents: dict[int, list[IdentityConsent]] = {}
    for c in IdentityConsent.objects.filter(participant__in=[p.pk for p in participants]).order_by(
        "-given_at", "-id"
    ):
        consents.setdefault(c.participant_id, []).append(c)
    rows = []
    for p in participants:
        mine = consents.get(p.pk, [])
        active = next((c for c in mine if c.withdrawn_at is None), None)
        rows.append(ParticipantRow(p, active, [c for c in mine if c is not active]))
    return {
        "rows": rows,
        "steps": list(engagement.steps.select_related("actor").order_by("at", "id")),
        "problems": services.publication_problems(engagement) if engagement.unpublished else [],
    }


def unseen_alerts(user):
    return list(
        Alert.objects.filter(user=user, seen_at__isnull=True)
        .select_related("engagement")
        .only("kind", "created_at", "engagement__uuid", "engagement__reference")[:20]
    )


# ------------------------------------------------------------------ actions
def actions_matching(user, *, kind: str = "", collective=None):
    qs = AdvocacyAction.objects.visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if collective is not None:
        qs = qs.filter(collective=collective)
    return qs.select_related("collective").order_by("-on", "-id")


def action_list(user, *, kind: str = "", page=1):
    return paged(actions_matching(user, kind=kind), page)


def action_page(user, action: AdvocacyAction) -> dict:
    from saathi.collectives.models import Claim
    from saathi.entitlements.models import Drive
    from saathi.legal.models import LegalMatter

    return {
        "bearers": list(action.duty_bearers.order_by("title", "id")),
        "participants": list(
            action.participants.order_by("display_name", "id").only(
                "uuid", "display_name", "native_name"
            )[:PAGE_SIZE]
        ),
        # links are shown only when the reader reaches the linked record herself
        "claims": list(Claim.objects.visible_to(user).filter(pk__in=action.claims.values("pk"))),
        "matters": list(
            LegalMatter.objects.visible_to(user)
            .filter(pk__in=action.legal_matters.values("pk"))
            .only("uuid", "reference")
        ),
        "drives": list(Drive.objects.visible_to(user).filter(pk__in=action.drives.values("pk"))),
        "documents": list(action.documents.order_by("added_at", "id")),
        "follow_ups": list(
            action.follow_ups.select_related("assigned_to").order_by("due_on", "id")
        ),
        "outcomes": list(Outcome.objects.visible_to(user).filter(actions=action)),
    }


# ------------------------------------------------------------------ outcomes, campaigns
def outcome_list(user, *, page=1):
    qs = Outcome.objects.visible_to(user).select_related("collective").order_by("-on", "-id")
    return paged(qs, page)


def outcome_page(user, outcome: Outcome) -> dict:
    from saathi.collectives.models import Claim

    return {
        "actions": list(AdvocacyAction.objects.visible_to(user).filter(outcomes=outcome)),
        "engagements": list(
            Engagement.objects.visible_to(user).filter(pk__in=outcome.engagements.values("pk"))
        ),
        "claims": list(Claim.objects.visible_to(user).filter(pk__in=outcome.claims.values("pk"))),
        "reached_count": outcome.reached_members.count(),
    }


def campaign_list(user, *, page=1):
    qs = Campaign.objects.visible_to(user).select_related("collective")
    return paged(qs.order_by("-started_on", "-id"), page)


# ------------------------------------------------------------------ the timeline
@dataclass
class TimelineItem:
    kind: str  # "action", "engagement", "claim", "outcome"
    on: Any
    obj: Any
    named: list[str] = field(default_factory=list)  # members her consent lets us name
    unnamed: int = 0  # the others, as a count


def _media_consent():
    return Consent.objects.filter(
        member_id=OuterRef("member_id"), purpose=Consent.Purpose.MEDIA, withdrawn_at__isnull=True
    )


def timeline_sources(user, campaign: Campaign):
    """One union of (day, kind, id) over the campaign's records that ``user`` reaches:
    a page of the timeline reads 50 of them and then only those records."""
    from saathi.collectives.models import Claim

    def tagged(qs, kind: str, day):
        return (
            qs.order_by()
            .annotate(day=day, k=Value(kind, output_field=CharField()))
            .values_list("day", "k", "pk")
        )

    actions = tagged(
        AdvocacyAction.objects.visible_to(user).filter(campaign=campaign), "action", F("on")
    )
    engagements = tagged(
        Engagement.objects.visible_to(user).filter(campaign=campaign),
        "engagement",
        Coalesce("published_on", "on"),
    )
    claims = tagged(
        Claim.objects.visible_to(user).filter(
            pk__in=Campaign.claims.through.objects.filter(campaign_id=campaign.pk).values(
                "claim_id"
            )
        ),
        "claim",
        Coalesce("submitted_on", TruncDate("created_at"), output_field=DateField()),
    )
    outcomes = tagged(
        Outcome.objects.visible_to(user).filter(campaign=campaign), "outcome", F("on")
    )
    return actions.union(engagements, claims, outcomes, all=True)


def timeline_items(user, campaign: Campaign, *, start: int = 0, limit: int = PAGE_SIZE):
    """Items ``start`` to ``start + limit`` in date order, and whether more follow: no
    count of the whole (a timeline of 5,000 is read 50 at a time). Members are named only
    as their consent allows: on an engagement, as her identity consent there permits and
    only while her registry media consent stands; on an action, by her registry media
    consent; never on an outcome (a count)."""
    from saathi.collectives.models import Claim

    rows = list(
        timeline_sources(user, campaign).order_by("day", "k", "pk")[start : start + limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    ids: dict[str, list[int]] = {}
    for _day, kind, pk in rows:
        ids.setdefault(kind, []).append(pk)
    objs: dict[tuple[str, int], Any] = {}
    named: dict[tuple[str, int], list[str]] = {}
    counts: dict[tuple[str, int], int] = {}
    if ids.get("action"):
        for a in (
            AdvocacyAction.objects.filter(pk__in=ids["action"])
            .annotate(n_participants=Count("participants", distinct=True))
            .prefetch_related("duty_bearers")
        ):
            objs[("action", a.pk)] = a
            counts[("action", a.pk)] = a.n_participants + a.others_count
        through = AdvocacyAction.participants.through
        for action_id, name in (
            through.objects.filter(advocacyaction_id__in=ids["action"])
            .filter(Exists(_media_consent()))
            .order_by("member__display_name")
            .values_list("advocacyaction_id", "member__display_name")
        ):
            named.setdefault(("action", action_id), []).append(name)
    if ids.get("engagement"):
        for e in (
            Engagement.objects.filter(pk__in=ids["engagement"])
            .annotate(n_participants=Count("participants", distinct=True))
            .select_related("outlet")
        ):
            objs[("engagement", e.pk)] = e
            counts[("engagement", e.pk)] = e.n_participants
        for c in (
            IdentityConsent.objects.filter(
                engagement_id__in=ids["engagement"], withdrawn_at__isnull=True
            )
            .filter(Exists(_media_consent()))
            .select_related("member")
            .only(
                "engagement_id", "name_shown", "pseudonym", "withdrawn_at", "member__display_name"
            )
            .order_by("id")
        ):
            shown = c.shown_name(c.member)
            if shown:
                named.setdefault(("engagement", c.engagement_id), []).append(shown)
    if ids.get("claim"):
        for cl in Claim.objects.filter(pk__in=ids["claim"]).select_related("duty_bearer"):
            objs[("claim", cl.pk)] = cl
    if ids.get("outcome"):
        for o in Outcome.objects.filter(pk__in=ids["outcome"]).annotate(
            n_reached=Count("reached_members", distinct=True)
        ):
            objs[("outcome", o.pk)] = o
    items = []
    for day, kind, pk in rows:
        obj = objs.get((kind, pk))
        if obj is None:
            continue
        names = named.get((kind, pk), [])
        items.append(
            TimelineItem(
                kind=kind,
                on=day,
                obj=obj,
                named=names,
                unnamed=max(0, counts.get((kind, pk), 0) - len(names)),
            )
        )
    return items, more


# ------------------------------------------------------------------ figures for viewers
def aggregates(user) -> dict:
    """Counts for the figures page, each suppressed below the threshold (three queries);
    the counts do not add up to one another, so each is suppressed on its own."""
    from saathi.reports.selectors import suppress

    engagements = Engagement.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    actions = AdvocacyAction.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    outcomes = Outcome.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    counts = {
        "published": engagements.filter(status="published").count(),
        "actions": actions.count(),
        "outcomes": outcomes.filter(verified_at__isnull=False).count(),
    }
    return {k: suppress(v) for k, v in counts.items()}


def open_follow_ups(user, limit: int = 5):
    return list(
        FollowUp.objects.visible_to(user)
        .open()
        .select_related("action")
        .order_by("due_on", "id")[:limit]
    )
