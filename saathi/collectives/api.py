"""Collectives API: the directory of duty bearers (sessions, decisions, action items and
claims follow). Every query goes through ``visible_to``; another organisation's records
answer 404. No confidential field is served."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from saathi.api.kit import Pagination, requires
from saathi.core.policy import Cap

from . import access, selectors

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
