"""A device given to a member links to her digital-skills trainings (issue 18 item 3):
read through the collectives module, scoped, and recorded on its training form."""

from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import services as coll_services
from saathi.collectives.models import Training, TrainingSubject
from saathi.core.policy import Role
from saathi.livelihoods import selectors, services

from .helpers import days_ago

pytestmark = pytest.mark.django_db


def _device(world, org="a"):
    return services.device_save(
        organisation=world.orgs[org],
        data={
            "kind": "smartphone",
            "model_name": "Redmi 9A",
            "serial": "356938035643809",
            "member": world.members[f"{org}1"],
            "given_on": days_ago(20),
        },
        actor=world.user(org, Role.FACILITATOR),
    )


def _training(world, title, subject, collective="a1", attended=True):
    """A training in which member a1 takes part, her attendance at its one session."""
    fac = world.user("a", Role.FACILITATOR)
    training = coll_services.training_create(
        organisation=world.orgs["a"],
        collective=world.collectives[collective] if collective else None,
        data={"title": title, "subject": subject, "sessions_required": 2},
        actor=fac,
    )
    session = coll_services.training_session_add(
        training=training,
        data={"topic": "WhatsApp safety", "on": timezone.localdate() - timedelta(days=2),
              "place": "Office"},
        actor=fac,
    )  # fmt: skip
    participant = coll_services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=fac
    )
    if attended:
        coll_services.training_attendance_record(
            session=session, present_ids=[participant.pk], actor=fac
        )
    return training


def _page(world, device, org="a", role=Role.FACILITATOR):
    c = Client()
    c.force_login(world.user(org, role))
    return c.get(reverse("livelihoods:device_detail", args=[device.uuid]))


def test_the_device_page_lists_her_digital_skills_trainings_only(world):
    device = _device(world)
    _training(world, "Smartphone and Zoom for leaders", TrainingSubject.DIGITAL_SKILLS)
    _training(world, "Digital skills across the network", TrainingSubject.DIGITAL_SKILLS, None)
    _training(world, "Mental health for leaders", TrainingSubject.MENTAL_HEALTH)
    body = _page(world, device).content.decode()
    assert "Smartphone and Zoom for leaders" in body
    assert "Digital skills across the network" in body  # the organisation's: she sees it
    assert "Mental health for leaders" not in body
    assert "1 session attended of 2 needed" in body


def test_a_leader_sees_her_collectives_trainings_only(world):
    device = _device(world)
    _training(world, "Smartphone and Zoom for leaders", TrainingSubject.DIGITAL_SKILLS)
    _training(world, "Digital skills across the network", TrainingSubject.DIGITAL_SKILLS, None)
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    found = selectors.device_digital_skills(leader, device)
    assert [p.training.title for p in found.trainings] == ["Smartphone and Zoom for leaders"]
    assert found.record_url == ""  # leaders do not manage trainings
    body = _page(world, device, role=Role.COLLECTIVE_LEADER).content.decode()
    assert "Smartphone and Zoom for leaders" in body
    assert "Digital skills across the network" not in body
    assert reverse("collectives:training_create") not in body


def test_another_organisation_gets_404(world):
    device = _device(world)
    _training(world, "Smartphone and Zoom for leaders", TrainingSubject.DIGITAL_SKILLS)
    assert _page(world, device, org="b").status_code == 404
    assert (
        selectors.device_digital_skills(world.user("b", Role.FACILITATOR), device).trainings == []
    )


def test_a_device_held_by_no_one_shows_no_training_section(world):
    device = services.device_save(
        organisation=world.orgs["a"],
        data={"kind": "tablet", "collective": world.collectives["a1"], "given_on": days_ago(1)},
        actor=world.user("a", Role.FACILITATOR),
    )
    assert selectors.device_digital_skills(world.user("a", Role.FACILITATOR), device) is None
    assert "Record a digital-skills training" not in _page(world, device).content.decode()


def test_record_a_training_opens_the_collectives_form_filled_in(world):
    device = _device(world)
    fac = world.user("a", Role.FACILITATOR)
    url = selectors.device_digital_skills(fac, device).record_url
    parts = urlsplit(url)
    assert parts.path == reverse("collectives:training_create")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["subject"] == "digital_skills"
    assert query["collective"] == str(world.collectives["a1"].uuid)
    assert unescape(url) in unescape(_page(world, device).content.decode())
    c = Client()
    c.force_login(fac)
    form = c.get(url).content.decode()
    assert '<option value="digital_skills" selected>' in form
    assert f'<option value="{world.collectives["a1"].uuid}" selected>' in form
    response = c.post(
        reverse("collectives:training_create"),
        {"title": "Digital skills", "subject": "digital_skills", "sessions_required": "1",
         "collective": query["collective"]},
    )  # fmt: skip
    assert response.status_code == 302
    training = Training.objects.get(title="Digital skills")
    assert training.subject == "digital_skills" and training.collective == world.collectives["a1"]


def test_the_form_ignores_a_collective_she_may_not_choose(world):
    c = Client()
    c.force_login(world.user("a", Role.FACILITATOR))
    other = world.collectives["b1"].uuid
    form = c.get(
        reverse("collectives:training_create") + f"?subject=nonsense&collective={other}"
    ).content.decode()
    assert f'value="{other}"' not in form
    subjects = form.split('name="subject"')[1].split("</select>")[0]
    assert subjects.count("selected") == 1 and '<option value="" selected>' in subjects


def test_a_subject_outside_the_list_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        coll_services.training_create(
            organisation=world.orgs["a"],
            data={"title": "Phones", "subject": "phones", "sessions_required": 1},
            actor=world.user("a", Role.FACILITATOR),
        )
    assert set(exc.value.error_dict) == {"subject"}
