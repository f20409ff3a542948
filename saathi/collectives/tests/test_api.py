"""The sessions API: scoped, writes through the services, 422 naming the field."""

import pytest
from django.test import Client
from django.utils import timezone

from saathi.accounts.models import ApiToken
from saathi.collectives.models import GroupSession
from saathi.core.policy import Role

from .factories import members


def _client(world, org="a", role=Role.FACILITATOR):
    key = f"sa_test_{org}_{role}"
    ApiToken.objects.get_or_create(
        user=world.user(org, role), name="t", key_hash=ApiToken.hash_key(key), prefix="x"
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db
def test_session_attendance_decision_item_through_the_api(world):
    people = members(world, "a1", 5)
    c = _client(world)
    today = timezone.localdate().isoformat()
    r = c.post(
        "/api/sessions",
        {"collective": str(world.collectives["a1"].uuid), "kind": "general", "on": today},
        content_type="application/json",
    )
    assert r.status_code == 422 and "led_by" in r.json()["errors"]
    facilitator = world.user("a", Role.FACILITATOR)
    body = {
        "collective": str(world.collectives["a1"].uuid),
        "kind": "awareness",
        "on": today,
        "facilitator": str(facilitator.uuid),
    }
    r = c.post("/api/sessions", body, content_type="application/json")
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    r = c.post(
        f"/api/sessions/{uuid}/attendance",
        {
            "present": [str(m.uuid) for m in people[:3]],
            "absent": [str(people[3].uuid)],
            "guests": 2,
        },
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["guests"] == 2 and len(r.json()["present"]) == 3
    r = c.post(
        f"/api/sessions/{uuid}/attendance",
        {"present": [str(world.members["b1"].uuid)]},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = c.post(
        f"/api/sessions/{uuid}/decisions", {"text": "Meet the BDO"}, content_type="application/json"
    )
    assert r.status_code == 201
    decision = r.json()["uuid"]
    r = c.post(
        f"/api/sessions/{uuid}/action-items",
        {
            "text": "Book the hall",
            "due_on": today,
            "member": str(people[0].uuid),
            "decision": decision,
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    item = r.json()["uuid"]
    r = c.post(
        f"/api/action-items/{item}/status", {"status": "done"}, content_type="application/json"
    )
    assert r.json()["status"] == "done"
    assert GroupSession.objects.get().present_count == 3
    # another organisation's session is not found
    other = _client(world, "b")
    assert other.get(f"/api/sessions/{uuid}").status_code == 404
    assert other.get("/api/sessions").json()["count"] == 0


@pytest.mark.django_db
def test_claim_and_its_transitions_through_the_api(world):
    from saathi.collectives import services

    bearer = services.duty_bearer_create(
        organisation=world.orgs["a"],
        data={
            "title": "Collector",
            "office": "Collectorate",
            "level": "district",
            "state": "WB",
            "district": "Nadia",
        },
        actor=world.user("a", Role.FACILITATOR),
    )
    c = _client(world)
    body = {
        "collective": str(world.collectives["a1"].uuid),
        "duty_bearer": str(bearer.uuid),
        "title": "Ration cards",
        "demand": "For all members",
        "method": "memorandum",
        "members": [str(world.members["a1"].uuid)],
    }
    r = c.post("/api/claims", body, content_type="application/json")
    assert r.status_code == 201, r.content
    claim = r.json()
    assert claim["status"] == "drafted" and claim["allowed_next"] == ["submitted", "withdrawn"]
    url = f"/api/claims/{claim['uuid']}/transitions"
    r = c.post(url, {"to_status": "granted"}, content_type="application/json")
    assert r.status_code == 422 and "to_status" in r.json()["errors"]
    r = c.post(
        url,
        {"to_status": "submitted", "note": "At the Collectorate"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert [s["to_status"] for s in r.json()["steps"]] == ["submitted"]
    assert _client(world, "b").get(f"/api/claims/{claim['uuid']}").status_code == 404
    r = c.post(
        "/api/claims",
        {**body, "duty_bearer": str(world.members["a1"].uuid)},
        content_type="application/json",
    )
    assert r.status_code == 422 and "duty_bearer" in r.json()["errors"]


@pytest.mark.django_db
def test_trainings_through_the_api(world):
    from .test_trainings import TOPICS, _series

    training, sessions, facilitator = _series(world)
    from saathi.collectives import services

    her = services.training_participant_add(
        training=training, data={"member": world.members["a1"]}, actor=facilitator
    )
    c = _client(world)
    r = c.get("/api/trainings")
    assert r.status_code == 200 and r.json()["items"][0]["uuid"] == str(training.uuid)
    url = f"/api/training-sessions/{sessions[0].uuid}/attendance"
    r = c.post(url, {"present": [str(world.members["a1"].uuid)]}, content_type="application/json")
    assert r.status_code == 422  # a member's uuid is not a participant's
    for s in sessions[:3]:
        r = c.post(url.replace(str(sessions[0].uuid), str(s.uuid)),
                   {"present": [str(her.uuid)]}, content_type="application/json")  # fmt: skip
        assert r.status_code == 200 and r.json()["present_count"] == 1
    got = c.get(f"/api/trainings/{training.uuid}").json()
    assert got["topics"] == TOPICS
    (p,) = got["participants"]
    assert p["member"] == str(world.members["a1"].uuid) and p["attended"] == 3
    assert p["completed_on"] == sessions[2].on.isoformat()
    other = _client(world, "b")
    assert other.get(f"/api/trainings/{training.uuid}").status_code == 404
