"""Reminders: ``send_reminders`` by SMS and by email (a real SMTP server), in the
recipient's language, once per (user, key), only what she chose and still reaches."""

from __future__ import annotations

import socket
from datetime import time, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda
from saathi.core.agenda import reminders
from saathi.core.agenda import services as agenda_services
from saathi.core.models import ReminderSent, ReminderSettings
from saathi.entitlements import services as ent_services
from saathi.entitlements.tests.factories import facilitator, scheme

SENT_SMS: list[tuple[str, str]] = []


class RecordingBackend:
    def send(self, phone, message):
        SENT_SMS.append((phone, message))


class BrokenBackend:
    def send(self, phone, message):
        raise ConnectionError("gateway down")


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Saathi <saathi@example.org>"
    yield inbox
    controller.stop()


@pytest.fixture
def recording_sms(settings):
    SENT_SMS.clear()
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    return SENT_SMS


def _body(msg) -> str:
    return msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8")


def _follow_up(world, user, days=1, member="a1"):
    return ent_services.application_start(
        member=world.members[member], scheme=scheme("pmjdy_account", world.orgs["a"]),
        actor=user, next_follow_up=timezone.localdate() + timedelta(days=days),
    )  # fmt: skip


@pytest.mark.django_db
def test_email_reminder_in_her_language_once(world, smtp):
    user = facilitator(world)
    user.email, user.language = "runa@example.org", "bn"
    user.save()
    app = _follow_up(world, user)
    out = reminders.send_due()
    assert out.sent == 1 and out.by_channel == {"email": 1}
    ((rcpt, msg),) = smtp.messages
    assert rcpt == ["runa@example.org"]
    assert str(make_header(decode_header(msg["Subject"]))) == "সাথী রিমাইন্ডার"
    body = _body(msg)
    assert app.reference in body and "খোঁজ নেওয়া" in body  # Bengali "follow-up"
    assert "Lakshmi" not in body and "Jan Dhan" not in body  # no member, no scheme
    # a second run, and a third the next day, send nothing more
    assert reminders.send_due().sent == 0
    assert reminders.send_due(timezone.localdate() + timedelta(days=1)).sent == 0
    assert len(smtp.messages) == 1
    assert ReminderSent.objects.get(user=user).state == ReminderSent.State.SENT


@pytest.mark.django_db
def test_sms_reminder_by_her_choice(world, client, recording_sms):
    user = facilitator(world)
    user.language = "hi"
    user.save()
    client.force_login(user)
    r = client.post(
        reverse("agenda:reminders"),
        {"channel": "sms", "phone": "098300 12345", "kinds": ["entitlements.follow_up"]},
    )
    assert r.status_code == 302
    app = _follow_up(world, user, days=0)
    assert reminders.send_due().sent == 1
    ((phone, text),) = recording_sms
    assert phone == "+919830012345"
    assert text.startswith("साथी: ") and app.reference in text and "पैरवी" in text
    # stored encrypted: the number is not in the table
    with connection.cursor() as c:
        c.execute("SELECT phone FROM core_reminder_settings")
        (raw,) = c.fetchone()
    assert "9830012345" not in raw


@pytest.mark.django_db
def test_muted_kind_and_channel_off_send_nothing(world, smtp):
    user = facilitator(world)
    user.email = "runa@example.org"
    user.save()
    _follow_up(world, user)
    agenda_services.reminder_settings_save(
        user=user, channel="email", phone="", wanted_kinds=[]
    )  # every kind muted
    assert reminders.send_due().sent == 0
    agenda_services.reminder_settings_save(
        user=user, channel="off", phone="", wanted_kinds=["entitlements.follow_up"]
    )
    assert reminders.send_due().sent == 0 and not smtp.messages


@pytest.mark.django_db
def test_without_an_address_nothing_is_sent_by_default(world, smtp):
    user = facilitator(world)  # no email, no choice made
    _follow_up(world, user)
    out = reminders.send_due()
    assert out.sent == 0 and out.skipped == 1 and not ReminderSent.objects.exists()


@pytest.mark.django_db
def test_a_failed_message_is_tried_again_next_run(world, settings, recording_sms):
    user = facilitator(world)
    agenda_services.reminder_settings_save(
        user=user, channel="sms", phone="9830012345", wanted_kinds=["entitlements.follow_up"]
    )
    _follow_up(world, user)
    settings.SAATHI_SMS_BACKEND = f"{__name__}.BrokenBackend"
    with pytest.raises(CommandError):
        call_command("send_reminders")
    assert not ReminderSent.objects.exists()
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    call_command("send_reminders")
    assert len(recording_sms) == 1


