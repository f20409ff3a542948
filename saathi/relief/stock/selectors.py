"""Reads for the stock pages and API; always through ``visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet

from saathi.core import policy
from saathi.core.keyset import KeysetPage, keyset_page
from saathi.core.policy import Cap

from .models import Item, Level, Movement, Place, Source

PAGE_SIZE = 50


def places(user, cap: str = Cap.VIEW_RELIEF) -> QuerySet[Place]:
    return Place.objects.visible_to(user, cap).order_by("name", "id")


def items(user, organisation_ids) -> QuerySet[Item]:
    return Item.objects.filter(organisation_id__in=organisation_ids).order_by("name", "id")


def levels(user, place: Place | None = None) -> list[Level]:
    """What is held now, item by item and place by place (at most a few hundred rows)."""
    qs = Level.objects.visible_to(user).select_related("item", "place")
    if place is not None:
        qs = qs.filter(place=place)
    return list(qs.order_by("place__name", "item__name", "id")[:500])


def movements(user, place: Place | None = None, after: str = "") -> KeysetPage:
    """50 movements by keyset (``after``: the uuid of the last one shown), counted up to
    10,000: an offset page and its count read a leader's 200,000 movements on every page
    (p95 over 350 ms, bench/README.md "Livelihoods")."""
    qs = Movement.objects.visible_to(user)
    if place is not None:
        qs = qs.filter(place=place)
    else:
        # Implied by visible_to (a movement's organisation is its item's and its place's,
        # and a collective's store is its organisation's: services), said outright: with
        # it SQLite walks stock_move_org in date order and stops at the page, where a
        # leader's "her collective's stores OR the shared ones" read every movement of
        # those stores and sorted them (290 ms for 200,000 movements).
        reached = policy.scope_for(user, Cap.VIEW_RELIEF).organisations_reached
        qs = qs.filter(organisation_id__in=reached)
    qs = qs.select_related("item", "place", "other_place", "member").order_by("-on", "-id")
    return keyset_page(qs, date_field="on", after=after, per_page=PAGE_SIZE)


def source_of(relief_item) -> Source | None:
    """Where a relief programme's item is given from (None: not from stock)."""
    return Source.objects.filter(relief_item=relief_item).first()
