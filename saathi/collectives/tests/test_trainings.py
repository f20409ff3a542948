"""Trainings: a series of sessions on topics, participants who are members or staff,
attendance per session, completion; on a leader's record of growth."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import access, selectors, services
from saathi.collectives.models import TrainingAttendance, TrainingParticipant
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

from .factories import members

TOPICS = ["Mental health", "Stress management", "Collective efficacy", "Leadership"]


def _series(world, *, collective="a1", required=3):
    facilitator = world.user("a", Role.FACILITATOR)
    training = services.training_create(
        organisation=world.orgs["a"],
        collective=world.collectives[collective] if collective else None,
        data={"title": "Mental health for leaders", "for_whom": "Leaders and staff",
              "sessions_required": required},
        actor=facilitator,
    )  # fmt: skip
    today = timezone.localdate()
    sessions = [
        services.training_session_add(
            training=training,
            data={"topic": t, "on": today - timedelta(days=7 * (4 - i)), "place": "Hall"},
            actor=facilitator,
        )
        for i, t in enumerate(TOPICS)
    ]
    return training, sessions, facilitator


@pytest.mark.django_db
def test_members_and_staff_complete_by_attending_enough_sessions(world):
    training, sessions, facilitator = _series(world)
    lakshmi = world.members["a1"]
    her = services.training_participant_add(
        training=training, data={"member": lakshmi}, actor=facilitator
    )
    staff = services.training_participant_add(
        training=training, data={"user": world.user("a", Role.SOCIAL_WORKER)}, actor=facilitator
    )
    for s in sessions[:3]:
        services.training_attendance_record(
            session=s, present_ids=[her.pk, staff.pk] if s is sessions[0] else [her.pk],
            actor=facilitator,
        )  # fmt: skip
    her.refresh_from_db()
    staff.refresh_from_db()
    assert her.attended == 3 and her.completed_on == sessions[2].on
    assert staff.attended == 1 and staff.completed_on is None
    # untick her from the second: no longer complete; the fourth makes it again
    services.training_attendance_record(session=sessions[1], present_ids=[], actor=facilitator)
    services.training_attendance_record(
        session=sessions[3], present_ids=[her.pk], actor=facilitator
    )
    her.refresh_from_db()
    assert her.attended == 3 and her.completed_on == sessions[3].on
    page = selectors.training_page(training)
    assert page["topics"] == TOPICS and page["completed"] == 1
    assert AuditEvent.objects.filter(object_type="collectives.trainingsession").exists()
    # on her record of growth
    growth = selectors.leader_growth(facilitator, lakshmi)
    assert [p.training for p in growth["trainings"]] == [training]


@pytest.mark.django_db
def test_refusals_name_the_field(world):
    training, sessions, facilitator = _series(world)
    with pytest.raises(ValidationError) as exc:
        services.training_participant_add(training=training, data={}, actor=facilitator)
    assert "member" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:  # not of this collective
        services.training_participant_add(
            training=training, data={"member": world.members["a2"]}, actor=facilitator
        )
    assert "member" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:  # another organisation's user
        services.training_participant_add(
            training=training, data={"user": world.user("b", Role.FACILITATOR)}, actor=facilitator
        )
    assert "user" in exc.value.error_dict
    services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    with pytest.raises(ValidationError) as exc:  # twice
        services.training_participant_add(
            training=training, data={"member": world.members["a1"]}, actor=facilitator
        )
    assert "member" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.training_session_add(
            training=training, data={"topic": "", "on": None}, actor=facilitator
        )
    assert {"topic", "on", "place"} <= set(exc.value.error_dict)
    with pytest.raises(ValidationError) as exc:
        services.training_create(
            organisation=world.orgs["a"], data={"title": "", "sessions_required": 0},
            actor=facilitator,
        )  # fmt: skip
    assert {"title", "sessions_required"} <= set(exc.value.error_dict)
    future = services.training_session_add(
        training=training,
        data={"topic": "Zoom", "on": timezone.localdate() + timedelta(days=3), "place": "Hall"},
        actor=facilitator,
    )
    with pytest.raises(ValidationError):
        services.training_attendance_record(session=future, present_ids=[], actor=facilitator)
    with pytest.raises(ValidationError):  # a participant of another training
        other, _s, _f = _series(world, collective=None)
        p = services.training_participant_add(
            training=other, data={"member": world.members["a2"]}, actor=facilitator
        )
        services.training_attendance_record(
            session=sessions[0], present_ids=[p.pk], actor=facilitator
        )


@pytest.mark.django_db
def test_who_reaches_a_training(world):
    mine, _s, _f = _series(world)
    of_org, _s2, _f2 = _series(world, collective=None)
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert access.access_training(leader, mine.uuid) == mine
    with pytest.raises(Http404):  # the organisation's series lists other collectives' members
        access.access_training(leader, of_org.uuid)
    with pytest.raises(PermissionDenied):  # leaders do not run trainings
        services.training_participant_add(
            training=mine, data={"member": world.members["a1"]}, actor=leader
        )
    with pytest.raises(Http404):
        access.access_training(world.user("b", Role.ORG_ADMIN), mine.uuid)
    with pytest.raises(Http404):
        access.access_training(world.user("a", Role.VIEWER), mine.uuid)


@pytest.mark.django_db
def test_pages_without_javascript(world):
    people = members(world, "a1", 5)
    training, sessions, facilitator = _series(world, required=1)
    c = Client()
    c.force_login(facilitator)
    r = c.post(reverse("collectives:training_participant_add", args=[training.uuid]),
               {"member": str(people[0].uuid)})  # fmt: skip
    assert r.status_code == 302
    r = c.post(reverse("collectives:training_participant_add", args=[training.uuid]),
               {"user": str(world.user("a", Role.SOCIAL_WORKER).uuid)})  # fmt: skip
    assert r.status_code == 302
    p = TrainingParticipant.objects.get(member=people[0])
    url = reverse("collectives:training_attendance", args=[sessions[0].uuid])
    r = c.get(url)
    assert r.status_code == 200 and people[0].native_name in r.content.decode()
    r = c.post(url, {"present": [str(p.pk)], "csrfmiddlewaretoken": "x"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.completed_on == sessions[0].on
    r = c.post(url, {"present": ["999999"], "csrfmiddlewaretoken": "x"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    detail = c.get(reverse("collectives:training_detail", args=[training.uuid])).content.decode()
    assert "Stress management" in detail and "1 of 2 completed" in detail
    growth = c.get(reverse("collectives:member_growth", args=[people[0].uuid])).content.decode()
    assert "Mental health for leaders" in growth and "completed" in growth
    r = c.post(reverse("collectives:training_create"),
               {"title": "Zoom for leaders", "sessions_required": "2", "collective": ""})  # fmt: skip
    assert r.status_code == 302


@pytest.mark.django_db
def test_training_pages_queries_are_bounded(world, django_assert_max_num_queries):
    people = members(world, "a1", 30)
    training, sessions, facilitator = _series(world)
    for m in people:
        services.training_participant_add(training=training, data={"member": m}, actor=facilitator)
    services.training_attendance_record(
        session=sessions[0],
        present_ids=list(training.participants.values_list("pk", flat=True)),
        actor=facilitator,
    )
    c = Client()
    c.force_login(facilitator)
    for url in (
        reverse("collectives:training_list"),
        reverse("collectives:training_detail", args=[training.uuid]),
        reverse("collectives:training_attendance", args=[sessions[0].uuid]),
        reverse("collectives:member_growth", args=[people[0].uuid]),
        reverse("collectives:figures"),
    ):
        c.get(url)  # warm the session
        with django_assert_max_num_queries(12):
            assert c.get(url).status_code == 200


# ------------------------------------------------------------------ edit and remove
def _audits(object_type, uuid, action):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(uuid), action=action)


@pytest.mark.django_db
def test_a_session_is_edited_with_the_checks_of_adding_it(world):
    training, sessions, facilitator = _series(world)
    session = sessions[0]
    new_day = timezone.localdate() - timedelta(days=2)
    services.training_session_update(
        session=session,
        data={"topic": "Stress at work", "on": new_day, "place": "", "online_link":
              "https://meet.example.org/x", "trainer": "Dr Sen"},
        actor=facilitator,
    )  # fmt: skip
    session.refresh_from_db()
    assert (session.topic, session.on, session.place) == ("Stress at work", new_day, "")
    assert session.online_link == "https://meet.example.org/x" and session.trainer == "Dr Sen"
    row = _audits("collectives.trainingsession", session.uuid, "change").get()
    assert row.fields == "on,online_link,place,topic,trainer"
    assert row.organisation_id == training.organisation_id and row.actor_id == facilitator.pk
    # nothing changed: no audit row
    services.training_session_update(
        session=session,
        data={"topic": "Stress at work", "on": new_day, "online_link":
              "https://meet.example.org/x", "trainer": "Dr Sen"},
        actor=facilitator,
    )  # fmt: skip
    assert _audits("collectives.trainingsession", session.uuid, "change").count() == 1
    # bad input, at its field; nothing saved
    with pytest.raises(ValidationError) as exc:
        services.training_session_update(
            session=session,
            data={"topic": "", "on": timezone.localdate() + timedelta(days=400),
                  "online_link": "meet.example.org"},
            actor=facilitator,
        )  # fmt: skip
    assert {"topic", "on", "online_link"} <= set(exc.value.error_dict)
    session.refresh_from_db()
    assert session.topic == "Stress at work"
    # the capability of adding one: a leader of the collective is refused, and audited
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    with pytest.raises(PermissionDenied):
        services.training_session_update(
            session=session, data={"topic": "X", "on": new_day, "place": "Hall"}, actor=leader
        )
    assert AuditEvent.objects.filter(action="denied", actor_id=leader.pk).exists()


@pytest.mark.django_db
def test_moving_an_attended_session_moves_completion_not_into_the_future(world):
    training, sessions, facilitator = _series(world, required=1)
    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    services.training_attendance_record(
        session=sessions[0], present_ids=[her.pk], actor=facilitator
    )
    her.refresh_from_db()
    assert her.completed_on == sessions[0].on
    data = {"topic": sessions[0].topic, "place": "Hall"}
    with pytest.raises(ValidationError) as exc:
        services.training_session_update(
            session=sessions[0],
            data={**data, "on": timezone.localdate() + timedelta(days=1)},
            actor=facilitator,
        )
    assert list(exc.value.error_dict) == ["on"]
    assert "Attendance is recorded" in exc.value.error_dict["on"][0].message
    moved = timezone.localdate() - timedelta(days=1)
    services.training_session_update(
        session=sessions[0], data={**data, "on": moved}, actor=facilitator
    )
    her.refresh_from_db()
    assert her.completed_on == moved


@pytest.mark.django_db
def test_a_session_is_removed_only_without_attendance(world):
    training, sessions, facilitator = _series(world)
    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    services.training_attendance_record(
        session=sessions[0], present_ids=[her.pk], actor=facilitator
    )
    with pytest.raises(ValidationError) as exc:
        services.training_session_remove(session=sessions[0], actor=facilitator)
    assert exc.value.code == "attended" and "cannot be removed" in exc.value.messages[0]
    assert training.sessions.filter(pk=sessions[0].pk).exists()
    assert not _audits("collectives.trainingsession", sessions[0].uuid, "archive").exists()
    # attendance taken with nobody ticked: nothing is lost, it may go
    services.training_attendance_record(session=sessions[1], present_ids=[], actor=facilitator)
    for s in sessions[1:]:
        services.training_session_remove(session=s, actor=facilitator)
    assert list(training.sessions.all()) == [sessions[0]]
    row = _audits("collectives.trainingsession", sessions[1].uuid, "archive").get()
    assert row.detail["removed"] is True and row.detail["training"] == training.reference
    assert row.organisation_id == training.organisation_id and row.actor_id == facilitator.pk
    # unticked, the first may go too
    services.training_attendance_record(session=sessions[0], present_ids=[], actor=facilitator)
    services.training_session_remove(session=sessions[0], actor=facilitator)
    assert not training.sessions.exists()
    with pytest.raises(PermissionDenied):
        other, more, _f = _series(world)
        services.training_session_remove(session=more[0], actor=world.user("a", Role.SOCIAL_WORKER))


@pytest.mark.django_db
def test_removing_a_participant_takes_her_attendance_and_recounts(world):
    training, sessions, facilitator = _series(world, required=2)
    lakshmi, staff_user = world.members["a1"], world.user("a", Role.SOCIAL_WORKER)
    her = services.training_participant_add(
        training=training, data={"member": lakshmi}, actor=facilitator
    )
    staff = services.training_participant_add(
        training=training, data={"user": staff_user}, actor=facilitator
    )
    for s in sessions[:2]:
        services.training_attendance_record(
            session=s, present_ids=[her.pk, staff.pk], actor=facilitator
        )
    assert services.training_participant_remove(participant=her, actor=facilitator) == 2
    assert list(training.participants.all()) == [staff]
    assert not TrainingAttendance.objects.filter(participant_id=her.pk).exists()
    for s in sessions[:2]:
        s.refresh_from_db()
        assert s.present_count == 1
    staff.refresh_from_db()
    assert staff.attended == 2 and staff.completed_on == sessions[1].on
    row = _audits("collectives.trainingparticipant", her.uuid, "archive").get()
    assert row.member_id == lakshmi.pk and row.detail["attendance_removed"] == 2
    assert row.detail["removed"] is True and row.detail["staff"] is False
    # she may be added again, from nothing
    again = services.training_participant_add(
        training=training, data={"member": lakshmi}, actor=facilitator
    )
    assert again.attended == 0 and again.completed_on is None
    with pytest.raises(PermissionDenied):
        services.training_participant_remove(
            participant=staff, actor=world.user("a", Role.VOLUNTEER)
        )
    assert training.participants.filter(pk=staff.pk).exists()


@pytest.mark.django_db
def test_another_organisation_gets_404(world):
    training, sessions, facilitator = _series(world)
    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    other = world.user("b", Role.ORG_ADMIN)
    with pytest.raises(Http404):
        access.access_training_participant(other, her.uuid)
    c = Client()
    c.force_login(other)
    for name, obj in (
        ("collectives:training_session_edit", sessions[0]),
        ("collectives:training_session_remove", sessions[0]),
        ("collectives:training_participant_remove", her),
    ):
        url = reverse(name, args=[obj.uuid])
        assert c.get(url).status_code == 404
        assert c.post(url, {"topic": "X", "on": "01/01/2026", "place": "Y"}).status_code == 404
    assert training.sessions.count() == len(sessions) and training.participants.count() == 1
    sessions[0].refresh_from_db()
    assert sessions[0].topic == TOPICS[0]


@pytest.mark.django_db
def test_edit_and_remove_pages_without_javascript(world):
    training, sessions, facilitator = _series(world)
    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    services.training_attendance_record(
        session=sessions[0], present_ids=[her.pk], actor=facilitator
    )
    c = Client()
    c.force_login(facilitator)
    detail_url = reverse("collectives:training_detail", args=[training.uuid])
    detail = c.get(detail_url).content.decode()
    for name, obj in (
        ("collectives:training_session_edit", sessions[1]),
        ("collectives:training_session_remove", sessions[1]),
        ("collectives:training_participant_remove", her),
    ):
        assert reverse(name, args=[obj.uuid]) in detail
    # edit: the form shows what it holds; bad input is refused at the field, all kept
    edit = reverse("collectives:training_session_edit", args=[sessions[1].uuid])
    page = c.get(edit).content.decode()
    assert 'value="Stress management"' in page and 'value="Hall"' in page
    far = (timezone.localdate() + timedelta(days=400)).strftime("%d/%m/%Y")
    r = c.post(edit, {"topic": "Breathing", "on": far, "place": "", "trainer": "Asha Rao",
                      "online_link": "zoom"})  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200 and "The date is more than a year away." in page
    assert "The link starts with https://" in page
    assert 'value="Breathing"' in page and 'value="Asha Rao"' in page and far in page
    sessions[1].refresh_from_db()
    assert sessions[1].topic == "Stress management"
    ok = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    r = c.post(edit, {"topic": "Breathing", "on": ok, "place": "Library"})
    assert r.status_code == 302 and r["Location"] == detail_url
    sessions[1].refresh_from_db()
    assert (sessions[1].topic, sessions[1].place) == ("Breathing", "Library")
    # removal: GET asks, POST removes
    remove = reverse("collectives:training_session_remove", args=[sessions[1].uuid])
    page = c.get(remove).content.decode()
    assert "Remove this session?" in page and "Breathing" in page and "Remove the session" in page
    assert training.sessions.filter(pk=sessions[1].pk).exists()
    r = c.post(remove)
    assert r.status_code == 302 and not training.sessions.filter(pk=sessions[1].pk).exists()
    # a session with attendance: the page says why, no button; a POST is refused the same
    remove = reverse("collectives:training_session_remove", args=[sessions[0].uuid])
    page = c.get(remove).content.decode()
    assert "so it cannot be removed" in page and "Remove the session" not in page
    r = c.post(remove)
    assert r.status_code == 200 and "so it cannot be removed" in r.content.decode()
    assert training.sessions.filter(pk=sessions[0].pk).exists()
    # a participant: how much attendance goes with her, then removed
    remove = reverse("collectives:training_participant_remove", args=[her.uuid])
    page = c.get(remove).content.decode()
    assert "Attendance at 1 session of this training" in page
    assert world.members["a1"].native_name in page
    r = c.post(remove)
    assert r.status_code == 302 and not training.participants.exists()
    sessions[0].refresh_from_db()
    assert sessions[0].present_count == 0
    # GET-only is not enough for a leader: 403 on the confirmation page
    leader = Client()
    leader.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    r = leader.get(reverse("collectives:training_session_remove", args=[sessions[2].uuid]))
    assert r.status_code == 403


@pytest.mark.django_db
def test_remove_pages_in_bengali_and_telugu(world):
    training, sessions, facilitator = _series(world)
    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    c = Client()
    c.force_login(facilitator)
    session_url = reverse("collectives:training_session_remove", args=[sessions[0].uuid])
    her_url = reverse("collectives:training_participant_remove", args=[her.uuid])
    for lang, session_title, her_title in (
        ("bn", "এই সেশনটি সরাবেন?", "এই অংশগ্রহণকারীকে সরাবেন?"),
        ("te", "ఈ సెషన్‌ను తొలగించాలా?", "ఈ పాల్గొనేవారిని తొలగించాలా?"),
    ):
        facilitator.language = lang
        facilitator.save(update_fields=["language"])
        assert session_title in c.get(session_url).content.decode()
        assert her_title in c.get(her_url).content.decode()
