"""Services: calendar feed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saathi.core import audit

from ..models import (
    CalendarFeed,
)


def calendar_feed_create(*, user) -> tuple[CalendarFeed, str]:
    """A new secret link for ``user``'s agenda; earlier links are revoked."""
    key = CalendarFeed.new_key()
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(
            user=user, key_hash=CalendarFeed.hash_key(key), prefix=key[:8]
        )
        audit.record(
            audit.Action.API_TOKEN, actor=user, obj=feed, detail={"calendar_feed": "created"}
        )
    return feed, key


def calendar_feed_revoke(*, user) -> int:
    with transaction.atomic():
        n = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if n:
            audit.record(
                audit.Action.API_TOKEN,
                actor=user,
                object_type="entitlements.calendarfeed",
                detail={"calendar_feed": "revoked"},
            )
    return n


def calendar_feed_user(key: str):
    """The user behind a secret link, or None (unknown, revoked, inactive)."""
    if not key or not key.startswith("cal_") or len(key) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(key_hash=CalendarFeed.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 300:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
