"""Reads for the legal pages, API and agenda: always through ``visible_to``.

Two views of a matter: the *summary* (reference, stage, next date, and the "no next date"
flag) for roles with ``view_legal_matters`` only, and the *full* one for advocates and,
through an audited reveal, organisation admins. The confidential fields are read only
with ``core.confidential.reveal`` under the legal capability.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from saathi.core import confidential, policy
from saathi.core.policy import Cap

from . import clocks, letters
from .models import (
    OPEN_STATUSES,
    Compensation,
    LegalMatter,
    MatterType,
)
from .services import CONFIDENTIAL_FIELDS

PAGE_SIZE = 50
AGENDA_DAYS = 14
HEARINGS_SHOWN = 50


def _unpaid_awards(today):
    """Compensation claims awarded more than 30 days ago and not paid in full."""
    return Compensation.objects.filter(
        award_on__lt=today - timedelta(days=clocks.AWARD_PAYMENT_DAYS),
        award_amount__gt=F("award_paid"),
    )


@dataclass
class MatterFilters:
    matter_type: str = ""
    flag: str = ""  # "unpaid" (awarded, not paid after 30 days), "no_next_date", "open"
    mine: bool = False  # only the matters the user is the responsible advocate of


def _full(user) -> bool:
    return policy.has_cap(user, Cap.MANAGE_LEGAL) or policy.has_cap(user, Cap.REVEAL_LEGAL)


def matter_list_queryset(user, filters: MatterFilters):
    """The matters a user reaches with the list's filters, newest first (the page and the
    API). The type and "awarded, not paid after 30 days" are for the full view only."""
    today = timezone.localdate()
    qs = LegalMatter.objects.visible_to(user).select_related("member")
    if filters.mine:
        qs = qs.filter(responsible=user)
    if _full(user):
        if filters.matter_type in MatterType.values:
            qs = qs.filter(matter_type=filters.matter_type)
        if filters.flag == "unpaid":
            qs = qs.filter(award_due_on__lt=today)
    if filters.flag == "no_next_date":
        qs = qs.filter(
            awaiting_next_date=True, status__in=OPEN_STATUSES, last_hearing_on__lte=today
        )
    elif filters.flag == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("-created_at", "-id")


def matter_list(user, filters: MatterFilters, after: str = ""):
    """One page of the list, 50 rows, by keyset: ``after`` is the uuid of the last matter
    of the previous page (never a count of the whole table, never an offset). Returns
    (rows, the next page's ``after`` or "", full view?). Rows carry ``unpaid`` (an award
    unpaid after 30 days) for the full view; the summary view shows stage and next date."""
    qs = (
        matter_list_queryset(user, filters)
        .select_related("responsible")
        .only(
            "uuid",
            "reference",
            "stage",
            "status",
            "matter_type",
            "member_role",
            "next_date",
            "next_purpose",
            "last_hearing_on",
            "award_due_on",
            "created_at",
            "member__uuid",
            "member__display_name",
            "member__native_name",
            "member__preferred_language",
            "responsible__username",
            "responsible__first_name",
            "responsible__last_name",
        )
    )
    cursor = _cursor(user, after)
    if cursor is not None:
        at, pk = cursor
        qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (str(rows[-1].uuid) if more else ""), _full(user)


def _cursor(user, after: str):
    """(created_at, id) of the matter named by ``after``, if the user reaches it."""
    import uuid as uuidlib

    try:
        key = uuidlib.UUID(after)
    except (TypeError, ValueError, AttributeError):
        return None
    return (
        LegalMatter.objects.visible_to(user)
        .filter(uuid=key)
        .values_list("created_at", "id")
        .first()
    )


def member_has_open_matter(member) -> bool:
    """Has she a legal matter still open? (A system check, e.g. the rights module's legal
    hold on erasure: no user scope, no content, one indexed query.)"""
    return LegalMatter.objects.filter(member=member, status__in=OPEN_STATUSES).exists()


def member_matters(user, member):
    return list(
        LegalMatter.objects.visible_to(user).filter(member=member).order_by("-created_at", "-id")
    )


def matter_detail(user, matter: LegalMatter, *, reveal: confidential.Reason | None) -> dict:
    """What the full matter page shows. ``reveal``: the reason given to decrypt the
    confidential fields (an audited read, refused with 403 when the user may not)."""
    today = timezone.localdate()
    hearings = list(matter.hearings.all()[: HEARINGS_SHOWN + 1])
    compensations = list(matter.compensations.prefetch_related("payments"))
    protections = list(matter.protection_applications.all())
    threats = list(matter.threats.all())
    secrets = {}
    threat_details: dict[int, str] = {}
    if reveal:
        cap = _reveal_cap(user, matter)
        secrets = confidential.reveal(
            user, matter, list(CONFIDENTIAL_FIELDS), reason=reveal, cap=cap
        )
        for t in threats:
            if t.details:
                threat_details[t.pk] = confidential.reveal(
                    user, t, ["details"], reason=reveal, cap=cap
                )["details"]
    for c in compensations:
        c.unpaid = clocks.unpaid_award(c, today)
    return {
        "hearings": hearings[:HEARINGS_SHOWN],
        "more_hearings": len(hearings) > HEARINGS_SHOWN,
        "compensations": compensations,
        "protections": protections,
        "threats": [(t, threat_details.get(t.pk, "")) for t in threats],
        "identifiers": list(matter.identifiers.all()),
        "people": list(matter.people.all()),
        "clocks": clocks.matter_clocks(matter, compensations, protections, today=today),
        "today": today,
        "secrets": secrets,
        "may_name": letters.may_name(matter),
    }


def matter_papers(user, matter: LegalMatter, *, reveal: confidential.Reason | None) -> dict:
    """The matter's complaints about the police or prosecutors (with what they were
    escalated to) and its documents; ``reveal``: the reason to decrypt what happened."""
    complaints = list(matter.complaints.select_related("duty_bearer", "escalated_to"))
    details: dict[int, str] = {}
    if reveal:
        cap = _reveal_cap(user, matter)
        for c in complaints:
            if c.details:
                details[c.pk] = confidential.reveal(user, c, ["details"], reason=reveal, cap=cap)[
                    "details"
                ]
    return {
        "complaints": [(c, details.get(c.pk, "")) for c in complaints],
        "documents": list(matter.documents.all()),
    }


def matter_history(matter: LegalMatter) -> list:
    """The matter's status moves, newest first (its ``core.cases`` timeline)."""
    return list(matter.steps.select_related("actor").order_by("-at", "-id")[:200])


