"""Relief API: programmes and distributions, within the caller's scope (campaigns: funds.api).

Every read goes through ``visible_to``; a record of another organisation answers 404.
Writes go through the same services as the pages (the double-distribution rule, money
checks, audit). Donor names and members' personal data beyond the reference are never
served here.
"""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, invalid, requires
from saathi.core.policy import Cap

from . import access, selectors, services
from .models import Distribution

router = Router(tags=["relief"])


class ItemOut(Schema):
    uuid: UUID
    kind: str
    name: str
    contents: str
    unit: str
    unit_value: Decimal
    planned_quantity: int
    distributed: Decimal = Decimal(0)
    households: int = 0


class ProgrammeOut(Schema):
    uuid: UUID
    reference: str
    name: str
    funder: str
    collective: UUID | None = None
    campaign: UUID | None = None
    starts_on: date
    ends_on: date | None
    budget: Decimal
    target_households: int
    interval_days: int
    eligibility_notes: str

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None

    @staticmethod
    def resolve_campaign(obj):
        return obj.campaign.uuid if obj.campaign_id else None


class ProgrammeDetailOut(ProgrammeOut):
    items: list[ItemOut]
    households_reached: int
    distributions: int
    planned_spend: Decimal
    actual_spend: Decimal
    value_distributed: Decimal

    @staticmethod
    def resolve_items(obj):
        out = []
        for ip in obj.api_progress.items:
            ip.item.distributed, ip.item.households = ip.distributed, ip.households
            out.append(ip.item)
        return out

    @staticmethod
    def resolve_households_reached(obj):
        return obj.api_progress.households

    @staticmethod
    def resolve_distributions(obj):
        return obj.api_progress.distributions

    @staticmethod
    def resolve_planned_spend(obj):
        return obj.api_progress.planned_spend

    @staticmethod
    def resolve_actual_spend(obj):
        return obj.api_progress.actual_spend

    @staticmethod
    def resolve_value_distributed(obj):
        return obj.api_progress.value_distributed


class DistributionOut(Schema):
    uuid: UUID
    programme: UUID = Field(..., alias="programme.uuid")
    item: UUID = Field(..., alias="item.uuid")
    member: UUID = Field(..., alias="member.uuid")
    member_reference: str = Field(..., alias="member.reference")
    quantity: Decimal
    amount: Decimal
    mode: str
    distributed_on: date
    place: str
    handed_over_by: str
    acknowledgement: str = Field(..., alias="ack_method")
    repeat_reason: str
    cancelled: bool = False

    @staticmethod
    def resolve_cancelled(obj):
        return obj.cancelled_at is not None


class DistributionIn(Schema):
    programme: UUID
    item: UUID
    member: UUID
    distributed_on: date
    mode: str = Field(..., description="cash, bank_transfer, upi or in_kind")
    handed_over_by: str
    quantity: Decimal | None = Field(None, description="goods: how many units")
    amount: Decimal | None = Field(None, description="cash: rupees; default the item's amount")
    place: str = ""
    repeat_reason: str = Field(
        "", description="required when her household got the item within the interval"
    )


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


@router.get("/relief/programmes", response=list[ProgrammeOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_RELIEF)
def list_programmes(request):
    return selectors.programmes_for(request.user)


@router.get("/relief/programmes/{uuid}", response=ProgrammeDetailOut)
@requires(Cap.VIEW_RELIEF)
def get_programme(request, uuid: UUID):
    programme = access.access_programme(request.user, uuid)
    programme.api_progress = selectors.programme_progress(programme)
    return programme


@router.get("/relief/distributions", response=list[DistributionOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_RELIEF)
def list_distributions(request, programme: UUID | None = None):
    qs = Distribution.objects.visible_to(request.user).select_related("programme", "item", "member")
    if programme is not None:
        qs = qs.filter(programme=access.access_programme(request.user, programme))
    return qs.order_by("-distributed_on", "-id")


@router.post(
    "/relief/distributions",
    response={201: DistributionOut, 403: FieldErrors, 422: FieldErrors},
)
@requires(Cap.RECORD_DISTRIBUTIONS)
def record_distribution(request, payload: DistributionIn):
    """Record a distribution acknowledged on a paper list (signature or thumbprint)."""
    programme = access.access_programme(request.user, payload.programme, Cap.RECORD_DISTRIBUTIONS)
    try:
        member = access.access_recipient(request.user, payload.member)
    except Http404:
        raise invalid(member=["No such member in your records."]) from None
    item = programme.items.filter(uuid=payload.item).first()
    if item is None:
        raise invalid(item=["Not an item of this programme."])
    data = services.DistributionInput(
        programme=programme,
        item=item,
        member=member,
        distributed_on=payload.distributed_on,
        mode=payload.mode,
        handed_over_by=payload.handed_over_by,
        ack_method=Distribution.Ack.PAPER,
        quantity=payload.quantity,
        amount=payload.amount,
        place=payload.place,
        repeat_reason=payload.repeat_reason,
    )
    dist = services.distribution_record(data=data, actor=request.user)
    return Status(201, dist)
