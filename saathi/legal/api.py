"""Legal-aid API: matters, hearings, compensation and payments.

Scoped through ``visible_to``; another organisation's records answer 404; invalid input
422 with the field that is wrong. No confidential field is served or accepted: accused,
statements, case notes and threat details stay on the advocate's pages, and bank
accounts of payments are not served. A role with the summary capability only gets the
summary of a matter (reference, stage, next date) and 404 on its parts.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, invalid, requires
from saathi.core.policy import Cap

from . import access, selectors, services

router = Router(tags=["legal"])


class MatterSummaryOut(Schema):
    uuid: UUID
    reference: str
    member: UUID
    stage: str
    next_date: date | None
    needs_next_date: bool

    @staticmethod
    def resolve_member(obj):
        return obj["member"] if isinstance(obj, dict) else obj.member.uuid


class MatterOut(MatterSummaryOut):
    """The whole matter for advocates (and admins); ``None`` in the summary fields'
    place for roles that see the summary only."""

    full: bool = False
    matter_type: str | None = None
    member_role: str | None = None
    status: str | None = None
    forum: str | None = None
    court_establishment: str | None = None
    court_number: str | None = None
    sexual_offence: bool | None = None
    offence_on: date | None = None
    fir_on: date | None = None
    police_report_on: date | None = None
    trial_ended_on: date | None = None
    next_purpose: str | None = None
    allowed_next: list[str] | None = None


def _matter_out(user, matter) -> dict:
    out = {
        "uuid": matter.uuid,
        "reference": matter.reference,
        "member": matter.member.uuid,
        "stage": matter.stage,
        "next_date": matter.next_date,
        "needs_next_date": matter.needs_next_date,
    }
    if access.full_view(user, matter):
        out["full"] = True
        for k in (
            "matter_type",
            "member_role",
            "status",
            "forum",
            "court_establishment",
            "court_number",
            "sexual_offence",
            "offence_on",
            "fir_on",
            "police_report_on",
            "trial_ended_on",
            "next_purpose",
        ):
            out[k] = getattr(matter, k)
        out["allowed_next"] = matter.allowed_next()
    return out


class MatterIn(Schema):
    member: UUID
    matter_type: str
    member_role: str
    stage: str = ""
    forum: str = ""
    court_establishment: str = ""
    court_number: str = ""
    sexual_offence: bool = False
    offence_on: date | None = None
    fir_on: date | None = None
    next_date: date | None = None
    next_purpose: str = ""


class MatterFilter(Schema):
    flag: str | None = Field(None, description="open, no_next_date, or unpaid (advocates)")


class HearingOut(Schema):
    uuid: UUID
    on: date
    court: str
    court_number: str
    stage: str
    purpose: str
    attended: str
    outcome: str
    adjournment_reason: str
    next_date: date | None
    next_purpose: str
    created_at: datetime


class HearingIn(Schema):
    on: date
    court: str = ""
    court_number: str = ""
    stage: str = ""
    purpose: str = ""
    attended: str = ""
    outcome: str = ""
    adjournment_reason: str = ""
    next_date: date | None = None
    next_purpose: str = ""


class PaymentOut(Schema):
    uuid: UUID
    kind: str
    amount: Decimal
    paid_on: date


class CompensationOut(Schema):
    uuid: UUID
    applied_on: date
    scheme: str
    authority: str
    documents: list[str]
    interim_amount: Decimal | None
    interim_ordered_on: date | None
    interim_paid: Decimal
    award_amount: Decimal | None
    award_on: date | None
    award_order_number: str
    award_paid: Decimal
    award_outstanding: Decimal
    unpaid_after_30_days: bool
    enhancement_appeal_on: date | None
    writ_on: date | None
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(obj):
        return list(obj.payments.all())

    @staticmethod
    def resolve_unpaid_after_30_days(obj):
        from django.utils import timezone

        from .clocks import unpaid_award

        return unpaid_award(obj, timezone.localdate())


class CompensationIn(Schema):
    applied_on: date
    scheme: str
    authority: str
    documents: list[str] = []
    interim_amount: Decimal | None = None
    interim_ordered_on: date | None = None
    award_amount: Decimal | None = None
    award_on: date | None = None
    award_order_number: str = ""


class PaymentIn(Schema):
    kind: str
    amount: Decimal
    paid_on: date


@router.get("/legal/matters", response=list[MatterSummaryOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_LEGAL)
def list_matters(request, filters: Query[MatterFilter]):
    return selectors.matter_list_queryset(
        request.user, selectors.MatterFilters(flag=filters.flag or "")
    )


@router.post("/legal/matters", response={201: MatterOut})
@requires(Cap.MANAGE_LEGAL)
def open_matter(request, payload: MatterIn):
    try:
        member = access.access_member(request.user, payload.member, Cap.MANAGE_LEGAL)
    except (Http404, PermissionDenied):
        raise invalid(member=["Unknown member."]) from None
    matter = services.matter_open(
        member=member, data=payload.dict(exclude={"member"}), actor=request.user
    )
    return Status(201, _matter_out(request.user, matter))


@router.get("/legal/matters/{uuid}", response=MatterOut)
def get_matter(request, uuid: UUID):
    return _matter_out(request.user, access.access_matter(request.user, uuid))


def _full_matter(user, uuid, cap=None):
    """A matter whose parts ``user`` may see (404 for the summary-only roles)."""
    matter = access.access_matter(user, uuid, cap)
    if not access.full_view(user, matter):
        raise Http404
    return matter


@router.get("/legal/matters/{uuid}/hearings", response=list[HearingOut])
@paginate(Pagination, page_size=50)
def list_hearings(request, uuid: UUID):
    return _full_matter(request.user, uuid).hearings.all()


@router.post("/legal/matters/{uuid}/hearings", response={201: HearingOut})
def add_hearing(request, uuid: UUID, payload: Body[HearingIn | None] = None):
    matter = _full_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    if payload is None:  # checked after access: another organisation's id answers 404
        raise invalid(on=["Required."])
    hearing = services.hearing_record(matter=matter, data=payload.dict(), actor=request.user)
    return Status(201, hearing)


@router.get("/legal/matters/{uuid}/compensation", response=list[CompensationOut])
def list_compensation(request, uuid: UUID):
    return list(_full_matter(request.user, uuid).compensations.prefetch_related("payments"))


@router.post("/legal/matters/{uuid}/compensation", response={201: CompensationOut})
def add_compensation(request, uuid: UUID, payload: Body[CompensationIn | None] = None):
    matter = _full_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    if payload is None:
        raise invalid(applied_on=["Required."])
    comp = services.compensation_open(matter=matter, data=payload.dict(), actor=request.user)
    return Status(201, comp)


@router.post("/legal/compensation/{uuid}/payments", response={201: CompensationOut})
def add_payment(request, uuid: UUID, payload: Body[PaymentIn | None] = None):
    comp = access.access_compensation(request.user, uuid, Cap.MANAGE_LEGAL)
    if payload is None:
        raise invalid(kind=["Required."])
    services.payment_record(compensation=comp, data=payload.dict(), actor=request.user)
    return Status(201, access.access_compensation(request.user, uuid))


class StepOut(Schema):
    at: datetime
    on: date
    from_status: str
    to_status: str
    note: str


class MoveIn(Schema):
    to_status: str
    on: date | None = None
    note: str = ""


@router.get("/legal/matters/{uuid}/steps", response=list[StepOut])
@paginate(Pagination, page_size=50)
def list_steps(request, uuid: UUID):
    """The matter's timeline: every status move, oldest first."""
    return _full_matter(request.user, uuid).steps.order_by("at", "id")


@router.post("/legal/matters/{uuid}/status", response={201: StepOut})
def move_matter(request, uuid: UUID, payload: Body[MoveIn | None] = None):
    """Move the matter along its transition map (``allowed_next`` of the matter)."""
    matter = _full_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    if payload is None:
        raise invalid(to_status=["Required."])
    step = services.matter_move(
        matter=matter,
        to_status=payload.to_status,
        on=payload.on,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, step)
