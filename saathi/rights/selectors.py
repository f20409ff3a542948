"""Reads of the rights pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone

from saathi.core import policy
from saathi.core.policy import Cap

from .models import RightsRequest, Status

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
