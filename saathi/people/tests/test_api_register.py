import json
import uuid

import pytest

from saathi.accounts.models import ApiToken
from saathi.core.models import AuditEvent, Consent
from saathi.core.policy import Role
from saathi.people.models import Member


def _client(client, user):
    key = f"sa_{uuid.uuid4().hex}"
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash_key(key), prefix="x")
    return lambda body: client.post(
        "/api/members",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def _body(world, **over):
    body = {
        "organisation": str(world.orgs["a"].uuid),
        "primary_name": "Purnima Sardar",
        "native_name": "পূর্ণিমা সর্দার",
        "sex": "female",
        "age": 31,
        "state": "WB",
        "district": "Nadia",
        "preferred_language": "bn",
        "phone": "+91 94330 12345",
        "collective": str(world.collectives["a1"].uuid),
        "consent": {"method": "thumbprint", "language": "bn", "witness_name": "Mitali Ghosh"},
    }
    body.update(over)
    return body


@pytest.mark.django_db
def test_api_registers_a_member_with_consent(client, world):
    post = _client(client, world.user("a", Role.FACILITATOR))
    r = post(_body(world))
    assert r.status_code == 201, r.content
    data = r.json()
    member = Member.objects.get(uuid=data["uuid"])
    assert data["reference"] == member.reference
    assert {n["text"] for n in data["names"]} >= {"Purnima Sardar", "পূর্ণিমা সর্দার"}
    assert data["phones"] == ["9433012345"]
    assert Consent.objects.filter(member=member, purpose="registration", method="thumbprint")
    assert AuditEvent.objects.filter(action="create", member_id=member.pk).exists()


@pytest.mark.django_db
def test_api_reports_each_bad_field_and_saves_nothing(client, world):
    post = _client(client, world.user("a", Role.FACILITATOR))
    before = Member.objects.count()
    r = post(
        _body(
            world,
            district="",
            phone="12345",
            sex="unknown",
            consent={"method": "read_aloud", "language": "bn", "witness_name": ""},
        )
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) >= {"district", "phone", "sex", "witness_name"}
    assert "10-digit" in errors["phone"][0]
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_api_cannot_register_into_another_organisation(client, world):
    post = _client(client, world.user("b", Role.FACILITATOR))
    r = post(_body(world))  # organisation and collective of org A
    assert r.status_code == 422
    assert set(r.json()["errors"]) >= {"organisation"}


@pytest.mark.django_db
def test_api_register_needs_the_capability(client, world):
    post = _client(client, world.user("a", Role.LEGAL_ADVOCATE))
    assert post(_body(world)).status_code == 403
