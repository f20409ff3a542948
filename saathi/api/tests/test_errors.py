"""API errors: paging bounds, 401 (never "CSRF check failed") for bad tokens, bodies."""

from __future__ import annotations

import pytest
from django.test import Client

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/members",
    "/api/households",
    "/api/applications",
    "/api/relief/programmes",
    "/api/relief/distributions",
    "/api/relief/donations",
    "/api/linkage/lists",
    "/api/linkage/runs",
]


def token_for(user, key="sa_errors_test"):
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash_key(key), prefix="sa_e")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("path", LISTS)
def test_huge_page_numbers_are_refused_not_500(world, path):
    auth = token_for(world.user("a", Role.ORG_ADMIN))
    client = Client()
    r = client.get(path, {"page": "10000000000000000000"}, **auth)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "invalid" and "page" in " ".join(body["errors"])
    assert client.get(path, {"page": "999999"}, **auth).json()["items"] == []  # past the end
    assert client.get(path, {"page": "0"}, **auth).status_code == 422


@pytest.mark.parametrize(
    "header", [None, "Bearer sa_nobody", "Bearer not-a-token", "Basic abc", "Bearer revoked"]
)
def test_a_post_without_a_valid_token_answers_401_with_csrf_checks_on(world, header):
    user = world.user("a", Role.ORG_ADMIN)
    ApiToken.objects.create(
        user=user,
        name="old",
        key_hash=ApiToken.hash_key("sa_revoked"),
        prefix="sa_r",
        revoked_at="2026-01-01T00:00:00Z",
    )
    header = header.replace("revoked", "sa_revoked") if header else None
    client = Client(enforce_csrf_checks=True)
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    r = client.post("/api/members", {}, content_type="application/json", **extra)
    assert r.status_code == 401
    assert r.json() == {"detail": "Authentication required", "errors": {}}
    assert r["WWW-Authenticate"] == "Bearer"


def test_a_session_post_needs_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("a", Role.ORG_ADMIN))
    r = client.post("/api/members", {}, content_type="application/json")
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]


def test_a_bad_token_is_not_rescued_by_a_session(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("a", Role.ORG_ADMIN))
    r = client.get("/api/members", HTTP_AUTHORIZATION="Bearer sa_nobody")
    assert r.status_code == 401


def test_invalid_bodies_have_the_documented_shape(world):
    auth = token_for(world.user("a", Role.ORG_ADMIN))
    r = Client().post("/api/members", {"sex": 3}, content_type="application/json", **auth)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "invalid"
    assert isinstance(body["errors"], dict) and body["errors"]
    assert all(isinstance(v, list) for v in body["errors"].values())


def test_a_service_refusal_is_a_422_with_its_fields(world):
    from saathi.entitlements.models import Scheme

    admin = world.user("a", Role.ORG_ADMIN)
    auth = token_for(admin)
    member = world.members["a1"]
    scheme = Scheme.objects.catalogue_for([member.organisation_id]).first()
    payload = {
        "member": str(member.uuid),
        "scheme": str(scheme.uuid),
        "identification_route": "no-such-route",
    }
    r = Client().post("/api/applications", payload, content_type="application/json", **auth)
    assert r.status_code == 422, r.content
    assert r.json()["detail"] == "invalid" and r.json()["errors"]


def test_the_schema_documents_errors_and_refuses_null_bodies():
    from saathi.api.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "404", "422"):
                assert status in operation["responses"], (method, path, status)
            body = operation.get("requestBody")
            if body:
                assert body.get("required") is True, (method, path)
                media = body["content"]["application/json"]["schema"]
                assert "anyOf" not in media, (method, path)
