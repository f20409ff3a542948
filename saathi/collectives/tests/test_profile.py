"""The collective's profile, its office bearers, a leader's record of growth."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from saathi.collectives import selectors, services
from saathi.core.policy import Role

from .factories import days_ago, session


@pytest.mark.django_db
def test_registered_collective_needs_number_and_date(world):
    coll = world.collectives["a1"]
    actor = world.user("a", Role.COLLECTIVE_LEADER)
    with pytest.raises(ValidationError) as exc:
        services.profile_save(collective=coll, data={"registration": "society"}, actor=actor)
    assert {"registration_number", "registered_on"} <= set(exc.value.error_dict)
    profile = services.profile_save(
        collective=coll,
        data={
            "registration": "society",
            "registration_number": "S/2L/12345",
            "registered_on": days_ago(400),
            "meeting_place": "Kalikapur club room",
            "meeting_day": "sat",
            "meeting_frequency": "weekly",
            "networks": "Survivors' Network of West Bengal\nIndian Anti-Trafficking Network",
        },
        actor=actor,
    )
    assert profile.network_list[1] == "Indian Anti-Trafficking Network"
    with pytest.raises(PermissionDenied):
        services.profile_save(
            collective=world.collectives["a2"], data={"registration": "informal"}, actor=actor
        )


@pytest.mark.django_db
def test_office_bearers_and_growth(world):
    coll = world.collectives["a1"]
    actor = world.user("a", Role.FACILITATOR)
    lakshmi = world.members["a1"]
    first = services.office_bearer_add(
        collective=coll,
        data={"member": lakshmi, "post": "secretary", "term_from": days_ago(300)},
        actor=actor,
    )
    with pytest.raises(ValidationError):
        services.office_bearer_add(
            collective=coll,
            data={"member": world.members["a2"], "post": "secretary", "term_from": days_ago(1)},
            actor=actor,
        )
    president = services.office_bearer_add(
        collective=coll,
        data={"member": lakshmi, "post": "president", "term_from": days_ago(10)},
        actor=actor,
    )
    assert {b.post for b in selectors.office_bearers(coll)} == {"secretary", "president"}
    services.office_bearer_end(bearer=first, actor=actor)
    assert selectors.office_bearers(coll) == [president]
    session(world, led_by=lakshmi, facilitator=None)
    growth = selectors.leader_growth(actor, lakshmi)
    assert len(growth["posts"]) == 2 and growth["led_count"] == 1
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    body = client.get(reverse("collectives:member_growth", args=[lakshmi.uuid])).content.decode()
    assert "লক্ষ্মী দাস" in body
    page = client.get(reverse("collectives:collective", args=[coll.uuid])).content.decode()
    assert "President" in page and "Secretary" not in page  # her term as secretary ended
