"""The agenda's records: secret calendar links, reminder choices, reminders sent.

Imported by ``saathi/core/models.py`` (app label ``core``).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.fields import EncryptedTextField


class CalendarFeed(models.Model):
    """A user's secret iCalendar link to her agenda. Only the SHA-256 of the secret is
    stored; making a new link revokes the earlier ones."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "core_agenda_feed"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "cal_" + secrets.token_urlsafe(32)


class ReminderSettings(models.Model):
    """How one user wants her reminders: by SMS, by email or not at all, to which number,
    and which kinds she does not want. Without a row she gets every kind by email when her
    account has an address (ADR 0025)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message (SMS)")
        OFF = "off", _("No reminders")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    channel = models.CharField(
        _("send reminders by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    phone = EncryptedTextField(_("mobile number for reminders"))
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "core_reminder_settings"

    def wants(self, kind: str) -> bool:
        return self.channel != self.Channel.OFF and kind not in (self.muted_kinds or [])


class ReminderSent(models.Model):
    """One reminder claimed for one user and one agenda entry. The unique (user, key) is
    what makes a reminder go at most once, even when two runs of ``send_reminders``
    overlap: the row is written before the message leaves and removed if sending fails."""

    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=60)
    on = models.DateField()
    channel = models.CharField(max_length=8)
    state = models.CharField(max_length=8, choices=State.choices, default=State.SENDING)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "core_reminder_sent"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_once_per_user_key")
        ]
        indexes = [models.Index(fields=["on"], name="reminder_sent_on")]
