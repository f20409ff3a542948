"""Advocacy actions (duty bearers, links, documents, follow-ups on the agenda) and
outcomes (evidence, verification by a second person)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.advocacy import services
from saathi.core import agenda, vault
from saathi.core.policy import Role
from saathi.core.tests.samples import png_bytes

from .helpers import action, campaign, duty_bearer, outcome


def _png():
    return SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")


@pytest.mark.django_db
def test_action_needs_a_duty_bearer_of_the_directory_and_links_of_its_collective(world):
    with pytest.raises(ValidationError) as exc:
        action(world, duty_bearers=[], title="", participants=[world.members["a2"]])
    assert {"duty_bearers", "title", "participants"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        action(world, duty_bearers=[duty_bearer(world, "b")])
    assert "duty_bearers" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        action(world, campaign=campaign(world, "b"))
    assert "campaign" in exc.value.message_dict


@pytest.mark.django_db
def test_leader_records_for_her_collective_only(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    a = action(world, role=Role.COLLECTIVE_LEADER)
    assert a.created_by == leader
    with pytest.raises(PermissionDenied):
        action(world, role=Role.COLLECTIVE_LEADER, collective=world.collectives["a2"])
    with pytest.raises(PermissionDenied):
        action(world, role=Role.SOCIAL_WORKER)


@pytest.mark.django_db
def test_response_follow_up_on_the_agenda_and_done(world):
    a = action(world)
    fac = world.user("a", Role.FACILITATOR)
    with pytest.raises(ValidationError) as exc:
        services.action_response(
            action=a, data={"response": "", "response_on": a.on - timedelta(days=2)}, actor=fac
        )
    assert set(exc.value.message_dict) == {"response", "response_on"}
    services.action_response(
        action=a, data={"response": "Order issued", "response_on": a.on}, actor=fac
    )
    due = timezone.localdate() + timedelta(days=3)
    fu = services.follow_up_add(
        action=a,
        data={"due_on": due, "note": "Collect the order copy", "assigned_to": fac},
        actor=fac,
    )
    window = agenda.entries_for(fac, timezone.localdate(), due + timedelta(days=1))
    keys = [e.key for e in window.entries]
    assert f"advocacy.follow_up:{fu.uuid}:{due:%Y%m%d}" in keys
    other = agenda.entries_for(world.user("b", Role.FACILITATOR), timezone.localdate(), due)
    assert not [e for e in other.entries if e.kind == "advocacy.follow_up"]
    reminders = [e for k, e in agenda.due_entries(due, due) if k.name == "advocacy.follow_up"]
    assert reminders[0].user_ids == (fac.pk,) and "Collect" not in str(reminders[0].reminder)
    services.follow_up_done(follow_up=fu, actor=fac)
    window = agenda.entries_for(fac, timezone.localdate(), due)
    assert not [e for e in window.entries if e.kind == "advocacy.follow_up"]


@pytest.mark.django_db
def test_a_document_naming_members_opens_for_managers_only(world):
    a = action(world)
    fac = world.user("a", Role.FACILITATOR)
    doc = services.document_add(
        action=a,
        data={"title": "Signed memorandum", "names_people": True},
        upload=_png(),
        actor=fac,
    )
    assert vault.read(doc, "doc_file").startswith(b"\x89PNG")
    url = reverse("advocacy:document_file", args=[a.uuid, doc.uuid])
    for role, want in ((Role.FACILITATOR, 200), (Role.SOCIAL_WORKER, 403), (Role.VIEWER, 404)):
        c = Client()
        c.force_login(world.user("a", role))
        assert c.get(url).status_code == want, role
    with pytest.raises(ValidationError):
        services.document_add(
            action=a,
            data={"title": "x"},
            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="image/png"),
            actor=fac,
        )


@pytest.mark.django_db
def test_outcome_is_verified_by_a_second_person_and_a_change_undoes_it(world):
    a = action(world)
    o = outcome(world, actions=[a], evidence_names_people=True)
    fac = world.user("a", Role.FACILITATOR)
    with pytest.raises(ValidationError):
        services.outcome_verify(outcome=o, actor=fac)  # she recorded it
    with pytest.raises(PermissionDenied):
        services.outcome_verify(outcome=o, actor=world.user("a", Role.SOCIAL_WORKER))
    services.outcome_verify(outcome=o, actor=world.user("a", Role.COLLECTIVE_LEADER))
    o.refresh_from_db()
    assert o.verified
    services.outcome_update(
        outcome=o,
        data={
            "kind": o.kind,
            "title": "Rations for 700 women",
            "on": o.on,
            "reach_count": 700,
            "actions": [a],
        },
        actor=fac,
    )
    o.refresh_from_db()
    assert not o.verified and o.reach_count == 700


@pytest.mark.django_db
def test_outcome_needs_whom_it_reaches(world):
    with pytest.raises(ValidationError) as exc:
        outcome(world, reach_count=None, kind="nope", on=timezone.localdate() + timedelta(days=3))
    assert {"reach_count", "kind", "on"} <= set(exc.value.message_dict)


@pytest.mark.django_db
def test_figures_for_a_viewer_are_suppressed(world):
    for _ in range(3):
        action(world)
    c = Client()
    c.force_login(world.user("a", Role.VIEWER))
    body = c.get(reverse("reports:dashboard")).content.decode()
    assert 'id="advocacy-actions">*<' in body
    for _ in range(3):
        action(world)
    body = c.get(reverse("reports:dashboard")).content.decode()
    assert 'id="advocacy-actions">6<' in body
