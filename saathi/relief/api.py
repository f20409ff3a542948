"""Relief API: programmes, distributions, campaigns and donations, within the caller's scope.

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
from .models import Distribution, Donation

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


class LedgerOut(Schema):
    raised: Decimal
    raised_in_kind: Decimal
    spent: Decimal
    balance: Decimal


class CampaignOut(Schema):
    uuid: UUID
    reference: str
    name: str
    platform: str
    partners: str
    target: Decimal
    starts_on: date
    ends_on: date | None
    ledger: LedgerOut


class DonationOut(Schema):
    uuid: UUID
    campaign: UUID = Field(..., alias="campaign.uuid")
    amount: Decimal
    received_on: date
    channel: str
    anonymous: bool
    in_kind_description: str
    reverses: UUID | None = None

    @staticmethod
    def resolve_reverses(obj):
        return obj.reverses.uuid if obj.reverses_id else None


class DonationIn(Schema):
    campaign: UUID
    amount: Decimal = Field(..., description="rupees; in kind: the estimated value")
    received_on: date
    channel: str = Field(..., description="crowdfunding, bank_transfer, upi, cheque, cash, in_kind")
    donor_name: str = ""
    anonymous: bool = False
    in_kind_description: str = ""
    transaction_ref: str = ""


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


def _campaign_out(ledger):
    c = ledger.campaign
    c.ledger = {
        "raised": ledger.raised,
        "raised_in_kind": ledger.raised_in_kind,
        "spent": ledger.spent,
        "balance": ledger.balance,
    }
    return c


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


@router.get("/relief/campaigns", response=list[CampaignOut])
@requires(Cap.VIEW_RELIEF)
def list_campaigns(request):
    ledgers = selectors.ledgers(selectors.campaigns_for(request.user)[:200])
    return [_campaign_out(ledger) for ledger in ledgers]


@router.get("/relief/campaigns/{uuid}", response=CampaignOut)
@requires(Cap.VIEW_RELIEF)
def get_campaign(request, uuid: UUID):
    campaign = access.access_campaign(request.user, uuid)
    return _campaign_out(selectors.campaign_ledger(campaign))


@router.get("/relief/donations", response=list[DonationOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_RELIEF)
def list_donations(request, campaign: UUID | None = None):
    qs = Donation.objects.visible_to(request.user).select_related("campaign", "reverses")
    if campaign is not None:
        qs = qs.filter(campaign=access.access_campaign(request.user, campaign))
    return qs.order_by("-received_on", "-id")


@router.post("/relief/donations", response={201: DonationOut, 403: FieldErrors, 422: FieldErrors})
@requires(Cap.MANAGE_FUNDS)
def record_donation(request, payload: DonationIn):
    campaign = access.access_campaign(request.user, payload.campaign, Cap.MANAGE_FUNDS)
    donation = services.donation_record(
        campaign=campaign,
        data=services.DonationInput(
            amount=payload.amount,
            received_on=payload.received_on,
            channel=payload.channel,
            donor_name=payload.donor_name,
            anonymous=payload.anonymous,
            in_kind_description=payload.in_kind_description,
            transaction_ref=payload.transaction_ref,
        ),
        actor=request.user,
    )
    return Status(201, donation)
