"""Writes of the agenda: secret calendar links and reminder choices (ADR 0025)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit

from . import kinds
from .models import CalendarFeed, ReminderSettings


# ------------------------------------------------------------------ calendar feed
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
                object_type="core.calendarfeed",
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


# ------------------------------------------------------------------ reminder choices
_PHONE = re.compile(r"^(?:\+?91)?([6-9]\d{9})$")


def normalise_phone(raw: str) -> str:
    """An Indian mobile number as +91 and ten digits, or "" when it is not one."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("0"):
        digits = digits[1:]
    m = _PHONE.match(digits)
    return f"+91{m.group(1)}" if m else ""


def reminder_settings_of(user) -> ReminderSettings:
    """Her saved choices, or the defaults (unsaved) when she has made none."""
    found = ReminderSettings.objects.filter(user=user).first()
    if found is not None:
        return found
    channel = ReminderSettings.Channel.EMAIL if user.email else ReminderSettings.Channel.OFF
    return ReminderSettings(user=user, channel=channel)


def reminder_settings_save(*, user, channel: str, phone: str, wanted_kinds, email: str = ""):
    """Save how ``user`` gets reminders. ``wanted_kinds``: the kind names she ticked (the
    others are muted); ``phone`` empty keeps the number saved before."""
    errors: dict[str, str] = {}
    if channel not in ReminderSettings.Channel.values:
        errors["channel"] = _("Choose how reminders are sent.")
    settings_row = reminder_settings_of(user)
    number = ""
    if phone.strip():
        number = normalise_phone(phone)
        if not number:
            errors["phone"] = _("Write a 10-digit Indian mobile number, like 98300 12345.")
    has_number = bool(number) or bool(settings_row.pk and settings_row.phone)
    if channel == ReminderSettings.Channel.SMS and not has_number and "phone" not in errors:
        errors["phone"] = _("Reminders by text message need your mobile number.")
    if email.strip():
        from django.core.validators import validate_email

        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = _("Write an email address like name@example.org.")
    has_email = bool(email.strip()) or bool(user.email)
    if channel == ReminderSettings.Channel.EMAIL and not has_email and "email" not in errors:
        errors["email"] = _("Reminders by email need your email address.")
    if errors:
        raise ValidationError(errors)
    known = [k.name for k in kinds()]
    wanted = set(wanted_kinds)
    with transaction.atomic():
        if email.strip() and email.strip() != user.email:
            user.email = email.strip()
            user.save(update_fields=["email"])
        settings_row.channel = channel
        settings_row.muted_kinds = sorted(k for k in known if k not in wanted)
        if number:
            settings_row.phone = number
        settings_row.updated_at = timezone.now()
        settings_row.save()
        audit.record(
            audit.Action.CHANGE,
            actor=user,
            object_type="core.remindersettings",
            object_id=str(user.uuid),
            fields=["channel", "muted_kinds"] + (["phone"] if number else []),
        )
    return settings_row
