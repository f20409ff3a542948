"""Entitlements API: schemes, a member's eligibility, applications and their transitions.

Every query goes through ``visible_to``; another organisation's records answer 404;
invalid input 422 with the field that is wrong. No confidential field is served.
"""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, invalid, requires
from saathi.core.policy import Cap

from . import access, eligibility, selectors, services
from .models import Scheme

router = Router(tags=["entitlements"])


class SchemeOut(Schema):
    uuid: UUID
    code: str
    version: int
    current: bool = Field(..., alias="is_current")
    names: dict[str, str]
    summaries: dict[str, str]
    level: str
    states: list[str]
    excluded_states: list[str]
    category: str
    eligibility: str
    required_documents: list
    other_documents: str
    authority: str
    channel: str
    typical_timeline: str
    typical_days: int | None
    grievance: str
    benefit: str
    source: str
    verified: str
    last_verified: date | None
    valid_from: date | None
    valid_to: date | None


class RuleOut(Schema):
    passed: bool | None
    reason: str


class GapOut(Schema):
    documents: list[str]
    held: bool
    status: str


class EligibilityOut(Schema):
    scheme: UUID
    code: str
    name: str
    outcome: str = Field(..., description="likely, officer (decided by the officer) or no")
    rules: list[RuleOut]
    documents: list[GapOut]
    alternative_routes: bool


class TransitionOut(Schema):
    from_status: str
    to_status: str
    reason: str
    note: str
    on: date
    at: datetime


class ApplicationOut(Schema):
    uuid: UUID
    reference: str
    member: UUID = Field(..., alias="member.uuid")
    scheme: UUID = Field(..., alias="scheme.uuid")
    scheme_code: str = Field(..., alias="scheme.code")
    scheme_version: int = Field(..., alias="scheme.version")
    status: str
    rejection_reason: str
    identification_route: str
    submitted_on: date | None
    office: str
    authority_reference: str
    deadline: date | None
    next_follow_up: date | None
    created_at: datetime


class ApplicationDetailOut(ApplicationOut):
    transitions: list[TransitionOut]
    allowed_next: list[str]

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())

    @staticmethod
    def resolve_allowed_next(obj):
        return obj.allowed_next()


class ApplicationIn(Schema):
    member: UUID
    scheme: UUID
    identification_route: str = "documentary"
    office: str = ""
    deadline: date | None = None
    next_follow_up: date | None = None


class TransitionIn(Schema):
    to_status: str
    reason: str = ""
    note: str = ""
    on: date | None = None
    authority_reference: str = ""
    next_follow_up: date | None = None


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class ApplicationFilter(Schema):
    status: str | None = None
    scheme: str | None = Field(None, description="scheme code")


@router.get("/schemes", response=list[SchemeOut])
@requires(Cap.VIEW_APPLICATIONS)
def list_schemes(request):
    return selectors.catalogue(request.user)


@router.get("/schemes/{uuid}", response=SchemeOut)
def get_scheme(request, uuid: UUID):
    return access.access_scheme(request.user, uuid)


@router.get("/members/{uuid}/eligibility", response=list[EligibilityOut])
def member_eligibility(request, uuid: UUID):
    member = access.access_member(request.user, uuid)
    results = eligibility.member_eligibility(
        member, Scheme.objects.catalogue_for([member.organisation_id])
    )
    return [
        {
            "scheme": r.scheme.uuid,
            "code": r.scheme.code,
            "name": r.scheme.name,
            "outcome": r.outcome,
            "rules": [{"passed": x.passed, "reason": x.reason} for x in r.rules],
            "documents": [
                {"documents": g.kinds, "held": g.held, "status": g.status} for g in r.gaps
            ],
            "alternative_routes": r.alternative_routes,
        }
        for r in results
    ]


@router.get("/applications", response=list[ApplicationOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_APPLICATIONS)
def list_applications(request, filters: Query[ApplicationFilter]):
    return selectors.applications_matching(
        request.user,
        selectors.ApplicationFilters(status=filters.status or "", scheme=filters.scheme or ""),
    ).select_related("member", "scheme")


@router.post(
    "/applications", response={201: ApplicationDetailOut, 403: FieldErrors, 422: FieldErrors}
)
@requires(Cap.EDIT_APPLICATIONS)
def create_application(request, payload: ApplicationIn):
    try:
        member = access.access_member(request.user, payload.member, Cap.EDIT_APPLICATIONS)
    except (Http404, PermissionDenied):
        member = None
    if member is None:
        raise invalid(member=["Unknown member."])
    scheme = (
        Scheme.objects.catalogue_for([member.organisation_id]).filter(uuid=payload.scheme).first()
    )
    if scheme is None:
        raise invalid(scheme=["Unknown scheme."])
    app = services.application_start(
        member=member,
        scheme=scheme,
        actor=request.user,
        identification_route=payload.identification_route,
        office=payload.office,
        deadline=payload.deadline,
        next_follow_up=payload.next_follow_up,
    )
    return Status(201, access.access_application(request.user, app.uuid))


@router.get("/applications/{uuid}", response=ApplicationDetailOut)
def get_application(request, uuid: UUID):
    return access.access_application(request.user, uuid)


@router.post(
    "/applications/{uuid}/transitions",
    response={200: ApplicationDetailOut, 403: FieldErrors, 422: FieldErrors},
)
def move_application(request, uuid: UUID, payload: Body[TransitionIn | None] = None):
    """Move an application to ``to_status`` (one step of the transition map)."""
    app = access.access_application(request.user, uuid, Cap.EDIT_APPLICATIONS)
    if payload is None:  # checked after access: another organisation's id answers 404
        raise invalid(to_status=["Required."])
    services.application_move(
        application=app,
        to_status=payload.to_status,
        actor=request.user,
        reason=payload.reason,
        note=payload.note,
        on=payload.on,
        authority_reference=payload.authority_reference,
        next_follow_up=payload.next_follow_up,
    )
    return access.access_application(request.user, uuid)
