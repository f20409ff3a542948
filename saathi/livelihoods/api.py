"""Livelihoods API: supports and their follow-ups, loans' repayments, devices, health
drives' steps. Every query goes through ``visible_to``; another organisation's records
answer 404; a service's refusal answers 422 naming the field. Informal debts are never
served (ADR 0039), nor a device's IMEI or serial (only its last four characters)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, Problem, invalid, requires
from saathi.core.access import require_cap
from saathi.core.policy import Cap
from saathi.funds.models import Campaign
from saathi.people.access import access_member

from . import access, selectors, services
from .models import Device, FollowUp, HealthDrive, HealthStep

router = Router(tags=["livelihoods"])
ERRORS = {403: Problem, 422: Problem}


class FollowUpOut(Schema):
    uuid: UUID
    support: UUID = Field(..., alias="support.uuid")
    months: int
    due_on: date
    done_on: date | None
    still_running: bool | None
    income_band: str
    problems: str


class SupportOut(Schema):
    uuid: UUID
    reference: str
    member: UUID = Field(..., alias="member.uuid")
    activity: str
    activity_other: str
    kind: str
    amount: Decimal
    given_on: date
    campaign: UUID | None = None
    paid_by: str
    interest_yearly: Decimal
    total_due: Decimal
    repaid: Decimal
    outstanding: Decimal

    @staticmethod
    def resolve_campaign(obj):
        return obj.campaign.uuid if obj.campaign_id else None


class SupportDetailOut(SupportOut):
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj):
        return selectors.follow_ups_of(obj)


class SupportIn(Schema):
    member: UUID
    activity: str
    activity_other: str = Field("", max_length=200)
    kind: str
    amount: Decimal | None = Field(None, ge=0, le=100_000_000)
    given_on: date
    campaign: UUID | None = None
    paid_by: str = Field("", max_length=200)
    instalments: int | None = Field(None, ge=0, le=60)
    first_due_on: date | None = None
    notes: str = Field("", max_length=500)
    beyond_balance: bool = False
    beyond_balance_reason: str = Field("", max_length=300)


class SupportFilter(Schema):
    activity: str | None = Field(None, max_length=24)
    kind: str | None = Field(None, max_length=16)
    open_loans: bool = False


class RepaymentIn(Schema):
    amount: Decimal = Field(..., gt=0, le=100_000_000)
    paid_on: date


class FollowUpIn(Schema):
    done_on: date
    still_running: bool
    income_band: str = ""
    problems: str = Field("", max_length=500)


@router.get("/livelihoods/supports", response=list[SupportOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_LIVELIHOODS)
def list_supports(request, filters: Query[SupportFilter]):
    return selectors.supports_matching(
        request.user,
        selectors.SupportFilters(
            activity=filters.activity or "",
            kind=filters.kind or "",
            loans_open=filters.open_loans,
        ),
    ).select_related("member", "campaign")


@router.post("/livelihoods/supports", response={201: SupportDetailOut, **ERRORS})
@requires(Cap.RECORD_LIVELIHOODS)
def create_support(request, payload: SupportIn):
    try:
        member = access_member(request.user, payload.member, Cap.RECORD_LIVELIHOODS)
    except (Http404, PermissionDenied):
        raise invalid(member=["Unknown member."]) from None
    data = payload.dict()
    del data["member"]
    if payload.campaign is not None:
        campaign = (
            Campaign.objects.visible_to(request.user)
            .filter(uuid=payload.campaign, organisation_id=member.organisation_id)
            .first()
        )
        if campaign is None:
            raise invalid(campaign=["Unknown campaign."])
        data["campaign"] = campaign
    support = services.support_create(member=member, data=data, actor=request.user)
    return Status(201, access.access_support(request.user, support.uuid))


@router.get("/livelihoods/supports/{uuid}", response=SupportDetailOut)
def get_support(request, uuid: UUID):
    return access.access_support(request.user, uuid)


@router.post("/livelihoods/supports/{uuid}/repayments", response={201: SupportOut, **ERRORS})
def record_repayment(request, uuid: UUID, payload: Body[RepaymentIn | None] = None):
    support = access.access_support(request.user, uuid, Cap.RECORD_LIVELIHOODS)
    if payload is None:
        raise invalid(amount=["Required."], paid_on=["Required."])
    services.repayment_record(
        support=support, amount=payload.amount, paid_on=payload.paid_on, actor=request.user
    )
    return Status(201, access.access_support(request.user, uuid))


class FollowUpFilter(Schema):
    open: bool = Field(True, description="only the visits not yet made")
    due_before: date | None = None


@router.get("/livelihoods/follow-ups", response=list[FollowUpOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_LIVELIHOODS)
def list_follow_ups(request, filters: Query[FollowUpFilter]):
    qs = FollowUp.objects.visible_to(request.user).select_related("support")
    if filters.open:
        qs = qs.open()
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    return qs.order_by("due_on", "id")


@router.post("/livelihoods/follow-ups/{uuid}", response={200: FollowUpOut, **ERRORS})
def record_follow_up(request, uuid: UUID, payload: Body[FollowUpIn | None] = None):
    f = access.access_follow_up(request.user, uuid, Cap.RECORD_LIVELIHOODS)
    if payload is None:
        raise invalid(done_on=["Required."], still_running=["Required."])
    return services.follow_up_record(follow_up=f, data=payload.dict(), actor=request.user)


# ------------------------------------------------------------------------ devices
class DeviceOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    model_name: str
    serial_last4: str
    given_on: date
    member: UUID | None = None
    collective: UUID | None = None
    funds_source: str
    condition: str
    status: str
    status_on: date | None
    sim_provider: str
    plan_renews_on: date | None

    @staticmethod
    def resolve_member(obj):
        return obj.member.uuid if obj.member_id else None

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None


class DeviceFilter(Schema):
    status: str | None = Field(None, max_length=8)


@router.get("/livelihoods/devices", response=list[DeviceOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_LIVELIHOODS)
def list_devices(request, filters: Query[DeviceFilter]):
    qs = Device.objects.visible_to(request.user).select_related("member", "collective")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-given_on", "-id")


@router.get("/livelihoods/devices/{uuid}", response=DeviceOut)
def get_device(request, uuid: UUID):
    return access.access_device(request.user, uuid)


# ------------------------------------------------------------------- health drives
class DriveOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    name: str
    collective: UUID | None = None
    goal_step: str
    target: int
    target_date: date

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None


class StepOut(Schema):
    uuid: UUID
    member: UUID = Field(..., alias="member.uuid")
    step: str
    on: date
    centre: str


class StepsIn(Schema):
    members: list[UUID] = Field(..., min_length=1, max_length=200)
    step: str
    on: date
    centre: str = Field("", max_length=200)


@router.get("/livelihoods/health-drives", response=list[DriveOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_LIVELIHOODS)
def list_drives(request):
    return (
        HealthDrive.objects.visible_to(request.user)
        .select_related("collective")
        .order_by("-created_at", "-id")
    )


@router.get("/livelihoods/health-drives/{uuid}/steps", response=list[StepOut])
@paginate(Pagination, page_size=50)
def list_steps(request, uuid: UUID):
    drive = access.access_drive(request.user, uuid)
    if not selectors.may_see_drive_members(request.user, drive):
        return HealthStep.objects.none()
    return (
        HealthStep.objects.visible_to(request.user)
        .filter(drive=drive)
        .select_related("member")
        .order_by("-on", "-id")
    )


@router.post("/livelihoods/health-drives/{uuid}/steps", response={201: list[StepOut], **ERRORS})
def mark_steps(request, uuid: UUID, payload: Body[StepsIn | None] = None):
    drive = access.access_drive(request.user, uuid)
    require_cap(request.user, Cap.RECORD_HEALTH_STEPS)
    if not selectors.may_see_drive_members(request.user, drive):
        raise PermissionDenied
    if payload is None:
        raise invalid(members=["Required."], step=["Required."], on=["Required."])
    chosen = selectors.drive_member_choices(request.user, drive, payload.members)
    if len(chosen) != len(set(payload.members)):
        raise invalid(members=["Not a member of this drive."])
    rows = services.steps_mark(
        drive=drive,
        members=chosen,
        step=payload.step,
        on=payload.on,
        centre=payload.centre,
        actor=request.user,
    )
    return Status(201, rows)
