"""Collectives API: the directory of duty bearers, group sessions, attendance, decisions
and action items. Every query goes through ``visible_to``; another organisation's records
answer 404; a service's refusal answers 422 naming the field. No confidential field (and
no member's personal data beyond her name) is served."""

from datetime import date, datetime, time
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.accounts.models import User
from saathi.api.kit import Pagination, Problem, invalid, requires
from saathi.core.policy import Cap
from saathi.people.models import Member

from . import access, selectors, services
from .models import ActionItem, Attendance, GroupSession

router = Router(tags=["collectives"])


class DutyBearerOut(Schema):
    uuid: UUID
    reference: str
    title: str
    official_name: str
    office: str
    department: str
    level: str
    state: str
    district: str
    address: str
    phone: str
    email: str
    notes: str
    active: bool
    updated_at: datetime


class DirectoryFilter(Schema):
    q: str | None = Field(None, max_length=100, description="words of the post or office")
    level: str | None = Field(None, max_length=16)
    state: str | None = Field(None, max_length=2)
    district: str | None = Field(None, max_length=100)
    archived: bool = False


@router.get("/duty-bearers", response=list[DutyBearerOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_DUTY_BEARERS)
def list_duty_bearers(request, filters: Query[DirectoryFilter]):
    return selectors.duty_bearers_matching(
        request.user,
        selectors.DirectoryFilters(
            q=filters.q or "",
            level=filters.level or "",
            state=filters.state or "",
            district=filters.district or "",
            archived=filters.archived,
        ),
    )


@router.get("/duty-bearers/{uuid}", response=DutyBearerOut)
def get_duty_bearer(request, uuid: UUID):
    return access.access_duty_bearer(request.user, uuid)


# ------------------------------------------------------------------ sessions
class SessionOut(Schema):
    uuid: UUID
    reference: str
    collective: UUID = Field(..., alias="collective.uuid")
    kind: str
    on: date
    at: time | None
    place: str
    online_link: str
    led_by: UUID | None = None
    facilitator: UUID | None = None
    agenda: str
    minutes: str
    minutes_language: str
    guests: int
    present_count: int
    attendance_taken: bool

    @staticmethod
    def resolve_led_by(obj):
        return obj.led_by.uuid if obj.led_by_id else None

    @staticmethod
    def resolve_facilitator(obj):
        return obj.facilitator.uuid if obj.facilitator_id else None

    @staticmethod
    def resolve_attendance_taken(obj):
        return obj.attendance_taken_at is not None


class SessionIn(Schema):
    collective: UUID
    kind: str
    on: date
    at: time | None = None
    place: str = Field("", max_length=200)
    online_link: str = Field("", max_length=300)
    led_by: UUID | None = Field(None, description="a member (leader) of the collective")
    facilitator: UUID | None = Field(None, description="a user of its organisation")
    agenda: str = Field("", max_length=5000)
    minutes: str = Field("", max_length=20000)
    minutes_language: str = ""


class SessionFilter(Schema):
    collective: UUID | None = None
    since: date | None = None


class AttendanceOut(Schema):
    present: list[UUID]
    guests: int
    member_count: int


class AttendanceIn(Schema):
    present: list[UUID] = Field(..., max_length=500)
    absent: list[UUID] = Field([], max_length=500)
    guests: int | None = Field(None, ge=0, le=10_000)


class DecisionOut(Schema):
    uuid: UUID
    reference: str
    text: str
    outcome: str


class DecisionIn(Schema):
    text: str = Field(..., max_length=2000)
    outcome: str = "agreed"


class ActionItemOut(Schema):
    uuid: UUID
    reference: str
    session: UUID = Field(..., alias="session.uuid")
    text: str
    member: UUID | None = None
    user: UUID | None = None
    due_on: date
    status: str
    done_on: date | None

    @staticmethod
    def resolve_member(obj):
        return obj.member.uuid if obj.member_id else None

    @staticmethod
    def resolve_user(obj):
        return obj.user.uuid if obj.user_id else None


class ActionItemIn(Schema):
    text: str = Field(..., max_length=300)
    due_on: date
    member: UUID | None = None
    user: UUID | None = None
    decision: UUID | None = None


class StatusIn(Schema):
    status: str


class ItemFilter(Schema):
    status: str | None = Field(None, max_length=8)
    mine: bool = Field(False, description="only items the caller is responsible for")


ERRORS = {403: Problem, 422: Problem}


def _member_of(collective, uuid, field: str):
    if uuid is None:
        return None
    member = Member.objects.filter(uuid=uuid).first()
    if member is None or not services.current_member_ids(collective, [member.pk]):
        raise invalid(**{field: ["Not a member of this collective."]})
    return member


def _user_of(organisation_id, uuid, field: str):
    if uuid is None:
        return None
    user = User.objects.filter(uuid=uuid, organisation_id=organisation_id).first()
    if user is None:
        raise invalid(**{field: ["Unknown user."]})
    return user


def _sessions(user):
    return GroupSession.objects.visible_to(user).select_related(
        "collective", "led_by", "facilitator"
    )


@router.get("/sessions", response=list[SessionOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_SESSIONS)
def list_sessions(request, filters: Query[SessionFilter]):
    qs = _sessions(request.user).order_by("-on", "-id")
    if filters.collective:
        qs = qs.filter(collective__uuid=filters.collective)
    if filters.since:
        qs = qs.filter(on__gte=filters.since)
    return qs


@router.post("/sessions", response={201: SessionOut, **ERRORS})
@requires(Cap.RECORD_SESSIONS)
def create_session(request, payload: SessionIn):
    try:
        collective = access.access_collective(request.user, payload.collective, Cap.RECORD_SESSIONS)
    except (Http404, PermissionDenied):
        raise invalid(collective=["Unknown collective."]) from None
    data = payload.dict()
    data["led_by"] = _member_of(collective, payload.led_by, "led_by")
    data["facilitator"] = _user_of(collective.organisation_id, payload.facilitator, "facilitator")
    data["guests"] = 0
    del data["collective"]
    session = services.session_create(collective=collective, data=data, actor=request.user)
    return Status(201, access.access_session(request.user, session.uuid))


@router.get("/sessions/{uuid}", response=SessionOut)
def get_session(request, uuid: UUID):
    return access.access_session(request.user, uuid)


@router.get("/sessions/{uuid}/attendance", response=AttendanceOut)
def get_attendance(request, uuid: UUID):
    session = access.access_session(request.user, uuid)
    present = Attendance.objects.filter(session=session).values_list("member__uuid", flat=True)
    return {
        "present": list(present),
        "guests": session.guests,
        "member_count": selectors._members_of(session.collective).count(),
    }


@router.post("/sessions/{uuid}/attendance", response={200: AttendanceOut, **ERRORS})
def record_attendance(request, uuid: UUID, payload: Body[AttendanceIn | None] = None):
    """Mark ``present`` as having come and ``absent`` as not (members left out are not
    changed); ``guests`` replaces the count of guests."""
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    if payload is None:
        raise invalid(present=["Required."])
    wanted = set(payload.present) | set(payload.absent)
    if set(payload.present) & set(payload.absent):
        raise invalid(absent=["A member cannot be both present and absent."])
    ids = dict(Member.objects.filter(uuid__in=wanted).values_list("uuid", "pk"))
    if len(ids) != len(wanted):
        raise invalid(present=["Unknown member."])
    services.attendance_record(
        session=session,
        shown_ids=ids.values(),
        present_ids=[ids[u] for u in payload.present],
        guests=payload.guests,
        actor=request.user,
    )
    return get_attendance(request, uuid)


@router.get("/sessions/{uuid}/decisions", response=list[DecisionOut])
def list_decisions(request, uuid: UUID):
    session = access.access_session(request.user, uuid)
    return list(session.decisions.order_by("id"))


@router.post("/sessions/{uuid}/decisions", response={201: DecisionOut, **ERRORS})
def add_decision(request, uuid: UUID, payload: Body[DecisionIn | None] = None):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    if payload is None:
        raise invalid(text=["Required."])
    return Status(
        201, services.decision_add(session=session, data=payload.dict(), actor=request.user)
    )


@router.post("/sessions/{uuid}/action-items", response={201: ActionItemOut, **ERRORS})
def add_action_item(request, uuid: UUID, payload: Body[ActionItemIn | None] = None):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    if payload is None:
        raise invalid(text=["Required."])
    decision = None
    if payload.decision:
        decision = session.decisions.filter(uuid=payload.decision).first()
        if decision is None:
            raise invalid(decision=["Not a decision of this session."])
    data = {
        "text": payload.text,
        "due_on": payload.due_on,
        "member": _member_of(session.collective, payload.member, "member"),
        "user": _user_of(session.organisation_id, payload.user, "user"),
        "decision": decision,
    }
    item = services.action_item_add(session=session, data=data, actor=request.user)
    return Status(201, access.access_action_item(request.user, item.uuid))


@router.get("/action-items", response=list[ActionItemOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_SESSIONS)
def list_action_items(request, filters: Query[ItemFilter]):
    qs = ActionItem.objects.visible_to(request.user).select_related("session", "member", "user")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.mine:
        qs = qs.filter(user=request.user)
    return qs.order_by("due_on", "id")


@router.post("/action-items/{uuid}/status", response={200: ActionItemOut, **ERRORS})
def set_action_item_status(request, uuid: UUID, payload: Body[StatusIn | None] = None):
    item = access.access_action_item(request.user, uuid, Cap.RECORD_SESSIONS)
    if payload is None:
        raise invalid(status=["Required."])
    services.action_item_set_status(item=item, status=payload.status, actor=request.user)
    return access.access_action_item(request.user, uuid)


# ------------------------------------------------------------------ claims
class ClaimStepOut(Schema):
    from_status: str
    to_status: str
    on: date
    at: datetime
    note: str


class ClaimOut(Schema):
    uuid: UUID
    reference: str
    collective: UUID = Field(..., alias="collective.uuid")
    duty_bearer: UUID = Field(..., alias="duty_bearer.uuid")
    title: str
    demand: str
    method: str
    concerns_count: int | None
    language: str
    status: str
    submitted_on: date | None
    next_follow_up: date | None
    response: str
    allowed_next: list[str] = []
    steps: list[ClaimStepOut] = []

    @staticmethod
    def resolve_allowed_next(obj):
        return [s for s, _label in obj.next_statuses]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.order_by("at", "id"))


class ClaimIn(Schema):
    collective: UUID
    duty_bearer: UUID
    title: str = Field(..., max_length=200)
    demand: str = Field(..., max_length=10_000)
    method: str
    members: list[UUID] = Field([], max_length=2000)
    concerns_count: int | None = Field(None, ge=1)
    language: str = "bn"
    next_follow_up: date | None = None


class ClaimMoveIn(Schema):
    to_status: str
    on: date | None = None
    note: str = Field("", max_length=1000)
    response: str | None = Field(None, max_length=10_000)
    next_follow_up: date | None = None


class ClaimFilter(Schema):
    status: str | None = Field(None, max_length=24)
    collective: UUID | None = None


@router.get("/claims", response=list[ClaimOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_CLAIMS)
def list_claims(request, filters: Query[ClaimFilter]):
    qs = selectors.claims_matching(request.user, status=filters.status or "")
    if filters.collective:
        qs = qs.filter(collective__uuid=filters.collective)
    return qs.prefetch_related("steps")


@router.post("/claims", response={201: ClaimOut, **ERRORS})
@requires(Cap.EDIT_CLAIMS)
def create_claim(request, payload: ClaimIn):
    from .models import DutyBearer

    try:
        collective = access.access_collective(request.user, payload.collective, Cap.EDIT_CLAIMS)
    except (Http404, PermissionDenied):
        raise invalid(collective=["Unknown collective."]) from None
    bearer = (
        DutyBearer.objects.visible_to(request.user)
        .filter(uuid=payload.duty_bearer, organisation_id=collective.organisation_id)
        .first()
    )
    members = list(Member.objects.filter(uuid__in=payload.members))
    if len(members) != len(set(payload.members)):
        raise invalid(members=["Unknown member."])
    data = payload.dict()
    data.update(duty_bearer=bearer, members=members)
    claim = services.claim_create(collective=collective, data=data, actor=request.user)
    return Status(201, access.access_claim(request.user, claim.uuid))


@router.get("/claims/{uuid}", response=ClaimOut)
def get_claim(request, uuid: UUID):
    return access.access_claim(request.user, uuid)


@router.post("/claims/{uuid}/transitions", response={200: ClaimOut, **ERRORS})
def move_claim(request, uuid: UUID, payload: Body[ClaimMoveIn | None] = None):
    """Move a claim to ``to_status`` (one step of its transition map)."""
    claim = access.access_claim(request.user, uuid, Cap.EDIT_CLAIMS)
    if payload is None:
        raise invalid(to_status=["Required."])
    services.claim_move(
        claim=claim,
        to_status=payload.to_status,
        actor=request.user,
        note=payload.note,
        on=payload.on,
        response=payload.response,
        next_follow_up=payload.next_follow_up,
    )
    return access.access_claim(request.user, uuid)


# ------------------------------------------------------------------ trainings
class TrainingSessionOut(Schema):
    uuid: UUID
    topic: str
    on: date
    at: time | None
    place: str
    online_link: str
    trainer: str
    present_count: int
    attendance_taken: bool

    @staticmethod
    def resolve_attendance_taken(obj):
        return obj.attendance_taken_at is not None


class TrainingParticipantOut(Schema):
    uuid: UUID
    member: UUID | None = None
    user: UUID | None = None
    attended: int
    completed_on: date | None

    @staticmethod
    def resolve_member(obj):
        return obj.member.uuid if obj.member_id else None

    @staticmethod
    def resolve_user(obj):
        return obj.user.uuid if obj.user_id else None


class TrainingOut(Schema):
    uuid: UUID
    reference: str
    collective: UUID | None = None
    title: str
    purpose: str
    for_whom: str
    sessions_required: int
    topics: list[str] = []
    sessions: list[TrainingSessionOut] = []
    participants: list[TrainingParticipantOut] = []

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.order_by("on", "at", "id"))

    @staticmethod
    def resolve_topics(obj):
        return list(dict.fromkeys(s.topic for s in obj.sessions.order_by("on", "at", "id")))

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.select_related("member", "user").order_by("id"))


class TrainingSummaryOut(Schema):
    uuid: UUID
    reference: str
    collective: UUID | None = None
    title: str
    for_whom: str
    sessions_required: int

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None


class TrainingAttendanceIn(Schema):
    present: list[UUID] = Field(..., max_length=2000, description="participants who came")


@router.get("/trainings", response=list[TrainingSummaryOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_SESSIONS)
def list_trainings(request):
    return selectors.trainings_matching(request.user)


@router.get("/trainings/{uuid}", response=TrainingOut)
def get_training(request, uuid: UUID):
    """A training with its sessions (topics in order) and its participants' attendance
    and completion."""
    return access.access_training(request.user, uuid)


@router.post("/training-sessions/{uuid}/attendance", response={200: TrainingSessionOut, **ERRORS})
def record_training_attendance(
    request, uuid: UUID, payload: Body[TrainingAttendanceIn | None] = None
):
    """The participants (by their uuid) who came to this session; the others did not."""
    session = access.access_training_session(request.user, uuid, Cap.MANAGE_TRAININGS)
    if payload is None:
        raise invalid(present=["Required."])
    ids = dict(
        session.training.participants.filter(uuid__in=payload.present).values_list("uuid", "pk")
    )
    if len(ids) != len(set(payload.present)):
        raise invalid(present=["Not a participant of this training."])
    services.training_attendance_record(
        session=session, present_ids=list(ids.values()), actor=request.user
    )
    return access.access_training_session(request.user, uuid)
