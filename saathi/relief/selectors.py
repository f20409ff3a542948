"""Reads for relief pages, exports and the API: scoped, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Sum

from saathi.core.policy import Cap
from saathi.funds.models import Campaign, Expenditure
from saathi.funds.selectors import ledgers
from saathi.reports.selectors import suppress

from .models import (
    ZERO,
    BeneficiaryList,
    Distribution,
    Item,
    Programme,
)


def programmes_for(user):
    return (
        Programme.objects.visible_to(user)
        .select_related("collective", "campaign")
        .order_by("-starts_on", "-id")
    )


@dataclass
class ItemProgress:
    item: Item
    distributed: Decimal
    households: int
    value: Decimal


@dataclass
class ProgrammeProgress:
    items: list[ItemProgress]
    households: int
    distributions: int
    value_distributed: Decimal
    planned_spend: Decimal
    actual_spend: Decimal
    budget: Decimal
    target_households: int

    @property
    def reach_percent(self) -> int | None:
        if not self.target_households:
            return None
        return min(100, self.households * 100 // self.target_households)


def programme_progress(programme: Programme) -> ProgrammeProgress:
    """Targets against reached, planned against actual spend (four queries)."""
    # with where each is given from (relief stock), in the same query
    items = list(
        programme.items.select_related("stock_source__item", "stock_source__place").order_by("id")
    )
    rows = {
        r["item_id"]: r
        for r in Distribution.objects.standing()
        .filter(programme=programme)
        .values("item_id")
        .annotate(q=Sum("quantity"), hh=Count("recipient_key", distinct=True), v=Sum("amount"))
    }
    totals = (
        Distribution.objects.standing()
        .filter(programme=programme)
        .aggregate(hh=Count("recipient_key", distinct=True), n=Count("id"), v=Sum("amount"))
    )
    spent = Expenditure.objects.filter(programme=programme).aggregate(s=Sum("amount"))["s"]
    progress = [
        ItemProgress(
            item=i,
            distributed=rows.get(i.pk, {}).get("q") or Decimal(0),
            households=rows.get(i.pk, {}).get("hh") or 0,
            value=rows.get(i.pk, {}).get("v") or ZERO,
        )
        for i in items
    ]
    return ProgrammeProgress(
        items=progress,
        households=totals["hh"] or 0,
        distributions=totals["n"] or 0,
        value_distributed=totals["v"] or ZERO,
        planned_spend=sum((i.planned_value for i in items), ZERO),
        actual_spend=spent or ZERO,
        budget=programme.budget,
        target_households=programme.target_households,
    )


def distributions_page(user, programme: Programme, page=1):
    qs = (
        Distribution.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("item", "member")
        .only(
            "uuid",
            "quantity",
            "amount",
            "mode",
            "distributed_on",
            "place",
            "ack_method",
            "repeat_reason",
            "cancelled_at",
            "cancel_reason",
            "item__name",
            "item__kind",
            "item__unit",
            "member__uuid",
            "member__display_name",
            "member__native_name",
            "member__reference",
        )
        .order_by("-distributed_on", "-id")
    )
    return Paginator(qs, settings.SAATHI_PAGE_SIZE).get_page(page)


def lists_of(user, programme: Programme):
    return list(
        BeneficiaryList.objects.visible_to(user).filter(programme=programme).order_by("-id")
    )


def list_timeline(blist: BeneficiaryList) -> list:
    """The steps of a list (already reached through ``access_list``), oldest first."""
    return list(blist.steps.select_related("actor"))


def relief_aggregates(user) -> dict:
    """What a viewer (funder) may see: counts with small ones suppressed, and money."""
    programmes = Programme.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    campaigns = Campaign.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    reached = {
        r["programme_id"]: r
        for r in Distribution.objects.standing()
        .filter(programme__in=programmes)
        .values("programme_id")
        .annotate(hh=Count("recipient_key", distinct=True), n=Count("id"), v=Sum("amount"))
    }
    rows = []
    for p in programmes.order_by("-starts_on", "-id"):
        r = reached.get(p.pk, {})
        rows.append(
            {
                "name": p.name,
                "funder": p.funder,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "households": suppress(r.get("hh") or 0),
                "target": p.target_households,
                "distributions": suppress(r.get("n") or 0),
                "value": r.get("v") or ZERO,
                "budget": p.budget,
            }
        )
    return {
        "programmes": rows,
        "campaigns": ledgers(campaigns.order_by("-starts_on", "-id")),
    }
