"""Advocacy API: media engagements, advocacy actions and outcomes, read-only and scoped.

Engagements are served *without identities*: no participant, no name, nothing of what a
woman agreed may be shown of her; only how many take part and how many consents are
missing. Actions give the offices addressed and how many took part, never who; outcomes
give whom they reach as a count and never their evidence. Every query goes through
``visible_to``; another organisation's records answer 404."""

from datetime import date, datetime
from uuid import UUID

from django.db.models import Count
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from saathi.api.kit import Pagination, requires
from saathi.core.policy import Cap

from . import access, selectors
from .models import AdvocacyAction, Engagement, Outcome

router = Router(tags=["advocacy"])


def _uuid_or_none(obj):
    return obj.uuid if obj is not None else None


class EngagementOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    on: date
    topic: str
    status: str
    outlet: str | None = None
    collective: UUID | None = None
    campaign: UUID | None = None
    live: bool
    briefing_on: date | None
    rehearsal_on: date | None
    participant_count: int
    consents_missing: int = Field(
        ..., description="participants without an active consent: publication is refused"
    )
    published_on: date | None
    published_link: str
    reach: int | None

    @staticmethod
    def resolve_outlet(obj):
        return obj.outlet.name if obj.outlet_id else None

    @staticmethod
    def resolve_collective(obj):
        return _uuid_or_none(obj.collective)

    @staticmethod
    def resolve_campaign(obj):
        return _uuid_or_none(obj.campaign)


class EngagementFilter(Schema):
    status: str | None = Field(None, max_length=12)
    collective: UUID | None = None


def _with_counts(qs):
    """participant_count and consents_missing, read with the engagements (no N+1)."""
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import IdentityConsent, Participant

    missing = (
        Participant.objects.filter(engagement=OuterRef("pk"))
        .exclude(
            Exists(
                IdentityConsent.objects.filter(
                    participant=OuterRef("pk"), withdrawn_at__isnull=True
                )
            )
        )
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        Participant.objects.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        participant_count=Coalesce(Subquery(total), 0),
        consents_missing=Coalesce(Subquery(missing), 0),
    )


@router.get("/advocacy/engagements", response=list[EngagementOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_ADVOCACY)
def list_engagements(request, filters: Query[EngagementFilter]):
    qs = selectors.engagements_matching(request.user, status=filters.status or "")
    if filters.collective:
        qs = qs.filter(collective__uuid=filters.collective)
    return _with_counts(qs.select_related("campaign"))


@router.get("/advocacy/engagements/{uuid}", response=EngagementOut)
def get_engagement(request, uuid: UUID):
    engagement = access.access_engagement(request.user, uuid)
    return _with_counts(Engagement.objects.filter(pk=engagement.pk)).select_related(
        "outlet", "collective", "campaign"
    )[0]


class BearerOut(Schema):
    uuid: UUID
    title: str
    office: str


class ActionOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    on: date
    title: str
    demand: str
    collective: UUID | None = None
    campaign: UUID | None = None
    duty_bearers: list[BearerOut]
    participant_count: int = Field(..., description="members who took part (never who)")
    others_count: int
    response: str
    response_on: date | None
    claims: list[UUID]
    updated_at: datetime

    @staticmethod
    def resolve_collective(obj):
        return _uuid_or_none(obj.collective)

    @staticmethod
    def resolve_campaign(obj):
        return _uuid_or_none(obj.campaign)

    @staticmethod
    def resolve_duty_bearers(obj):
        return list(obj.duty_bearers.all())

    @staticmethod
    def resolve_claims(obj):
        return [c.uuid for c in obj.claims.all()]


class ActionFilter(Schema):
    kind: str | None = Field(None, max_length=16)
    collective: UUID | None = None


def _actions(qs):
    """The count of participants as a subquery per row of the page (a GROUP BY over the
    whole scoped list would read every action before paging)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    through = AdvocacyAction.participants.through
    n = (
        through.objects.filter(advocacyaction_id=OuterRef("pk"))
        .order_by()
        .values("advocacyaction_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("collective", "campaign")
        .annotate(participant_count=Coalesce(Subquery(n), 0))
        .prefetch_related("duty_bearers", "claims")
    )


@router.get("/advocacy/actions", response=list[ActionOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_ADVOCACY)
def list_actions(request, filters: Query[ActionFilter]):
    qs = selectors.actions_matching(request.user, kind=filters.kind or "")
    if filters.collective:
        qs = qs.filter(collective__uuid=filters.collective)
    return _actions(qs)


@router.get("/advocacy/actions/{uuid}", response=ActionOut)
def get_action(request, uuid: UUID):
    action = access.access_action(request.user, uuid)
    return _actions(AdvocacyAction.objects.filter(pk=action.pk))[0]


class OutcomeOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    title: str
    description: str
    on: date
    collective: UUID | None = None
    campaign: UUID | None = None
    evidence_reference: str
    has_evidence: bool
    reach_count: int | None
    members_reached: int = Field(..., description="members named as reached (never who)")
    verified: bool
    verified_at: datetime | None
    actions: list[UUID]
    engagements: list[UUID]
    claims: list[UUID]

    @staticmethod
    def resolve_collective(obj):
        return _uuid_or_none(obj.collective)

    @staticmethod
    def resolve_campaign(obj):
        return _uuid_or_none(obj.campaign)

    @staticmethod
    def resolve_has_evidence(obj):
        return bool(obj.evidence_file)

    @staticmethod
    def resolve_actions(obj):
        return [a.uuid for a in obj.actions.all()]

    @staticmethod
    def resolve_engagements(obj):
        return [e.uuid for e in obj.engagements.all()]

    @staticmethod
    def resolve_claims(obj):
        return [c.uuid for c in obj.claims.all()]


def _outcomes(qs):
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    through = Outcome.reached_members.through
    n = (
        through.objects.filter(outcome_id=OuterRef("pk"))
        .order_by()
        .values("outcome_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("collective", "campaign")
        .annotate(members_reached=Coalesce(Subquery(n), 0))
        .prefetch_related("actions", "engagements", "claims")
        .order_by("-on", "-id")
    )


@router.get("/advocacy/outcomes", response=list[OutcomeOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_ADVOCACY)
def list_outcomes(request, verified: bool | None = None):
    qs = Outcome.objects.visible_to(request.user)
    if verified is not None:
        qs = qs.filter(verified_at__isnull=not verified)
    return _outcomes(qs)


@router.get("/advocacy/outcomes/{uuid}", response=OutcomeOut)
def get_outcome(request, uuid: UUID):
    outcome = access.access_outcome(request.user, uuid)
    return _outcomes(Outcome.objects.filter(pk=outcome.pk))[0]
