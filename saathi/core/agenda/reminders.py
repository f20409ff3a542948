"""Sending what is due: ``manage.py send_reminders`` (run by cron) calls :func:`send_due`.

Each registered kind with ``due`` says which entries fall between today and tomorrow and
who should hear of them. A reminder goes out once per (user, entry key), ever: the
``ReminderSent`` row is claimed (unique user + key) before the message leaves, so two
overlapping runs cannot both send it; a message that fails is un-claimed and tried again
at the next run. Before sending, the user must still reach the entry (the kind's own
scoped ``entries`` lists its key for her) and want reminders of that kind. The text is the
kind's neutral ``reminder`` in her language; nothing else is added but "Saathi:".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saathi.core import sms

from . import Entry, Kind, due_entries
from .models import ReminderSent, ReminderSettings
from .services import reminder_settings_of

logger = logging.getLogger("saathi.reminders")

LOOK_AHEAD_DAYS = 1  # today's and tomorrow's entries: usually the reminder comes a day early


@dataclass
class Outcome:
    sent: int = 0
    already: int = 0  # claimed before (sent, or being sent by another run)
    failed: int = 0
    skipped: int = 0  # not wanted, no address, or no longer in her scope
    by_channel: dict[str, int] = field(default_factory=dict)


def _text(entry: Entry, language: str) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        body = str(entry.reminder) if entry.reminder else ""
        if not body:
            # a kind without a reminder text: the date only, never its title
            body = _("Something is due on %(day)s.") % {"day": entry.on.strftime("%d/%m/%Y")}
        return _("Saathi: %(text)s") % {"text": body}


def _subject(language: str) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return _("Saathi reminder")


class _Scope:
    """Does the user still reach the entry? One scoped read per (user, kind, day)."""

    def __init__(self):
        self._seen: dict[tuple[int, str, date], set[str]] = {}

    def reaches(self, user, kind: Kind, entry: Entry) -> bool:
        k = (user.pk, kind.name, entry.on)
        if k not in self._seen:
            self._seen[k] = {e.key for e in kind.entries(user, entry.on, entry.on)}
        return entry.key in self._seen[k]


def _address(user, prefs: ReminderSettings) -> tuple[str, str] | None:
    if prefs.channel == ReminderSettings.Channel.SMS:
        phone = prefs.phone.unseal_for_system() if prefs.pk and prefs.phone else ""
        return ("sms", phone) if phone else None
    if prefs.channel == ReminderSettings.Channel.EMAIL:
        return ("email", user.email) if user.email else None
    return None


def _claim(user, kind: Kind, entry: Entry, channel: str) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                user=user, key=entry.key[:200], kind=kind.name, on=entry.on, channel=channel
            )
    except IntegrityError:
        return None


def _deliver(channel: str, address: str, subject: str, text: str) -> None:
    if channel == "sms":
        sms.deliver(address, text)
    else:
        send_mail(subject, text, None, [address], fail_silently=False)


def send_due(today: date | None = None) -> Outcome:
    today = today or timezone.localdate()
    end = today + timedelta(days=LOOK_AHEAD_DAYS)
    out = Outcome()
    users: dict[int, Any] = {}
    prefs: dict[int, ReminderSettings] = {}
    scope = _Scope()
    User = get_user_model()
    for kind, entry in due_entries(today, end):
        for uid in dict.fromkeys(entry.user_ids):
            if uid not in users:
                users[uid] = User.objects.filter(pk=uid, is_active=True).first()
            user = users[uid]
            if user is None:
                out.skipped += 1
                continue
            if uid not in prefs:
                prefs[uid] = reminder_settings_of(user)
            p = prefs[uid]
            address = _address(user, p) if p.wants(kind.name) else None
            if address is None or not scope.reaches(user, kind, entry):
                out.skipped += 1
                continue
            channel, to = address
            if ReminderSent.objects.filter(user=user, key=entry.key[:200]).exists():
                out.already += 1
                continue
            claim = _claim(user, kind, entry, channel)
            if claim is None:
                out.already += 1
                continue
            try:
                _deliver(channel, to, _subject(user.language), _text(entry, user.language))
            except Exception as exc:  # noqa: BLE001 - one failure must not stop the run
                claim.delete()
                out.failed += 1
                # the kind and the error's class only: no address, no text
                logger.error(
                    "Reminder (%s, %s) not sent: %s", kind.name, channel, type(exc).__name__
                )
                continue
            ReminderSent.objects.filter(pk=claim.pk).update(
                state=ReminderSent.State.SENT, sent_at=timezone.now()
            )
            out.sent += 1
            out.by_channel[channel] = out.by_channel.get(channel, 0) + 1
    return out
