"""Duplicate detection for beneficiary lists, with clerical review: the API.

Lists, runs and pairs within the caller's scope (``link_lists``; a pair only when both of
its records are); phone and ID digits are never served, only whether they agreed.
"""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from saathi.api.kit import Pagination, invalid, requires
from saathi.core.policy import Cap

from . import access, selectors, services
from .models import Decision

router = Router(tags=["linkage"])


class ListOut(Schema):
    uuid: UUID
    reference: str
    name: str
    organisation: UUID = Field(..., alias="organisation.uuid")
    collective: UUID | None = None
    row_count: int
    bad_row_count: int
    created_at: datetime

    @staticmethod
    def resolve_collective(obj):
        return obj.collective.uuid if obj.collective_id else None


class RunOut(Schema):
    uuid: UUID
    reference: str
    status: str
    against_registry: bool
    threshold: float
    review_floor: float
    record_count: int
    member_count: int
    beneficiary_count: int
    pair_count: int
    lists: list[UUID]
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_lists(obj):
        return [lst.uuid for lst in obj.lists.all()]


class SideOut(Schema):
    kind: str
    title: str
    reference: str
    values: dict[str, str]


class PairOut(Schema):
    uuid: UUID
    run: UUID
    probability: float
    band: str
    fields: dict[str, str]
    decision: str | None
    left: SideOut
    right: SideOut


class DecisionIn(Schema):
    decision: str = Field("", description="same, different or unsure")
    note: str = ""


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _pair_out(card) -> dict:
    pair = card["pair"]
    decision = card["decision"]
    return {
        "uuid": pair.uuid,
        "run": pair.run.uuid,
        "probability": pair.probability,
        "band": pair.band,
        "fields": pair.fields,
        "decision": getattr(decision, "decision", decision),
        "left": card["left"].__dict__,
        "right": card["right"].__dict__,
    }


@router.get("/linkage/lists", response=list[ListOut])
@paginate(Pagination, page_size=50)
@requires(Cap.LINK_LISTS)
def list_lists(request):
    return selectors.lists_of(request.user)


@router.get("/linkage/runs", response=list[RunOut])
@paginate(Pagination, page_size=50)
@requires(Cap.LINK_LISTS)
def list_runs(request):
    return selectors.runs_of(request.user).prefetch_related("lists")


@router.get("/linkage/runs/{uuid}", response=RunOut)
def get_run(request, uuid: UUID):
    return access.access_run(request.user, uuid)


@router.get("/linkage/runs/{uuid}/pairs", response=list[PairOut])
@paginate(Pagination, page_size=selectors.REVIEW_PAGE)
def run_pairs(request, uuid: UUID, tab: str = "review"):
    """Pairs of a run: ``tab`` is review (waiting for a person), auto (matched
    automatically, for spot checks), unsure or decided."""
    run = access.access_run(request.user, uuid)
    if tab not in selectors.TABS:
        tab = "review"
    return _Cards(selectors.review_queue(request.user, run, tab, 1).paginator.object_list)


class _Cards:
    """A queryset of pairs that pages into PairOut dicts."""

    def __init__(self, qs):
        self.qs = qs

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, k):
        return [_pair_out(selectors.pair_card(p)) for p in self.qs[k]]


@router.get("/linkage/pairs/{uuid}", response=PairOut)
def get_pair(request, uuid: UUID):
    pair = access.access_pair(request.user, uuid)
    card = selectors.pair_card(pair)
    card["decision"] = services.decision_for(pair)
    return _pair_out(card)


@router.post("/linkage/pairs/{uuid}/decision", response={200: PairOut, 422: Problem})
def decide_pair(request, uuid: UUID, payload: DecisionIn | None = None):
    """Same person (merge), different people, or unsure. Remembered across runs."""
    pair = access.access_pair(request.user, uuid)
    payload = payload or DecisionIn()
    if payload.decision not in Decision.values:
        raise invalid(decision=["same, different or unsure"])
    services.pair_decide(
        pair=pair, decision=payload.decision, note=payload.note, actor=request.user
    )
    return get_pair(request, uuid)
