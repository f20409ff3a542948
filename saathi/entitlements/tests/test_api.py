import json

import pytest
from django.test import Client

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role
from saathi.entitlements.models import Application

from .factories import scheme


def _client(user):
    key = f"sa_test_{user.pk}"
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash_key(key), prefix="x")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db
def test_application_lifecycle_through_the_api(world):
    c = _client(world.user("a", Role.FACILITATOR))
    member = world.members["a1"]
    s = scheme("wb_ration_card", world.orgs["a"])
    elig = c.get(f"/api/members/{member.uuid}/eligibility").json()
    row = next(r for r in elig if r["code"] == "wb_ration_card")
    assert row["outcome"] == "officer" and row["rules"][0]["passed"] is True
    r = c.post(
        "/api/applications",
        json.dumps({"member": str(member.uuid), "scheme": str(s.uuid)}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    assert r.json()["status"] == "draft" and "submitted" in r.json()["allowed_next"]
    bad = c.post(
        f"/api/applications/{uuid}/transitions",
        json.dumps({"to_status": "approved"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "to_status" in bad.json()["errors"]
    ok = c.post(
        f"/api/applications/{uuid}/transitions",
        json.dumps({"to_status": "submitted", "authority_reference": "RC-1"}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    assert [t["to_status"] for t in ok.json()["transitions"]] == ["draft", "submitted"]
    listed = c.get("/api/applications?status=submitted").json()
    assert [a["uuid"] for a in listed["items"]] == [uuid]
    body = json.dumps(listed) + json.dumps(elig)
    assert "SECRET" not in body
    # organisation B sees none of it
    other = _client(world.user("b", Role.FACILITATOR))
    assert other.get(f"/api/applications/{uuid}").status_code == 404
    assert other.get("/api/applications").json()["count"] == 0
    assert other.get(f"/api/members/{member.uuid}/eligibility").status_code == 404
    assert Application.objects.get(uuid=uuid).authority_reference == "RC-1"


@pytest.mark.django_db
def test_schemes_list_has_four_languages(world):
    c = _client(world.user("a", Role.LEGAL_ADVOCATE))
    rows = c.get("/api/schemes").json()
    assert len(rows) == 33
    assert all(set(r["names"]) >= {"en", "hi", "bn", "te"} for r in rows)
