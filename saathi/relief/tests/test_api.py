"""Relief API: scoped reads, writes through the services, 404 for another organisation."""

import json
from decimal import Decimal

import pytest

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role
from saathi.funds.models import Donation
from saathi.relief import services
from saathi.relief.models import Distribution

from .helpers import days_ago, dist_input, make_campaign, make_programme

pytestmark = pytest.mark.django_db


def bearer(world, org="a", role=Role.FACILITATOR):
    key = f"sa_test_{org}_{role}"
    ApiToken.objects.get_or_create(
        user=world.user(org, role),
        name="t",
        key_hash=ApiToken.hash_key(key),
        defaults={"prefix": "x"},
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_programmes_and_distributions(client, world):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    services.distribution_record(
        data=dist_input(p, world.members["a1"]), actor=world.user("a", Role.FACILITATOR)
    )
    h = bearer(world)
    r = client.get("/api/relief/programmes", **h)
    assert r.status_code == 200 and r.json()["items"][0]["name"] == "Lockdown relief"
    detail = client.get(f"/api/relief/programmes/{p.uuid}", **h).json()
    assert detail["households_reached"] == 1 and detail["campaign"] == str(campaign.uuid)
    kit = next(i for i in detail["items"] if i["name"] == "Ration kit")
    assert Decimal(kit["distributed"]) == 1 and kit["households"] == 1
    listing = client.get(f"/api/relief/distributions?programme={p.uuid}", **h).json()
    assert listing["count"] == 1
    body = json.dumps(listing)
    assert world.members["a1"].reference in body and "Lakshmi" not in body
    # another organisation: 404 for the programme, nothing in its lists
    hb = bearer(world, "b")
    assert client.get(f"/api/relief/programmes/{p.uuid}", **hb).status_code == 404
    assert client.get(f"/api/relief/distributions?programme={p.uuid}", **hb).status_code == 404
    assert client.get("/api/relief/distributions", **hb).json()["count"] == 0


def test_record_distribution_applies_the_rule(client, world):
    p = make_programme(world)
    kit = p.items.get(name="Ration kit")
    h = bearer(world)
    data = {
        "programme": str(p.uuid),
        "item": str(kit.uuid),
        "member": str(world.members["a1"].uuid),
        "distributed_on": days_ago(3).isoformat(),
        "mode": "in_kind",
        "handed_over_by": "Mitali",
        "quantity": "2",
    }
    r = post(client, "/api/relief/distributions", data, **h)
    assert r.status_code == 201 and Decimal(r.json()["amount"]) == Decimal("1700.00")
    r = post(client, "/api/relief/distributions", data, **h)
    assert r.status_code == 422 and "repeat_reason" in r.json()["errors"]
    r = post(
        client, "/api/relief/distributions", {**data, "mode": "upi", "repeat_reason": "x"}, **h
    )
    assert r.status_code == 422 and "mode" in r.json()["errors"]
    r = post(
        client, "/api/relief/distributions", {**data, "member": str(world.members["b1"].uuid)}, **h
    )
    assert r.status_code == 422 and "member" in r.json()["errors"]
    r = post(client, "/api/relief/distributions", data, **bearer(world, "b"))
    assert r.status_code == 404
    r = post(client, "/api/relief/distributions", data, **bearer(world, "a", Role.LEGAL_ADVOCATE))
    assert r.status_code == 403
    assert Distribution.objects.count() == 1


def test_donations_through_the_api(client, world):
    campaign = make_campaign(world)
    h = bearer(world)
    data = {
        "campaign": str(campaign.uuid),
        "amount": "150000",
        "received_on": days_ago(1).isoformat(),
        "channel": "upi",
        "donor_name": "Priya",
    }
    r = post(client, "/api/relief/donations", data, **h)
    assert r.status_code == 201 and "Priya" not in r.content.decode()
    assert post(client, "/api/relief/donations", {**data, "amount": "-5"}, **h).status_code == 422
    assert (
        post(
            client, "/api/relief/donations", data, **bearer(world, "a", Role.SOCIAL_WORKER)
        ).status_code
        == 403
    )
    assert (
        post(
            client, "/api/relief/donations", data, **bearer(world, "b", Role.ORG_ADMIN)
        ).status_code
        == 404
    )
    ledger = client.get(f"/api/relief/campaigns/{campaign.uuid}", **h).json()["ledger"]
    assert Decimal(ledger["raised"]) == Decimal("150000") == Decimal(ledger["balance"])
    assert client.get(f"/api/relief/donations?campaign={campaign.uuid}", **h).json()["count"] == 1
    assert Donation.objects.get().donor_name.unseal_for_system() == "Priya"
