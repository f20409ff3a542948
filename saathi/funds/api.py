"""Fundraising API: campaigns with their ledger, donations, within the caller's scope.

The paths kept their ``/relief/`` prefix when fundraising moved into its own app, so
clients did not change (ADR 0023). Donor names are never served here."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, requires
from saathi.core.policy import Cap
from saathi.relief.api import FieldErrors

from . import access, selectors, services
from .models import Donation

router = Router(tags=["funds"])


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


def _campaign_out(ledger):
    c = ledger.campaign
    c.ledger = {
        "raised": ledger.raised,
        "raised_in_kind": ledger.raised_in_kind,
        "spent": ledger.spent,
        "balance": ledger.balance,
    }
    return c


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
