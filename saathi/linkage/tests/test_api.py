import json

import pytest
from django.test import Client

from saathi.core.policy import Role
from saathi.linkage.models import PairDecision

from .sweep import make_run


@pytest.mark.django_db
def test_lists_runs_pairs_and_decision_in_scope(world):
    lst, run, pair, _ben = make_run(world, "a")
    a, b = Client(), Client()
    a.force_login(world.user("a", Role.FACILITATOR))
    b.force_login(world.user("b", Role.FACILITATOR))
    lists = a.get("/api/linkage/lists").json()["items"]
    assert [x["uuid"] for x in lists if x["uuid"] == str(lst.uuid)]
    assert not b.get("/api/linkage/lists").json()["items"]
    pairs = a.get(f"/api/linkage/runs/{run.uuid}/pairs").json()
    assert pairs["count"] == 1
    item = pairs["items"][0]
    assert item["uuid"] == str(pair.uuid) and item["fields"]["phone"] == "agree"
    assert item["left"]["values"]["given_name"] == "Lakshmi"
    assert "phone" not in item["left"]["values"]  # digits never served
    assert b.get(f"/api/linkage/runs/{run.uuid}/pairs").status_code == 404
    url = f"/api/linkage/pairs/{pair.uuid}/decision"
    body = json.dumps({"decision": "maybe"})
    assert a.post(url, body, content_type="application/json").status_code == 422
    assert (
        b.post(url, json.dumps({"decision": "same"}), content_type="application/json").status_code
        == 404
    )
    r = a.post(url, json.dumps({"decision": "same"}), content_type="application/json")
    assert r.status_code == 200 and r.json()["decision"] == "same"
    assert PairDecision.objects.get().decision == "same"
    assert a.get(f"/api/linkage/runs/{run.uuid}/pairs?tab=decided").json()["count"] == 1
    assert a.get(f"/api/linkage/runs/{run.uuid}/pairs").json()["count"] == 0
