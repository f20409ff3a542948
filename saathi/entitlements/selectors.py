"""Reads for the entitlements pages and API: always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone

from saathi.core import audit, policy
from saathi.core.policy import Cap
from saathi.core.scope import organisation_ids

from . import eligibility
from .models import (
    APPROVED_OR_LATER,
    OPEN_STATUSES,
    SUBMITTED_OR_LATER,
    WAITING_STATUSES,
    Application,
    Correspondence,
    Drive,
    Scheme,
    Status,
)
from .services import DEFAULT_STALL_DAYS

PAGE_SIZE = 50
DRIVE_CANDIDATES = 100  # members offered at once on a drive's page, then "next"


def catalogue(user, state: str = "", category: str = ""):
    qs = Scheme.objects.catalogue_for(organisation_ids(user, Cap.VIEW_APPLICATIONS))
    if category:
        qs = qs.filter(category=category)
    schemes = list(qs.order_by("category", "code"))
    if state:
        schemes = [s for s in schemes if s.applies_in(state)]
    return schemes


def catalogue_for_member(member):
    return [
        s
        for s in Scheme.objects.catalogue_for([member.organisation_id]).order_by("code")
        if s.applies_in(member.state)
    ]


def scheme_versions(user, scheme: Scheme):
    return list(
        Scheme.objects.visible_to(user)
        .filter(code=scheme.code)
        .filter(Q(organisation__isnull=True) | Q(organisation_id=scheme.organisation_id))
        .order_by("-version", "-created_at")
    )


@dataclass
class ApplicationFilters:
    status: str = ""
    scheme: str = ""  # code
    stalled: bool = False
    open_only: bool = False


def applications_matching(user, filters: ApplicationFilters):
    qs = Application.objects.visible_to(user)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.scheme:
        qs = qs.filter(scheme__code=filters.scheme)
    if filters.stalled:
        # waiting on the office longer than the default timeline (per-scheme limits are
        # checked on each row of the page)
        limit = timezone.localdate() - timedelta(days=DEFAULT_STALL_DAYS)
        qs = qs.filter(status__in=WAITING_STATUSES, submitted_on__lt=limit)
        return qs.order_by("submitted_on", "id")  # waiting longest first
    return qs.order_by("-created_at", "-id")


COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows: "1,000+" is as useful as an exact count of
    a hundred thousand applications, and costs a bounded walk of the index."""

    @property
    def count(self):
        if not hasattr(self, "_capped"):
            self._capped = self.object_list[: COUNT_CAP + 1].count()
        return min(self._capped, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_CAP and self._capped > COUNT_CAP


def application_list(user, filters: ApplicationFilters, page=1):
    qs = applications_matching(user, filters).select_related("member", "scheme")
    return CappedPaginator(qs, PAGE_SIZE).get_page(page)


def member_entitlements(user, member) -> dict:
    apps = list(
        Application.objects.visible_to(user)
        .filter(member=member)
        .select_related("scheme")
        .order_by("-created_at")
    )
    corr = list(
        Correspondence.objects.visible_to(user)
        .filter(member=member)
        .select_related("application")
        .order_by("-on", "-id")[:50]
    )
    results = eligibility.member_eligibility(
        member, Scheme.objects.catalogue_for([member.organisation_id])
    )
    open_codes = {a.scheme.code: a for a in apps if a.status in OPEN_STATUSES}
    for r in results:
        r.open_application = open_codes.get(r.scheme.code)
    audit.record(
        audit.Action.VIEW_PERSONAL,
        actor=user,
        obj=member,
        fields=["applications", "documents_status"],
    )
    return {"applications": apps, "correspondence": corr, "eligibility": results}


def application_detail(user, app: Application) -> dict:
    from .services import stalled_since

    transitions = list(app.transitions.select_related("actor"))
    corr = list(app.correspondence.order_by("-on", "-id"))
    letters = list(app.letters.select_related("printed_by")[:20])
    audit.record(audit.Action.VIEW_PERSONAL, actor=user, obj=app, fields=["application"])
    return {
        "transitions": transitions,
        "correspondence": corr,
        "letters": letters,
        "stalled": stalled_since(app),
    }


def drive_progress(drive: Drive) -> dict:
    rows = dict(
        drive.applications.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    total = sum(rows.values())
    return {
        "target": total,
        "submitted": sum(n for s, n in rows.items() if s in SUBMITTED_OR_LATER),
        "approved": sum(n for s, n in rows.items() if s in APPROVED_OR_LATER),
        "received": rows.get(Status.BENEFIT_RECEIVED, 0),
        "rejected": rows.get(Status.REJECTED, 0),
        "by_status": [(Status(s).label, n) for s, n in sorted(rows.items())],
    }


def drive_candidates(user, drive: Drive, page: int = 1):
    """Members the drive could start applications for: in its collective (or organisation),
    visible to ``user``, with whether each has an open application or holds the document."""
    from saathi.people.models import Member

    qs = Member.objects.visible_to(user, Cap.EDIT_APPLICATIONS).filter(
        organisation_id=drive.organisation_id, archived_at__isnull=True
    )
    if drive.collective_id:
        qs = qs.filter(memberships__collective_id=drive.collective_id, memberships__left_on=None)
    start = (max(page, 1) - 1) * DRIVE_CANDIDATES
    members = list(qs.order_by("display_name", "id")[start : start + DRIVE_CANDIDATES + 1])
    more = len(members) > DRIVE_CANDIDATES
    members = members[:DRIVE_CANDIDATES]
    busy = set(
        Application.objects.filter(
            member__in=[m.pk for m in members],
            scheme__code=drive.scheme.code,
            status__in=OPEN_STATUSES,
        ).values_list("member_id", flat=True)
    )
    holds = set()
    if drive.scheme.provides_document:
        from saathi.people.models import IdentityDocument

        holds = set(
            IdentityDocument.objects.filter(
                member_id__in=[m.pk for m in members],
                kind=drive.scheme.provides_document,
                status="held",
            ).values_list("member_id", flat=True)
        )
    for m in members:
        m.busy = m.pk in busy
        m.holds = m.pk in holds
        m.suggested = not m.busy and not m.holds and drive.scheme.applies_in(m.state)
    return members, more


def drives(user):
    return list(
        Drive.objects.visible_to(user)
        .select_related("scheme", "collective")
        .order_by("-created_at")[:100]
    )


def may_run_drives_somewhere(user) -> bool:
    return policy.has_cap(user, Cap.RUN_DRIVES)
