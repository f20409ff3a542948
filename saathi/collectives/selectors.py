"""Reads for the collectives pages, API and other modules; always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q

from saathi.core.policy import Cap

from .models import DutyBearer

PAGE_SIZE = 50


# ------------------------------------------------------------------ duty bearers
@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    level: str = ""
    state: str = ""
    district: str = ""
    archived: bool = False


def duty_bearers_matching(user, filters: DirectoryFilters = DirectoryFilters()):
    qs = DutyBearer.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.district:
        qs = qs.filter(district__iexact=filters.district.strip())
    for word in filters.q.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(office__icontains=word)
            | Q(department__icontains=word)
            | Q(official_name__icontains=word)
            | Q(district__icontains=word)
        )
    return qs.order_by("title", "office", "id")


def duty_bearer_list(user, filters: DirectoryFilters, page=1):
    return Paginator(duty_bearers_matching(user, filters), PAGE_SIZE).get_page(page)


def duty_bearer_choices(user, organisation_id: int, *, cap: str = Cap.VIEW_DUTY_BEARERS):
    """The current entries of one organisation's directory that ``user`` reaches: for the
    "addressed to" pickers of claims, advocacy actions, complaints and letters."""
    return (
        DutyBearer.objects.visible_to(user, cap)
        .current()
        .filter(organisation_id=organisation_id)
        .order_by("title", "office", "id")
    )