@pytest.mark.django_db
def test_a_claim_is_taken_once(world):
    """What makes two overlapping runs safe: the second claim of (user, key) fails."""
    user = facilitator(world)
    kind = agenda.get_kind("entitlements.follow_up")
    entry = agenda.Entry(key="entitlements.follow_up:x", kind=kind.name, on=timezone.localdate())
    assert reminders._claim(user, kind, entry, "sms") is not None
    assert reminders._claim(user, kind, entry, "email") is None
    assert ReminderSent.objects.count() == 1


@pytest.mark.django_db
def test_no_reminder_once_she_no_longer_reaches_it(world, smtp):
    user = facilitator(world)
    user.email = "runa@example.org"
    user.save()
    _follow_up(world, user)
    user.grants.update(revoked_at=timezone.now())
    assert reminders.send_due().sent == 0 and not smtp.messages


@pytest.mark.django_db
def test_reminder_never_says_what_the_matter_is(world, recording_sms):
    """A kind's title may name the matter for users in scope; the reminder says only the
    neutral text the kind gives (time and place)."""
    user = facilitator(world)
    agenda_services.reminder_settings_save(
        user=user, channel="sms", phone="9830012345", wanted_kinds=["tests.hearing"]
    )
    on = timezone.localdate() + timedelta(days=1)

    def entry(user_ids=()):
        return agenda.Entry(
            key="tests.hearing:1", kind="tests.hearing", on=on, at=time(10, 30),
            title="Trafficking case: hearing", place="Basirhat court complex",
            reminder=format_lazy(_("Appointment, {at}, {place}"), at="10:30",
                                 place="Basirhat court complex"),
            user_ids=user_ids,
        )  # fmt: skip

    agenda.register(
        "tests.hearing",
        label="Hearings",
        entries=lambda u, s, e: [entry()] if u.pk == user.pk else [],
        due=lambda s, e: [entry((user.pk,))],
    )
    try:
        assert reminders.send_due().sent == 1
    finally:
        agenda.unregister("tests.hearing")
    ((_phone, text),) = recording_sms
    assert text == "Saathi: Appointment, 10:30, Basirhat court complex"
    assert "rafficking" not in text


@pytest.mark.django_db
def test_reminder_page_keeps_what_was_typed_and_names_the_wrong_field(world, client):
    user = facilitator(world)
    client.force_login(user)
    r = client.post(
        reverse("agenda:reminders"),
        {"channel": "sms", "phone": "12345", "email": "runa@example.org"},
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "Write a 10-digit Indian mobile number" in body and 'value="12345"' in body
    assert 'value="runa@example.org"' in body
    assert not ReminderSettings.objects.filter(user=user).exists()
    r = client.post(reverse("agenda:reminders"), {"channel": "email", "email": "not-an-address"})
    assert "Write an email address like name@example.org." in r.content.decode()
    r = client.post(reverse("agenda:reminders"), {"channel": "email"})
    assert "Reminders by email need your email address." in r.content.decode()


def test_phone_numbers_are_normalised():
    n = agenda_services.normalise_phone
    assert n("98300 12345") == n("+91 98300-12345") == n("09830012345") == "+919830012345"
    assert n("12345") == n("5830012345") == ""


@pytest.mark.django_db
def test_demo_facilitator_gets_reminders_of_the_demo_follow_ups(world, recording_sms):
    from saathi.core.agenda import demo

    user = facilitator(world)
    user.username = "facilitator"
    user.save()
    _follow_up(world, user, days=1)
    assert demo.seed() == 1
    assert reminders.send_due().sent == 1
    assert recording_sms[0][0] == "+919830000101"


class SlowBackend:
    def send(self, phone, message):
        import time as _time

        _time.sleep(0.3)
        SENT_SMS.append((phone, message))


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_once(settings):
    """Two cron runs at the same moment, each in its own database connection: the unique
    (user, key) claim lets one of them send. (PostgreSQL: SQLite's test database is one
    in-memory connection.)"""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("needs two real database connections")
    from saathi.core.testing import build_world

    world = build_world()
    SENT_SMS.clear()
    settings.SAATHI_SMS_BACKEND = f"{__name__}.SlowBackend"
    user = facilitator(world)
    agenda_services.reminder_settings_save(
        user=user, channel="sms", phone="9830012345", wanted_kinds=["entitlements.follow_up"]
    )
    _follow_up(world, user)
    results = []

    def run():
        try:
            results.append(reminders.send_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(SENT_SMS) == 1
    assert sorted(r.sent for r in results) == [0, 1]
    assert ReminderSent.objects.filter(user=user).count() == 1
