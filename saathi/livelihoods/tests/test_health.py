"""Health drives: a step per member, progress by collective, who is not yet reached."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives.tests.factories import members
from saathi.core.policy import Role
from saathi.livelihoods import selectors, services
from saathi.livelihoods.models import HealthStep

from .helpers import days_ago

pytestmark = pytest.mark.django_db


def _drive(world, kind="vaccination", collective="a1"):
    return services.drive_create(
        organisation=world.orgs["a"],
        data={
            "kind": kind,
            "name": f"{kind} drive",
            "collective": world.collectives[collective] if collective else None,
            "target": 12,
            "target_date": timezone.localdate() + timedelta(days=30),
        },
        actor=world.user("a", Role.FACILITATOR),
    )


def test_a_leader_marks_ten_second_doses_and_sees_who_is_left(world):
    people = members(world, "a1", 12)
    drive = _drive(world)
    assert drive.goal_step == "second_dose"
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    rows = services.steps_mark(
        drive=drive,
        members=people[:10],
        step="second_dose",
        on=days_ago(1),
        centre="PHC",
        actor=leader,
    )
    assert len(rows) == 10
    total, by_collective = selectors.drive_progress(leader, drive)
    assert total == 10
    assert [(r.collective.pk, r.reached) for r in by_collective] == [
        (world.collectives["a1"].pk, 10)
    ]
    left = {m.pk for m in selectors.not_reached(leader, drive, "second_dose").object_list}
    assert {people[10].pk, people[11].pk} <= left and not left & {p.pk for p in people[:10]}
    # marked again: each keeps her first record
    services.steps_mark(
        drive=drive, members=people[:2], step="second_dose", on=days_ago(0), centre="", actor=leader
    )
    assert HealthStep.objects.filter(drive=drive).count() == 10


def test_refusals(world):
    drive = _drive(world)
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    with pytest.raises(ValidationError) as exc:
        services.steps_mark(
            drive=drive, members=[], step="screened", on=None, centre="", actor=leader
        )
    assert {"members", "step", "on"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):  # a member outside the drive's collective
        services.steps_mark(
            drive=drive,
            members=[world.members["a2"]],
            step="first_dose",
            on=days_ago(1),
            centre="",
            actor=world.user("a", Role.FACILITATOR),
        )
    with pytest.raises(ValidationError) as exc:
        _drive(world, kind="")
    assert "kind" in exc.value.message_dict


def test_an_art_drive_hides_its_members_from_leaders(world):
    members(world, "a1", 3)
    drive = _drive(world, kind="art")
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert not selectors.may_see_drive_members(leader, drive)
    with pytest.raises(PermissionDenied):
        services.steps_mark(
            drive=drive,
            members=[world.members["a1"]],
            step="enrolled",
            on=days_ago(1),
            centre="ART centre",
            actor=leader,
        )
    sw = world.user("a", Role.SOCIAL_WORKER)
    services.steps_mark(
        drive=drive,
        members=[world.members["a1"]],
        step="enrolled",
        on=days_ago(1),
        centre="ART centre",
        actor=sw,
    )
    c = Client()
    c.force_login(leader)
    body = c.get(reverse("livelihoods:drive_detail", args=[drive.uuid])).content.decode()
    assert world.members["a1"].display_name not in body
    assert c.get(reverse("livelihoods:drive_mark", args=[drive.uuid])).status_code == 403
    c.force_login(leader)
    member_page = c.get(reverse("livelihoods:member", args=[world.members["a1"].uuid]))
    assert "Enrolled in ART" not in member_page.content.decode()


def test_the_mark_page_ticks_members(world):
    people = members(world, "a1", 3)
    drive = _drive(world)
    c = Client()
    c.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    url = reverse("livelihoods:drive_mark", args=[drive.uuid]) + "?step=second_dose"
    r = c.post(
        url,
        {
            "step": "second_dose",
            "on": days_ago(1).isoformat(),
            "centre": "PHC",
            "member": [str(p.uuid) for p in people[:2]] + ["not-a-uuid"],
        },
    )
    assert r.status_code == 302
    assert HealthStep.objects.filter(drive=drive, step="second_dose").count() == 2
    r = c.post(url, {"step": "second_dose", "on": days_ago(1).isoformat()})
    assert r.status_code == 200 and "Tick at least one member" in r.content.decode()
