"""The livelihoods and stock API: scoped, writes through the services, no debt served."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role
from saathi.livelihoods.models import HealthStep, Support

from .helpers import campaign, debt, grant, loan

pytestmark = pytest.mark.django_db


def _client(world, org="a", role=Role.FACILITATOR):
    key = f"sa_test_{org}_{role}"
    ApiToken.objects.get_or_create(
        user=world.user(org, role), name="t", key_hash=ApiToken.hash_key(key), prefix="x"
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_support_paid_by_a_campaign_through_the_api(world):
    c = _client(world)
    camp = campaign(world)
    today = timezone.localdate().isoformat()
    body = {
        "member": str(world.members["a1"].uuid),
        "activity": "food_from_home",
        "kind": "grant",
        "amount": "4500",
        "given_on": today,
        "campaign": str(camp.uuid),
    }
    r = c.post("/api/livelihoods/supports", body, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["campaign"] == str(camp.uuid) and len(data["follow_ups"]) == 3
    assert Support.objects.get(uuid=data["uuid"]).expenditure.amount == Decimal("4500.00")
    r = c.post(
        "/api/livelihoods/supports", body | {"activity": ""}, content_type="application/json"
    )
    assert r.status_code == 422 and "activity" in r.json()["errors"]
    r = _client(world, "b").post("/api/livelihoods/supports", body, content_type="application/json")
    assert r.status_code == 422 and "member" in r.json()["errors"]


def test_repayments_and_outstanding_through_the_api(world):
    support = loan(world, amount=Decimal("3000"), n=3)
    c = _client(world)
    url = f"/api/livelihoods/supports/{support.uuid}/repayments"
    today = timezone.localdate().isoformat()
    r = c.post(url, {"amount": "1000", "paid_on": today}, content_type="application/json")
    assert r.status_code == 201 and Decimal(r.json()["outstanding"]) == Decimal("2000")
    r = c.post(url, {"amount": "2500", "paid_on": today}, content_type="application/json")
    assert r.status_code == 422 and "amount" in r.json()["errors"]
    r = _client(world, role=Role.LEGAL_ADVOCATE).post(
        url, {"amount": "10", "paid_on": today}, content_type="application/json"
    )
    assert r.status_code == 403


def test_no_debt_in_any_api_answer(world):
    debt(world, details="SECRET-LENDER", lender_kind="brothel_keeper")
    grant(world)
    for role in (Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER, Role.LEGAL_ADVOCATE):
        c = _client(world, role=role)
        for path in (
            "/api/livelihoods/supports",
            "/api/livelihoods/follow-ups",
            f"/api/members/{world.members['a1'].uuid}",
        ):
            body = c.get(path).content.decode()
            assert "SECRET-LENDER" not in body and "brothel" not in body, (role, path)
    paths = [
        p for p in __import__("saathi.api.api", fromlist=["api"]).api.get_openapi_schema()["paths"]
    ]
    assert not [p for p in paths if "debt" in p]


def test_health_steps_through_the_api(world):
    from .test_health import _drive

    drive = _drive(world)
    c = _client(world)
    url = f"/api/livelihoods/health-drives/{drive.uuid}/steps"
    body = {
        "members": [str(world.members["a1"].uuid)],
        "step": "first_dose",
        "on": timezone.localdate().isoformat(),
        "centre": "Bagbazar UPHC",
    }
    r = c.post(url, body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert HealthStep.objects.filter(drive=drive).count() == 1
    assert c.get(url).json()["count"] == 1
    r = c.post(
        url, body | {"members": [str(world.members["a2"].uuid)]}, content_type="application/json"
    )
    assert r.status_code == 422 and "members" in r.json()["errors"]
    assert _client(world, "b").get(url).status_code == 404


def test_stock_through_the_api(world):
    from saathi.relief.stock import services
    from saathi.relief.stock.tests.helpers import kit, store

    item, place = kit(world), store(world)
    services.receipt_record(
        item=item,
        place=place,
        quantity=3,
        on=timezone.localdate(),
        donor_kind="church",
        donor_name="SECRET-DONOR",
        actor=world.user("a", Role.FACILITATOR),
    )
    c = _client(world)
    body = {
        "item": str(item.uuid),
        "place": str(place.uuid),
        "quantity": 5,
        "on": timezone.localdate().isoformat(),
    }
    r = c.post("/api/stock/distributions", body, content_type="application/json")
    assert r.status_code == 422 and "quantity" in r.json()["errors"]
    r = c.post("/api/stock/distributions", body | {"quantity": 2}, content_type="application/json")
    assert r.status_code == 201
    levels = c.get("/api/stock/levels").json()["items"]
    assert [lv["quantity"] for lv in levels] == [1]
    assert "SECRET-DONOR" not in c.get("/api/stock/movements").content.decode()
    assert _client(world, "b").get("/api/stock/levels").json()["items"] == []
