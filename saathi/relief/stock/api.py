"""Relief stock API: what is held where, every movement, and giving out from stock.
Scoped through ``visible_to``; a refusal (not enough left) answers 422 on ``quantity``.
No donor's name is served."""

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, Problem, invalid, requires
from saathi.core.policy import Cap
from saathi.people.access import access_member

from . import access, services
from .models import Item, Level, Movement

router = Router(tags=["stock"])


class LevelOut(Schema):
    item: UUID = Field(..., alias="item.uuid")
    item_name: str = Field(..., alias="item.name")
    unit: str = Field(..., alias="item.unit")
    place: UUID = Field(..., alias="place.uuid")
    place_name: str = Field(..., alias="place.name")
    quantity: int


class MovementOut(Schema):
    uuid: UUID
    item: UUID = Field(..., alias="item.uuid")
    place: UUID = Field(..., alias="place.uuid")
    kind: str
    quantity: int
    on: date
    donor_kind: str
    member: UUID | None = None
    other_place: UUID | None = None
    reason: str

    @staticmethod
    def resolve_member(obj):
        return obj.member.uuid if obj.member_id else None

    @staticmethod
    def resolve_other_place(obj):
        return obj.other_place.uuid if obj.other_place_id else None


class MovementFilter(Schema):
    place: UUID | None = None
    kind: str | None = Field(None, max_length=12)


class GiveIn(Schema):
    item: UUID
    place: UUID
    quantity: int = Field(..., ge=1, le=1_000_000)
    on: date
    member: UUID | None = None
    note: str = Field("", max_length=300)


@router.get("/stock/levels", response=list[LevelOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_RELIEF)
def list_levels(request):
    return (
        Level.objects.visible_to(request.user)
        .select_related("item", "place")
        .order_by("place__name", "item__name", "id")
    )


@router.get("/stock/movements", response=list[MovementOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_RELIEF)
def list_movements(request, filters: Query[MovementFilter]):
    qs = Movement.objects.visible_to(request.user).select_related(
        "item", "place", "member", "other_place"
    )
    if filters.place:
        qs = qs.filter(place__uuid=filters.place)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-on", "-id")


@router.post("/stock/distributions", response={201: MovementOut, 403: Problem, 422: Problem})
@requires(Cap.RECORD_DISTRIBUTIONS)
def give_out(request, payload: GiveIn):
    try:
        place = access.access_place(request.user, payload.place)
    except Http404:
        raise invalid(place=["Unknown place."]) from None
    item = Item.objects.filter(uuid=payload.item, organisation_id=place.organisation_id).first()
    if item is None:
        raise invalid(item=["Unknown item."])
    member = None
    if payload.member is not None:
        try:
            member = access_member(request.user, payload.member, Cap.RECORD_DISTRIBUTIONS)
        except (Http404, PermissionDenied):
            raise invalid(member=["Unknown member."]) from None
    movement = services.distribute(
        item=item,
        place=place,
        quantity=payload.quantity,
        on=payload.on,
        member=member,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, movement)
