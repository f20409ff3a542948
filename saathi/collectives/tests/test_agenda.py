"""Open action items, meetings and claim follow-ups on the agenda and in reminders
(saathi/collectives/agenda.py on saathi/core/agenda, ADR 0025)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import agenda as col_agenda
from saathi.collectives import services
from saathi.core import agenda
from saathi.core.agenda import reminders
from saathi.core.models import ReminderSent
from saathi.core.policy import Role

from .factories import session

SENT: list[tuple[str, str]] = []


class Recording:
    def send(self, phone, message):
        SENT.append((phone, message))


@pytest.fixture
def sms(settings):
    SENT.clear()
    settings.SAATHI_SMS_BACKEND = f"{__name__}.Recording"
    return SENT


def _sms_for(user, kinds=None):
    from saathi.core.agenda import services as agenda_services

    agenda_services.reminder_settings_save(
        user=user,
        channel="sms",
        phone="098300 12345",
        wanted_kinds=kinds
        or [col_agenda.ITEM_KIND, col_agenda.SESSION_KIND, col_agenda.CLAIM_KIND],
    )


def _items(world, due):
    s = session(world, on=timezone.localdate() - timedelta(days=1))
    facilitator = world.user("a", Role.FACILITATOR)
    for_member = services.action_item_add(
        session=s,
        data={"text": "Collect signatures", "member": world.members["a1"], "due_on": due},
        actor=facilitator,
    )
    for_user = services.action_item_add(
        session=s,
        data={"text": "Type the memorandum", "user": facilitator, "due_on": due},
        actor=facilitator,
    )
    return for_member, for_user


def _keys(user, start=None, end=None):
    today = timezone.localdate()
    got = agenda.entries_for(
        user, start or today - timedelta(days=30), end or today + timedelta(days=14)
    )
    return {e.key for e in got.entries}


@pytest.mark.django_db
def test_open_items_are_on_the_agenda_of_whoever_answers_for_them(world):
    due = timezone.localdate() + timedelta(days=2)
    for_member, for_user = _items(world, due)
    leader = world.user("a", Role.COLLECTIVE_LEADER)  # leads A1: follows its members' items
    facilitator = world.user("a", Role.FACILITATOR)
    key_m = f"{col_agenda.ITEM_KIND}:{for_member.uuid}:{due:%Y%m%d}"
    key_u = f"{col_agenda.ITEM_KIND}:{for_user.uuid}:{due:%Y%m%d}"
    assert {key_m} <= _keys(leader) and key_u not in _keys(leader)
    assert key_u in _keys(facilitator) and key_m not in _keys(facilitator)
    assert not {key_m, key_u} & _keys(world.user("b", Role.FACILITATOR))
    # done: off the agenda
    services.action_item_set_status(item=for_member, status="done", actor=facilitator)
    assert key_m not in _keys(leader)


@pytest.mark.django_db
def test_the_agenda_page_lists_the_items_and_the_next_meeting(world, client):
    today = timezone.localdate()
    _items(world, today + timedelta(days=1))
    session(world, on=today + timedelta(days=3), at=time(10, 30), place="Kalikapur hall")
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    client.force_login(leader)
    r = client.get(reverse("agenda:agenda"))
    body = r.content.decode()
    assert r.status_code == 200
    assert "To do: Collect signatures" in body and "Type the memorandum" not in body
    assert "Kalikapur hall" in body
    assert "Lakshmi" not in body  # no member's name on the agenda


@pytest.mark.django_db
def test_reminders_are_neutral_and_go_to_the_person_responsible(world, sms):
    today = timezone.localdate()
    for_member, for_user = _items(world, today + timedelta(days=1))
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    facilitator = world.user("a", Role.FACILITATOR)
    leader.language = "te"
    leader.save(update_fields=["language"])
    _sms_for(leader)
    _sms_for(facilitator, [col_agenda.ITEM_KIND])
    out = reminders.send_due()
    assert out.sent == 2, out
    texts = [t for _p, t in sms]
    assert any(for_member.reference in t for t in texts)
    assert any(for_user.reference in t for t in texts)
    for t in texts:
        # neither the item's words nor a member's name
        assert "signatures" not in t and "memorandum" not in t and "Lakshmi" not in t
    (telugu,) = [t for t in texts if for_member.reference in t]
    assert telugu.startswith("సాథీ: ")  # in her language
    assert set(ReminderSent.objects.values_list("user_id", flat=True)) == {
        leader.pk,
        facilitator.pk,
    }
    assert reminders.send_due().sent == 0  # once only


@pytest.mark.django_db
def test_meetings_and_claim_follow_ups_are_reminded(world, sms):
    today = timezone.localdate()
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    facilitator = world.user("a", Role.FACILITATOR)
    s = session(world, on=today + timedelta(days=1), at=time(11, 0), place="Community hall")
    bearer = services.duty_bearer_create(
        organisation=world.orgs["a"],
        data={
            "title": "District Collector",
            "office": "Collectorate, Nadia",
            "level": "district",
            "state": "WB",
            "district": "Nadia",
        },
        actor=facilitator,
    )
    claim = services.claim_create(
        collective=world.collectives["a1"],
        data={
            "duty_bearer": bearer,
            "title": "Ration cards for all",
            "demand": "Ration cards",
            "method": "memorandum",
            "concerns_count": 40,
            "language": "bn",
            "next_follow_up": today,
        },
        actor=facilitator,
    )
    _sms_for(leader)
    _sms_for(facilitator)
    out = reminders.send_due()
    texts = [t for _p, t in sms]
    # the leader and the facilitator supporting the meeting; the drafter of the claim
    assert out.sent == 3, out
    assert sum("11:00" in t and "Community hall" in t for t in texts) == 2
    assert any(claim.reference in t and "Ration" not in t for t in texts)
    assert s.uuid  # the meeting's key was claimed for both
    assert ReminderSent.objects.filter(kind=col_agenda.SESSION_KIND).count() == 2
