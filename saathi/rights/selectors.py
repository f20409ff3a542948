"""Reads of the rights pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from saathi.core import policy
from saathi.core.policy import Cap

from .models import Breach, Notice, Processor, RightsRequest, RightsSettings, Status

PAGE_SIZE = 50


def request_list(user, *, status: str = "received", page=1):
    """Requests the user may see, the nearest answer date first."""
    qs = RightsRequest.objects.visible_to(user).select_related("member")
    if status in Status.values:
        qs = qs.filter(status=status)
    qs = qs.order_by("due_on", "id")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def request_detail(user, req: RightsRequest) -> dict:
    member = req.member
    reach = (member.organisation_id, member.collective_ids())
    erased = getattr(req, "erasure", None) if req.status == Status.ERASED else None
    return {
        "req": req,
        "member": member,
        "erased": erased,
        "days_left": (req.due_on - timezone.localdate()).days,
        "may_decide": req.open and policy.has_cap_for(user, Cap.RECORD_RIGHTS, *reach),
        "may_export": req.kind == "access"
        and req.status != Status.ERASED
        and policy.has_cap_for(user, Cap.RECORD_RIGHTS, *reach),
        "may_release": policy.has_cap_for(user, Cap.VIEW_CONFIDENTIAL, *reach),
        "may_approve": req.open
        and req.kind == "erasure"
        and req.created_by_id != user.pk
        and policy.has_cap_for(user, Cap.APPROVE_ERASURE, *reach),
    }


def member_requests(user, member):
    return (
        RightsRequest.objects.visible_to(user).filter(member=member).order_by("-received_on", "-id")
    )


def breach_list(user, *, page=1):
    """The breach registers of the organisations the user runs, the newest first."""
    qs = (
        Breach.objects.visible_to(user, Cap.APPROVE_ERASURE)
        .select_related("organisation")
        .annotate(affected=models.Count("members"))
        .order_by("-detected_at", "-id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


SHOWN_REFERENCES = 200


def breach_detail(breach: Breach) -> dict:
    """A breach and the references of the members it touched (the first ones)."""
    members = breach.members.order_by("reference").values_list("reference", flat=True)
    count = breach.members.count()
    return {
        "b": breach,
        "count": count,
        "references": list(members[:SHOWN_REFERENCES]),
        "more": max(0, count - SHOWN_REFERENCES),
        "not_reached": max(0, count - breach.notified) if breach.notified_at else 0,
    }


def notice_current(organisation) -> dict:
    """The organisation's latest notice (every language of it) and its contact."""
    latest = Notice.objects.filter(organisation=organisation).order_by("-version").first()
    texts = {}
    if latest is not None:
        texts = {
            n.language: n
            for n in Notice.objects.filter(organisation=organisation, version=latest.version)
        }
    chosen = RightsSettings.objects.filter(organisation=organisation).first()
    return {"notice": latest, "texts": texts, "contact": chosen.contact if chosen else ""}


def processor_list(user, *, page=1):
    """The processor registers of the organisations the user runs, those in use first."""
    qs = (
        Processor.objects.visible_to(user, Cap.APPROVE_ERASURE)
        .select_related("organisation")
        .order_by("-active", "name", "id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


def processors_in_use(organisation_id: int) -> list[Processor]:
    """An organisation's processors in use, to name where a list or an export went (a
    page that calls this has already checked the user's rights on the record)."""
    return list(Processor.objects.filter(organisation_id=organisation_id, active=True))
