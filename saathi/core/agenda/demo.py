"""Demo data of the agenda: the demo facilitator gets her reminders by SMS (to a made-up
number; the demo's SMS backend only logs, masked), so ``manage.py send_reminders`` shows
reminders going out for the demo's follow-ups."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from . import kinds
from .services import reminder_settings_save

DEMO_PHONES = {"facilitator": "9830000101", "leader": "9830000102"}


def seed() -> int:
    User = get_user_model()
    wanted = [k.name for k in kinds() if k.due is not None]
    done = 0
    for username, phone in DEMO_PHONES.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        reminder_settings_save(user=user, channel="sms", phone=phone, wanted_kinds=wanted)
        done += 1
    return done
