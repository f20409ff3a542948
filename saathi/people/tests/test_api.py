"""The registry API: tokens, scope, masking, no confidential fields, validated writes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from saathi.accounts.models import ApiToken
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.people import services
from saathi.people.models import Member

pytestmark = pytest.mark.django_db
CONFIDENTIAL = ("SECRET-OCCUPATION", "SECRET-HIV", "occupation", "hiv_status", "trafficking")


def token_for(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix="x")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def get(client, url, user):
    r = client.get(url, **token_for(user))
    return r, (r.json() if r["Content-Type"].startswith("application/json") else None)


def test_no_token_no_data(client, world):
    assert client.get("/api/members").status_code == 401
    assert client.get("/api/members", HTTP_AUTHORIZATION="Bearer sa_wrong").status_code == 401
    assert client.get("/api/members", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_roles_without_use_api_are_refused(client, world):
    for role in (Role.COLLECTIVE_LEADER, Role.VOLUNTEER, Role.VIEWER):
        r, _ = get(client, "/api/members", world.user("a", role))
        assert r.status_code == 401, role


def test_inactive_user_token_is_refused(client, world):
    fac = world.user("a", Role.FACILITATOR)
    auth = token_for(fac)
    assert client.get("/api/members", **auth).status_code == 200
    fac.is_active = False
    fac.save()
    assert client.get("/api/members", **auth).status_code == 401


def test_member_list_is_scoped_and_has_no_confidential_fields(client, world):
    r, body = get(client, "/api/members", world.user("a", Role.SOCIAL_WORKER))
    assert r.status_code == 200
    assert body["count"] == 2
    assert {m["display_name"] for m in body["items"]} == {"Lakshmi Das", "Rekha Mondal"}
    text = r.content.decode()
    for word in CONFIDENTIAL:
        assert word not in text
    assert "9876543210" not in text  # phones only on the detail, audited
    _, body_b = get(client, "/api/members", world.user("b", Role.FACILITATOR))
    assert [m["display_name"] for m in body_b["items"]] == ["Gollapudi Padma"]


@pytest.mark.parametrize("q", ["lokkhi", "লক্ষ্মী", "9876543210"])
def test_member_search(client, world, q):
    _, body = get(client, f"/api/members?q={q}", world.user("a", Role.FACILITATOR))
    assert [m["display_name"] for m in body["items"]] == ["Lakshmi Das"]
    _, body = get(client, f"/api/members?q={q}", world.user("b", Role.FACILITATOR))
    assert body["items"] == []


def test_member_list_filters(client, world):
    user = world.user("a", Role.FACILITATOR)
    coll = world.collectives["a2"].uuid
    _, body = get(client, f"/api/members?collective={coll}", user)
    assert [m["display_name"] for m in body["items"]] == ["Rekha Mondal"]
    _, body = get(client, "/api/members?district=nadia", user)
    assert [m["display_name"] for m in body["items"]] == ["Lakshmi Das"]
    services.member_archive(member=world.members["a2"], reason="left", actor=user)
    _, body = get(client, "/api/members", user)
    assert [m["display_name"] for m in body["items"]] == ["Lakshmi Das"]


def test_member_detail_reveals_personal_data_with_an_audit_row(client, world):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    r, body = get(client, f"/api/members/{member.uuid}", fac)
    assert r.status_code == 200
    assert body["birth_date"] == "1990-05-17"
    assert body["phones"] == ["9876543210"]
    assert {n["kind"] for n in body["names"]} == {"document", "native", "alias"}
    assert body["memberships"][0]["collective"] == str(world.collectives["a1"].uuid)
    for word in CONFIDENTIAL:
        assert word not in r.content.decode()
    fields = set(
        AuditEvent.objects.filter(
            action="view_personal", actor_id=fac.pk, member_id=member.pk
        ).values_list("fields", flat=True)
    )
    assert fields == {"birth_date", "phones"}


def test_member_detail_of_another_org_is_404_and_audited(client, world):
    user = world.user("b", Role.SOCIAL_WORKER)
    r, body = get(client, f"/api/members/{world.members['a1'].uuid}", user)
    assert r.status_code == 404
    assert "Lakshmi" not in r.content.decode()
    assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).exists()


def test_documents_never_give_numbers(client, world):
    member = world.members["a1"]
    services.document_save(
        member=member,
        data={"kind": "pan", "status": "held", "number": "ABCDE1234F"},
        actor=world.user("a", Role.FACILITATOR),
    )
    r, body = get(client, f"/api/members/{member.uuid}/documents", world.user("a", Role.ORG_ADMIN))
    assert r.status_code == 200
    text = r.content.decode()
    from saathi.core.testing import aadhaar_ending_1234

    assert aadhaar_ending_1234(member.pk) not in text and "ABCDE1234F" not in text
    by_kind = {d["kind"]: d for d in body}
    assert by_kind["aadhaar"]["number_last4"] == "1234"
    assert by_kind["pan"]["number_last4"] == "234F"
    assert "number" not in by_kind["pan"] and "number_hash" not in by_kind["pan"]
    r, _ = get(client, f"/api/members/{member.uuid}/documents", world.user("b", Role.ORG_ADMIN))
    assert r.status_code == 404


def test_households_are_scoped(client, world):
    hh = services.household_create(
        member=world.members["a1"], actor=world.user("a", Role.FACILITATOR)
    )
    services.dependant_add(
        household=hh,
        name="Rahul",
        relationship="son",
        birth_year=2016,
        sex="male",
        actor=world.user("a", Role.FACILITATOR),
    )
    _, body = get(client, "/api/households", world.user("a", Role.FACILITATOR))
    assert body["items"][0]["head"] == str(world.members["a1"].uuid)
    assert body["items"][0]["dependants"][0]["name"] == "Rahul"
    _, body = get(client, "/api/households", world.user("b", Role.FACILITATOR))
    assert body["items"] == []
    r, _ = get(client, f"/api/households/{hh.uuid}", world.user("b", Role.FACILITATOR))
    assert r.status_code == 404


def test_organisations_and_collectives_are_scoped(client, world):
    _, orgs = get(client, "/api/organisations", world.user("a", Role.FACILITATOR))
    assert [o["name"] for o in orgs] == ["Org A"]
    _, colls = get(client, "/api/collectives", world.user("b", Role.FACILITATOR))
    assert [c["name"] for c in colls] == ["B One"]


def test_openapi_schema_lists_no_confidential_field():
    from saathi.api.api import api

    schema = api.get_openapi_schema()
    assert "/api/members" in schema["paths"]
    components = json.dumps(schema["components"])
    for word in ("occupation", "hiv_status", "trafficking_history", "health_status"):
        assert word not in components


# ------------------------------------------------------------------ writes
def payload(world, **overrides):
    data = {
        "primary_name": "Sabina Khatun",
        "native_name": "সাবিনা খাতুন",
        "sex": "female",
        "age": 30,
        "state": "WB",
        "district": "Nadia",
        "preferred_language": "bn",
        "phone": "9830012345",
        "collective": str(world.collectives["a1"].uuid),
        "consent": {"method": "signature", "language": "bn"},
    }
    data.update(overrides)
    return json.dumps(data)


def post(client, user, body):
    return client.post("/api/members", body, content_type="application/json", **token_for(user))


def test_create_member(client, world):
    r = post(client, world.user("a", Role.FACILITATOR), payload(world))
    assert r.status_code == 201, r.content
    body = r.json()
    member = Member.objects.get(uuid=body["uuid"])
    assert member.display_name == "Sabina Khatun"
    assert body["phones"] == ["9830012345"]
    assert member.consents.get().method == "signature"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"phone": "12345"}, "phone"),
        ({"consent": {"method": "thumbprint", "language": "bn"}}, "witness_name"),
        ({"age": None}, "age"),
        ({"sex": "robot"}, "sex"),
    ],
)
def test_create_member_field_errors(client, world, overrides, field):
    before = Member.objects.count()
    r = post(client, world.user("a", Role.FACILITATOR), payload(world, **overrides))
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"]
    assert Member.objects.count() == before


def test_create_member_outside_scope(client, world):
    before = Member.objects.count()
    r = post(client, world.user("a", Role.LEGAL_ADVOCATE), payload(world))  # no edit_members
    assert r.status_code == 403
    # org B cannot put a member into org A's collective
    r = post(client, world.user("b", Role.FACILITATOR), payload(world))
    assert r.status_code == 422
    assert Member.objects.count() == before


def test_session_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("a", Role.FACILITATOR))
    before = Member.objects.count()
    r = client.post("/api/members", payload(world), content_type="application/json")
    assert r.status_code in (401, 403)
    assert Member.objects.count() == before
    assert client.get("/api/members").status_code == 200  # reads with the session are fine
