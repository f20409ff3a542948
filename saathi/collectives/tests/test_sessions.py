"""Group sessions, the attendance tick list, decisions and action items."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import access, selectors, services
from saathi.collectives.models import Attendance, GroupSession
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

from .factories import days_ago, members, session


@pytest.mark.django_db
def test_session_needs_who_led_it_and_a_link_when_online(world):
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            collective=world.collectives["a1"],
            data={"kind": "online", "on": timezone.localdate()},
            actor=world.user("a", Role.FACILITATOR),
        )
    assert {"online_link", "led_by"} <= set(exc.value.error_dict)
    other = world.members["b1"]  # not of this collective
    with pytest.raises(ValidationError) as exc:
        session(world, led_by=other, facilitator=None)
    assert "led_by" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        session(world, minutes="We met", minutes_language="")
    assert "minutes_language" in exc.value.error_dict


@pytest.mark.django_db
def test_leader_reaches_her_collective_only(world):
    mine = session(world, "a1")
    sister = session(world, "a2")
    leader = world.user("a", Role.COLLECTIVE_LEADER)  # leader of A1
    assert access.access_session(leader, mine.uuid, "record_sessions") == mine
    with pytest.raises(Http404):
        access.access_session(leader, sister.uuid)
    with pytest.raises(PermissionDenied):
        services.session_create(
            collective=world.collectives["a2"],
            data={"kind": "general", "on": timezone.localdate(), "led_by": None},
            actor=leader,
        )
    assert not GroupSession.objects.visible_to(world.user("a", Role.VIEWER)).exists()


@pytest.mark.django_db
def test_attendance_of_forty_and_guests(world):
    people = members(world, "a1", 40)
    s = session(world)
    sheet_page, rows = selectors.attendance_sheet(s)
    assert len(rows) == 41  # the forty and Lakshmi Das, on one page
    present = [m.pk for m in people[:30]]
    result = services.attendance_record(
        session=s,
        shown_ids=[m.pk for m in rows],
        present_ids=present,
        guests=4,
        actor=world.user("a", Role.COLLECTIVE_LEADER),
    )
    assert result == {"present": 30, "came": 30, "gone": 0}
    s.refresh_from_db()
    assert s.present_count == 30 and s.guests == 4 and s.attendance_taken_at
    # correcting the list: two did not come after all, one more did
    services.attendance_record(
        session=s,
        shown_ids=[m.pk for m in rows],
        present_ids=present[2:] + [people[35].pk],
        actor=world.user("a", Role.COLLECTIVE_LEADER),
    )
    assert Attendance.objects.filter(session=s).count() == 29
    event = AuditEvent.objects.filter(object_id=str(s.uuid)).last()
    assert event.detail == {"present": 29, "marked": 1, "unmarked": 2}


@pytest.mark.django_db
def test_attendance_refuses_members_of_other_collectives(world):
    s = session(world)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            session=s,
            shown_ids=[world.members["a2"].pk],
            present_ids=[world.members["a2"].pk],
            actor=world.user("a", Role.FACILITATOR),
        )
    assert "present" in exc.value.error_dict
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_missed_three_in_a_row(world):
    people = members(world, "a1", 5)
    everyone = [m.pk for m in people] + [world.members["a1"].pk]
    actor = world.user("a", Role.FACILITATOR)
    sessions = [session(world, on=days_ago(d)) for d in (30, 20, 10)]
    for s, came in zip(sessions, [everyone, everyone[1:], everyone[2:]], strict=True):
        services.attendance_record(session=s, shown_ids=everyone, present_ids=came, actor=actor)
    missed, more = selectors.missed_in_a_row(sessions[-1])
    assert missed == [] and not more  # people[0] came to the first of the three
    fourth = session(world, on=days_ago(1))
    services.attendance_record(
        session=fourth, shown_ids=everyone, present_ids=everyone[2:], actor=actor
    )
    missed, _ = selectors.missed_in_a_row(fourth)
    assert [m.pk for m in missed] == [people[0].pk]  # missed 20, 10 and 1 days ago
    # an older session does not look at the later ones
    assert selectors.missed_in_a_row(sessions[0]) == ([], False)


@pytest.mark.django_db
def test_decisions_and_action_items(world):
    s = session(world)
    actor = world.user("a", Role.COLLECTIVE_LEADER)
    d = services.decision_add(
        session=s, data={"text": "Demand ration cards", "outcome": "agreed"}, actor=actor
    )
    with pytest.raises(ValidationError) as exc:
        services.action_item_add(session=s, data={"text": "", "due_on": None}, actor=actor)
    assert {"text", "due_on", "member"} <= set(exc.value.error_dict)
    with pytest.raises(ValidationError) as exc:
        services.action_item_add(
            session=s,
            data={
                "text": "x",
                "due_on": s.on,
                "member": world.members["a1"],
                "user": actor,
            },
            actor=actor,
        )
    assert "member" in exc.value.error_dict
    item = services.action_item_add(
        session=s,
        data={
            "text": "Write the memorandum",
            "due_on": s.on + timedelta(days=5),
            "user": actor,
            "decision": d,
        },
        actor=actor,
    )
    assert selectors.open_items_for(actor) == [item]
    # it shows on the next session's page until it is done
    later = session(world, on=s.on + timedelta(days=7))
    assert selectors.session_page(actor, later)["earlier_open"] == [item]
    services.action_item_set_status(item=item, status="done", actor=actor)
    assert item.done_on == timezone.localdate()
    assert selectors.session_page(actor, later)["earlier_open"] == []
    assert selectors.open_items_for(actor) == []


@pytest.mark.django_db
def test_tick_list_page_without_javascript(world):
    people = members(world, "a1", 40)
    s = session(world)
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    url = reverse("collectives:session_attendance", args=[s.uuid])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="present"') == 41
    r = client.post(url, {"present": [str(m.pk) for m in people[:30]], "guests": "3"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.present_count == 30 and s.guests == 3
    detail = client.get(reverse("collectives:session_detail", args=[s.uuid])).content.decode()
    assert "30 of 41 members" in detail
    # a bad guests count is shown at its field, the ticks kept
    r = client.post(url, {"present": [str(people[0].pk)], "guests": "-2"})
    assert r.status_code == 200 and "guests" in r.context["form"].errors
    assert 'value="%d" checked' % people[0].pk in r.content.decode()
    r = client.post(url, {"everyone": "1", "guests": "0"})
    s.refresh_from_db()
    assert s.present_count == 41


@pytest.mark.django_db
def test_attendance_pages_through_large_collectives(world):
    members(world, "a1", 70)
    s = session(world)
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("collectives:session_attendance", args=[s.uuid])
    r = client.post(url, {"everyone": "1", "page": "1"})
    assert r.status_code == 302 and r["Location"].endswith("?page=2")
    r = client.post(url, {"everyone": "1", "page": "2"})
    assert r["Location"] == reverse("collectives:session_detail", args=[s.uuid])
    s.refresh_from_db()
    assert s.present_count == 71


@pytest.mark.django_db
def test_record_a_session_from_the_phone(world):
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    coll = world.collectives["a1"]
    r = client.post(
        reverse("collectives:session_create", args=[coll.uuid]),
        {"kind": "general", "on": "bad date", "place": "Community hall"},
    )
    assert r.status_code == 200 and "on" in r.context["form"].errors
    assert "Community hall" in r.content.decode()
    facilitator = world.user("a", Role.FACILITATOR)
    r = client.post(
        reverse("collectives:session_create", args=[coll.uuid]),
        {
            "kind": "general",
            "on": timezone.localdate().strftime("%d/%m/%Y"),
            "at": "10:30",
            "place": "Community hall",
            "facilitator": str(facilitator.uuid),
        },
    )
    s = GroupSession.objects.get()
    assert r["Location"] == reverse("collectives:session_attendance", args=[s.uuid])
    assert s.facilitator == facilitator and s.at.hour == 10


@pytest.mark.django_db
def test_session_page_queries_are_bounded(world, django_assert_max_num_queries):
    people = members(world, "a1", 60)
    s = session(world)
    services.attendance_record(
        session=s,
        shown_ids=[m.pk for m in people],
        present_ids=[m.pk for m in people],
        actor=world.user("a", Role.FACILITATOR),
    )
    for i in range(3):
        services.decision_add(
            session=s, data={"text": f"Decision {i}"}, actor=world.user("a", Role.FACILITATOR)
        )
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    with django_assert_max_num_queries(12):
        r = client.get(reverse("collectives:session_detail", args=[s.uuid]))
    assert r.status_code == 200
    with django_assert_max_num_queries(12):
        r = client.get(reverse("collectives:session_attendance", args=[s.uuid]))
    assert r.status_code == 200
    with django_assert_max_num_queries(12):
        r = client.get(reverse("collectives:collective", args=[s.collective.uuid]))
    assert r.status_code == 200


@pytest.mark.django_db
def test_leader_home_shows_next_meeting_and_her_items(world, django_assert_max_num_queries):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    s = session(world, on=timezone.localdate() + timedelta(days=2), place="Kalikapur hall")
    services.action_item_add(
        session=s,
        data={"text": "Collect ration slips", "due_on": s.on + timedelta(days=3), "user": leader},
        actor=leader,
    )
    session(world, "a2", on=timezone.localdate() + timedelta(days=1), place="Other hall")
    client = Client()
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("home")).content.decode()
    assert "Kalikapur hall" in body and "Other hall" not in body  # her collective only
    assert "Collect ration slips" in body
    assert reverse("collectives:session_create", args=[world.collectives["a1"].uuid]) in body
    # staff of the whole organisation get the list link, not the panel
    client.force_login(world.user("a", Role.FACILITATOR))
    body = client.get(reverse("home")).content.decode()
    assert reverse("collectives:index") in body and "Kalikapur hall" not in body
