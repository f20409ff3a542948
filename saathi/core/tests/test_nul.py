"""A NUL character in a query string is refused with a message, never a 500 (PostgreSQL
cannot compare text holding NUL: schemathesis found /api/applications?scheme=H%00)."""

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role
from saathi.core.testing import build_world


@pytest.mark.django_db
def test_api_query_with_a_nul_is_a_422_naming_the_field():
    world = build_world()
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.get("/api/applications?scheme=H%00&page=1")
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "invalid" and list(body["errors"]) == ["scheme"]


@pytest.mark.django_db
def test_page_query_with_a_nul_is_a_400_with_a_message():
    world = build_world()
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.get(reverse("people:member_list") + "?q=mou%00sumi")
    assert r.status_code == 400
    assert "not allowed" in r.content.decode()
    assert client.get(reverse("people:member_list") + "?q=mousumi").status_code == 200