def _reveal_cap(user, matter) -> str:
    reach = matter.member.scope_reach()
    if policy.has_cap_for(user, Cap.MANAGE_LEGAL, *reach):
        return Cap.MANAGE_LEGAL
    return Cap.REVEAL_LEGAL


def unseen_alerts(user):
    from .models import Alert

    return list(
        Alert.objects.filter(user=user, seen_at__isnull=True)
        .select_related("matter")
        .only("kind", "created_at", "matter__uuid", "matter__reference")[:20]
    )


def aggregates(user) -> dict:
    """Counts for the figures page, suppressed below the threshold (reports' helper): two
    queries."""
    from django.db.models import Count

    from saathi.reports.selectors import suppress

    today = timezone.localdate()
    qs = LegalMatter.objects.visible_to(user, Cap.VIEW_AGGREGATES)
    late = today - timedelta(days=clocks.AWARD_PAYMENT_DAYS)
    counts = Compensation.objects.filter(matter__in=qs.values("pk")).aggregate(
        claims=Count("pk"),
        awarded=Count("pk", filter=Q(award_on__isnull=False)),
        unpaid=Count("pk", filter=Q(award_on__lt=late, award_amount__gt=F("award_paid"))),
        paid_in_full=Count(
            "pk", filter=Q(award_amount__isnull=False, award_paid__gte=F("award_amount"))
        ),
    )
    return {
        "open": suppress(qs.filter(status__in=OPEN_STATUSES).count()),
        **{k: suppress(v) for k, v in counts.items()},
    }


# rights (issue 13): a legal hold on erasure. Which of these members have a matter still
# open (not closed or withdrawn): their records must be kept while it runs.
def members_with_open_matters(member_ids) -> set[int]:
    return set(
        LegalMatter.objects.filter(
            member_id__in=list(member_ids), status__in=OPEN_STATUSES
        ).values_list("member_id", flat=True)
    )
