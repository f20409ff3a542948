"""Reads of fundraising for pages, exports and the API: scoped, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .models import ZERO, Campaign, Donation, Expenditure


def campaigns_for(user):
    return Campaign.objects.visible_to(user).order_by("-starts_on", "-id")


@dataclass
class Ledger:
    campaign: Campaign
    raised: Decimal
    raised_in_kind: Decimal
    spent: Decimal
    donations: int
    expenditures: int
    reversals: int

    @property
    def balance(self) -> Decimal:
        return self.raised - self.spent

    @property
    def cash_balance(self) -> Decimal:
        return self.raised - self.raised_in_kind - self.spent

    @property
    def percent_of_target(self) -> int | None:
        if not self.campaign.target:
            return None
        return min(100, int(self.raised * 100 / self.campaign.target))


def ledgers(campaigns) -> list[Ledger]:
    """Raised, spent and balance of each campaign (reversals are entries with the
    opposite sign); two grouped queries whatever the number of campaigns."""
    campaigns = list(campaigns)
    ids = [c.pk for c in campaigns]
    d = {
        r["campaign_id"]: r
        for r in Donation.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            raised=Sum("amount"),
            in_kind=Sum("amount", filter=Q(channel=Donation.Channel.IN_KIND)),
            n=Count("id", filter=Q(reverses__isnull=True)),
            r=Count("id", filter=Q(reverses__isnull=False)),
        )
    }
    e = {
        r["campaign_id"]: r
        for r in Expenditure.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            spent=Sum("amount"),
            n=Count("id", filter=Q(reverses__isnull=True)),
            r=Count("id", filter=Q(reverses__isnull=False)),
        )
    }
    result = []
    for c in campaigns:
        dr, er = d.get(c.pk, {}), e.get(c.pk, {})
        result.append(
            Ledger(
                campaign=c,
                raised=dr.get("raised") or ZERO,
                raised_in_kind=dr.get("in_kind") or ZERO,
                spent=er.get("spent") or ZERO,
                donations=dr.get("n") or 0,
                expenditures=er.get("n") or 0,
                reversals=(dr.get("r") or 0) + (er.get("r") or 0),
            )
        )
    return result


def campaign_ledger(campaign: Campaign) -> Ledger:
    return ledgers([campaign])[0]


@dataclass
class StatementRow:
    date: object
    kind: str  # "donation" or "expenditure"
    entry: object
    amount_in: Decimal
    amount_out: Decimal
    balance: Decimal
    extra: dict = field(default_factory=dict)


def ledger_statement(campaign: Campaign):
    """Every entry in date order with the running balance (for exports)."""
    donations = (
        Donation.objects.filter(campaign=campaign)
        .select_related("reverses")
        .order_by("received_on", "id")
    )
    expenditures = (
        Expenditure.objects.filter(campaign=campaign)
        .select_related("programme", "reverses")
        .order_by("spent_on", "id")
    )
    entries = [(d.received_on, 0, d.created_at, d.pk, "donation", d) for d in donations]
    entries += [(e.spent_on, 1, e.created_at, e.pk, "expenditure", e) for e in expenditures]
    entries.sort(key=lambda t: t[:4])
    balance = ZERO
    for on, _order, _at, _pk, kind, entry in entries:
        amount_in = entry.amount if kind == "donation" else ZERO
        amount_out = entry.amount if kind == "expenditure" else ZERO
        balance += amount_in - amount_out
        yield StatementRow(on, kind, entry, amount_in, amount_out, balance)


def recent_donations(campaign: Campaign, limit: int = 50):
    return list(
        Donation.objects.filter(campaign=campaign)
        .select_related("campaign", "reverses")
        .prefetch_related("reversed_by")
        .order_by("-received_on", "-id")[:limit]
    )


def recent_expenditures(campaign: Campaign, limit: int = 50):
    return list(
        Expenditure.objects.filter(campaign=campaign)
        .select_related("programme", "reverses")
        .prefetch_related("reversed_by")
        .order_by("-spent_on", "-id")[:limit]
    )
