"""Aggregates: counts only, small counts suppressed, never a person's record."""

from __future__ import annotations

from django.db.models import Count, Q

from saathi.core.policy import Cap
from saathi.core.templatetags.saathi import indian_grouping
from saathi.people.models import IdentityDocument, Member

SUPPRESS_BELOW = 5


def suppress(n: int) -> str:
    """Counts under 5 are shown as "<5" so nobody can be singled out."""
    if 0 < n < SUPPRESS_BELOW:
        return "<5"
    return indian_grouping(n)


def registry_aggregates(user) -> dict:
    members = Member.objects.visible_to(user, Cap.VIEW_AGGREGATES).filter(archived_at__isnull=True)
    total = members.count()
    by_collective = list(
        members.values("primary_collective__name")
        .annotate(n=Count("id"))
        .order_by("primary_collective__name")
    )
    by_district = list(
        members.values("state", "district").annotate(n=Count("id")).order_by("-n")[:20]
    )
    docs = (
        IdentityDocument.objects.filter(member__in=members)
        .values("kind")
        .annotate(
            held=Count("id", filter=Q(status="held")),
            applied=Count("id", filter=Q(status="applied")),
            missing=Count("id", filter=Q(status__in=["missing", "lost"])),
        )
        .order_by("kind")
    )
    from saathi.people.choices import DocumentKind

    labels = dict(DocumentKind.choices)
    return {
        "total": suppress(total),
        "by_collective": [
            {"name": r["primary_collective__name"] or "—", "n": suppress(r["n"])}
            for r in by_collective
        ],
        "by_district": [
            {"district": r["district"], "state": r["state"], "n": suppress(r["n"])}
            for r in by_district
        ],
        "documents": [
            {
                "kind": labels.get(r["kind"], r["kind"]),
                "held": suppress(r["held"]),
                "applied": suppress(r["applied"]),
                "missing": suppress(r["missing"]),
            }
            for r in docs
        ],
    }
