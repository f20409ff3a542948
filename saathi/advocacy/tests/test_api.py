"""The API serves engagements without identities, actions and outcomes, scoped."""

import pytest
from django.test import Client

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role

from .helpers import action, outcome, with_participant


def _get(world, org, role, path):
    user = world.user(org, role)
    key = f"sa_adv_{org}_{role}"
    ApiToken.objects.get_or_create(
        user=user, name="t", key_hash=ApiToken.hash_key(key), defaults={"prefix": "x"}
    )
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db
def test_engagements_carry_no_identity(world):
    eng, p = with_participant(world)
    r = _get(world, "a", Role.FACILITATOR, "/api/advocacy/engagements")
    assert r.status_code == 200
    body = r.content.decode()
    row = r.json()["items"][0]
    assert row["uuid"] == str(eng.uuid)
    assert row["participant_count"] == 1 and row["consents_missing"] == 0
    for leak in (p.member.display_name, p.member.native_name, str(p.member.uuid), "name_shown"):
        assert leak not in body
    r = _get(world, "a", Role.FACILITATOR, f"/api/advocacy/engagements/{eng.uuid}")
    assert r.json()["consents_missing"] == 0
    assert (
        _get(world, "b", Role.FACILITATOR, f"/api/advocacy/engagements/{eng.uuid}").status_code
        == 404
    )
    assert _get(world, "b", Role.FACILITATOR, "/api/advocacy/engagements").json()["items"] == []


@pytest.mark.django_db
def test_actions_and_outcomes(world):
    a = action(world, participants=[world.members["a1"]], others_count=40)
    o = outcome(world, actions=[a])
    r = _get(world, "a", Role.SOCIAL_WORKER, f"/api/advocacy/actions/{a.uuid}")
    assert r.status_code == 200
    data = r.json()
    assert data["participant_count"] == 1 and data["others_count"] == 40
    assert data["duty_bearers"][0]["title"] == "District Collector"
    assert world.members["a1"].display_name not in r.content.decode()
    r = _get(world, "a", Role.LEGAL_ADVOCATE, "/api/advocacy/outcomes")
    item = r.json()["items"][0]
    assert item["uuid"] == str(o.uuid) and item["actions"] == [str(a.uuid)]
    assert item["verified"] is False and item["reach_count"] == 600
    assert _get(world, "a", Role.VIEWER, "/api/advocacy/outcomes").status_code == 401
