"""Aggregates: counts only, small counts suppressed, never a person's record."""

from __future__ import annotations

from django.db.models import Count, Q

from saathi.core.policy import Cap
from saathi.core.suppression import THRESHOLD, shown, suppress_column, suppress_table
from saathi.people.models import IdentityDocument, Member

SUPPRESS_BELOW = THRESHOLD


def suppress(n: int) -> str:
    """One count that adds up with no other shown count: hidden under 5 (a count that is
    part of a table with totals goes through saathi.core.suppression.suppress_table)."""
    return shown(n, suppress_column([n], total=False)[0][0])


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
    # the collectives partition the members: their counts add up to the total
    hide_coll, hide_total = suppress_column([r["n"] for r in by_collective], total=True)
    # the districts too, when the list holds them all (at most 20 are listed)
    hide_dist, _ = suppress_column(
        [r["n"] for r in by_district], total=len(by_district) < 20 and not hide_total
    )
    docs = list(docs)
    hide_docs = suppress_table(
        [[r["held"], r["applied"], r["missing"]] for r in docs],
        row_totals=False,
        col_totals=False,
        total=False,
    ).cells
    return {
        "total": shown(total, hide_total),
        "by_collective": [
            {"name": r["primary_collective__name"] or "—", "n": shown(r["n"], h)}
            for r, h in zip(by_collective, hide_coll, strict=True)
        ],
        "by_district": [
            {"district": r["district"], "state": r["state"], "n": shown(r["n"], h)}
            for r, h in zip(by_district, hide_dist, strict=True)
        ],
        "documents": [
            {
                "kind": labels.get(r["kind"], r["kind"]),
                "held": shown(r["held"], h[0]),
                "applied": shown(r["applied"], h[1]),
                "missing": shown(r["missing"], h[2]),
            }
            for r, h in zip(docs, hide_docs, strict=True)
        ],
    }
