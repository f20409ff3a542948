"""Retention (DPDP s.8(7), Rule 8): erase what has passed its period, after notice,
except under a legal hold. Run daily by cron: ``manage.py retention_sweep``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from saathi.core import audit

from . import erasure, services
from .models import RetentionKind, RetentionRule

BATCH = 500


@dataclass
class Sweep:
    due_soon: list[int] = field(default_factory=list)  # member ids, noticed
    erased: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)


def sweep(*, dry_run: bool = False, now=None) -> Sweep:
    from saathi.people.models import Member

    now = now or timezone.now()
    result = Sweep()
    for rule in RetentionRule.objects.filter(kind=RetentionKind.ARCHIVED_MEMBER):
        base = Member.objects.filter(organisation_id=rule.organisation_id).exclude(
            archived_reason="erased"
        )
        limit = now - timedelta(days=rule.keep_days)
        soon = base.filter(
            archived_at__lte=limit + timedelta(days=rule.notice_days), archived_at__gt=limit
        )
        noticed = list(soon.values_list("pk", flat=True))
        result.due_soon += noticed
        if noticed and not dry_run:
            audit.record(
                audit.Action.CHANGE,
                username="retention_sweep",
                organisation_id=rule.organisation_id,
                detail={"retention": "due_soon", "members": len(noticed)},
            )
        passed = list(base.filter(archived_at__lte=limit).order_by("pk"))
        holds = erasure.legal_holds([m.pk for m in passed])
        result.held += sorted(holds)
        doomed = [m for m in passed if m.pk not in holds]
        result.erased += [m.pk for m in doomed]
        if dry_run:
            continue
        for start in range(0, len(doomed), BATCH):
            with transaction.atomic():
                services.erase(doomed[start : start + BATCH], actor=None, reason="retention")
    return result
