import pytest
from django.test import Client

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role
from saathi.relief.surveys import services

from .xlsforms import food_form


def api(world, org, role):
    key = f"sa_test_{org}_{role}"
    ApiToken.objects.get_or_create(
        user=world.user(org, role), name="t", key_hash=ApiToken.hash_key(key), prefix="x"
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def version(world):
    v = services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(),
        file_name="food.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )
    for coll, n in (("a1", 6), ("a2", 2)):
        c = world.collectives[coll]
        for i in range(n):
            services.response_record(
                version=v,
                raw={"members": str(i + 1), "needs": ["rations"], "ration_card": "yes"},
                meta=services.ResponseMeta(collective=c, district=c.districts[0]),
                actor=world.user("a", Role.ORG_ADMIN),
            )
    return v


@pytest.mark.django_db
def test_survey_list_and_detail(world, version):
    c = api(world, "a", Role.SOCIAL_WORKER)
    (s,) = c.get("/api/surveys").json()
    assert s["title"] == "Food needs" and s["version"] == 1 and s["languages"] == ["bn", "en", "te"]
    d = c.get(f"/api/surveys/{s['uuid']}").json()
    members = next(q for q in d["questions"] if q["name"] == "members")
    assert (
        members["path"] == "household/members" and members["label"]["Telugu (te)"] == "సభ్యుల సంఖ్య"
    )
    assert api(world, "b", Role.ORG_ADMIN).get(f"/api/surveys/{s['uuid']}").status_code == 404
    assert api(world, "b", Role.ORG_ADMIN).get("/api/surveys").json() == []


@pytest.mark.django_db
def test_responses_paginated_and_scoped(world, version):
    c = api(world, "a", Role.FACILITATOR)
    body = c.get(f"/api/surveys/{version.survey.uuid}/responses").json()
    assert body["count"] == 8
    item = body["items"][0]
    assert set(item) == {
        "uuid",
        "version",
        "collective",
        "district",
        "member",
        "source",
        "submitted_at",
        "answers",
    }
    other = api(world, "b", Role.FACILITATOR)
    assert other.get(f"/api/surveys/{version.survey.uuid}/responses").status_code == 404


@pytest.mark.django_db
def test_aggregates(world, version):
    c = api(world, "a", Role.LEGAL_ADVOCATE)
    agg = c.get(f"/api/surveys/{version.survey.uuid}/aggregates?by=collective").json()
    assert agg["total"] == "8" and agg["suppressed"] is False
    assert [g["name"] for g in agg["groups"]] == ["A One", "A Two"]
    members = next(q for q in agg["questions"] if q["name"] == "members")
    assert members["numbers"] == {"n": "8", "total": "24", "median": "2.5"}
    needs = next(q for q in agg["questions"] if q["name"] == "needs")
    rations = needs["choices"][0]
    assert rations["count"] == "8" and rations["pct"] == 100
    assert [g["count"] for g in rations["by_group"]] == ["6", "2"]
