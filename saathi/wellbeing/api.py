"""Wellbeing API: sessions, screening scores and bands, referrals and their transitions,
incidents. Scoped through ``visible_to``/``access_*`` (every route takes a record: a role that does
not reach it, or another organisation's, gets 404; one that reaches it without the
capability to write, 403); invalid input 422 naming the field. No confidential field is ever served:
no notes, no concerns in her words, no next steps, no answers, no safety plan, no
incident details, no referral reason or timeline notes (ADR 0037). Answers are accepted
(a screening is recorded with them) and stored encrypted; the response carries the score.
"""

from datetime import date, datetime
from uuid import UUID

from ninja import Body, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, invalid
from saathi.core.policy import Cap

from . import access, services
from .models import CounsellingSession, Incident, Referral, Screening

router = Router(tags=["wellbeing"])


class SessionOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    mode: str
    held_on: date
    duration_minutes: int
    concerns: list[str]
    next_session_on: date | None


class SessionIn(Schema):
    kind: str
    mode: str
    held_on: date
    duration_minutes: int
    concerns: list[str] = []
    next_session_on: date | None = None


class ScreeningOut(Schema):
    uuid: UUID
    reference: str
    instrument: str
    taken_on: date
    total: int
    band: str
    risk: bool
    next_screening_on: date | None


class ScreeningIn(Schema):
    instrument: str
    taken_on: date
    answers: list[int]
    next_screening_on: date | None = None


class StepOut(Schema):
    at: datetime
    from_status: str
    to_status: str


class ReferralOut(Schema):
    uuid: UUID
    reference: str
    service: str
    provider: str
    status: str
    shares_data: bool
    appointment_on: date | None
    created_at: datetime
    allowed_next: list[str]
    transitions: list[StepOut]

    @staticmethod
    def resolve_allowed_next(obj):
        return obj.allowed_next()

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.steps.order_by("at", "id").only("at", "from_status", "to_status"))


class ReferralIn(Schema):
    service: str
    provider: str
    shares_data: bool = False
    partner_organisation: str = ""
    appointment_on: date | None = None


class MoveIn(Schema):
    to_status: str


class IncidentOut(Schema):
    uuid: UUID
    reference: str
    kind: str
    occurred_on: date
    place: str
    perpetrator: str
    reported_to: str
    support: list[str]


class IncidentIn(Schema):
    kind: str
    occurred_on: date
    place: str
    perpetrator: str
    reported_to: str = ""
    support: list[str] = []


def _member(user, uuid, cap=None):
    return access.access_member(user, uuid, cap)


@router.get("/wellbeing/members/{uuid}/sessions", response=list[SessionOut])
@paginate(Pagination, page_size=50)
def list_sessions(request, uuid: UUID):
    member = _member(request.user, uuid, Cap.VIEW_WELLBEING)
    return (
        CounsellingSession.objects.visible_to(request.user)
        .filter(member=member)
        .defer("notes", "concerns_text", "next_steps")
        .order_by("-held_on", "-id")
    )


@router.post("/wellbeing/members/{uuid}/sessions", response={201: SessionOut})
def add_session(request, uuid: UUID, payload: Body[SessionIn | None] = None):
    member = _member(request.user, uuid, Cap.RECORD_WELLBEING)
    if payload is None:  # checked after access: another organisation's id answers 404
        raise invalid(held_on=["Required."])
    session = services.session_record(member=member, data=payload.dict(), actor=request.user)
    return Status(201, session)


@router.get("/wellbeing/members/{uuid}/screenings", response=list[ScreeningOut])
@paginate(Pagination, page_size=50)
def list_screenings(request, uuid: UUID):
    member = _member(request.user, uuid, Cap.VIEW_WELLBEING)
    return (
        Screening.objects.visible_to(request.user)
        .filter(member=member)
        .defer("answers")
        .order_by("-taken_on", "-id")
    )


@router.post("/wellbeing/members/{uuid}/screenings", response={201: ScreeningOut})
def add_screening(request, uuid: UUID, payload: Body[ScreeningIn | None] = None):
    member = _member(request.user, uuid, Cap.RECORD_WELLBEING)
    if payload is None:
        raise invalid(instrument=["Required."])
    from .instruments import SPECS

    spec = SPECS.get(payload.instrument)
    if spec is None:
        raise invalid(instrument=["Unknown instrument."])
    if len(payload.answers) != len(spec.items):
        raise invalid(answers=[f"{len(spec.items)} answers are needed."])
    data = {
        "instrument": payload.instrument,
        "taken_on": payload.taken_on,
        "next_screening_on": payload.next_screening_on,
        **{f"item_{i}": a for i, a in enumerate(payload.answers, start=1)},
    }
    screening = services.screening_record(member=member, data=data, actor=request.user)
    return Status(201, screening)


@router.get("/wellbeing/members/{uuid}/referrals", response=list[ReferralOut])
@paginate(Pagination, page_size=50)
def list_referrals(request, uuid: UUID):
    member = _member(request.user, uuid, Cap.VIEW_WELLBEING)
    return (
        Referral.objects.visible_to(request.user)
        .filter(member=member)
        .defer("reason")
        .order_by("-created_at", "-id")
    )


@router.post("/wellbeing/members/{uuid}/referrals", response={201: ReferralOut})
def add_referral(request, uuid: UUID, payload: Body[ReferralIn | None] = None):
    member = _member(request.user, uuid, Cap.RECORD_WELLBEING)
    if payload is None:
        raise invalid(service=["Required."])
    referral = services.referral_create(member=member, data=payload.dict(), actor=request.user)
    return Status(201, referral)


@router.get("/wellbeing/referrals/{uuid}", response=ReferralOut)
def get_referral(request, uuid: UUID):
    return access.access_referral(request.user, uuid)


@router.post("/wellbeing/referrals/{uuid}/moves", response={201: ReferralOut})
def move_referral(request, uuid: UUID, payload: Body[MoveIn | None] = None):
    referral = access.access_referral(request.user, uuid, Cap.RECORD_WELLBEING)
    if payload is None:
        raise invalid(to_status=["Required."])
    services.referral_move(referral=referral, to_status=payload.to_status, actor=request.user)
    return Status(201, access.access_referral(request.user, uuid))


@router.get("/wellbeing/members/{uuid}/incidents", response=list[IncidentOut])
@paginate(Pagination, page_size=50)
def list_incidents(request, uuid: UUID):
    member = _member(request.user, uuid, Cap.VIEW_INCIDENTS)
    return (
        Incident.objects.visible_to(request.user)
        .filter(member=member)
        .defer("details")
        .order_by("-occurred_on", "-id")
    )


@router.post("/wellbeing/members/{uuid}/incidents", response={201: IncidentOut})
def add_incident(request, uuid: UUID, payload: Body[IncidentIn | None] = None):
    member = _member(request.user, uuid, Cap.RECORD_INCIDENTS)
    if payload is None:
        raise invalid(kind=["Required."])
    incident = services.incident_record(member=member, data=payload.dict(), actor=request.user)
    return Status(201, incident)
