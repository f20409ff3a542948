"""Devices and assets: IMEI encrypted with a keyed hash, found when stolen, plans renewed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.core import agenda
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.livelihoods import selectors, services
from saathi.livelihoods.models import Device

from .helpers import campaign, days_ago

pytestmark = pytest.mark.django_db
IMEI = "356938035643809"


def _phone(world, org="a", **extra):
    data = {
        "kind": "smartphone",
        "model_name": "Samsung Galaxy M02",
        "serial": "35-693803-564380-9",
        "member": world.members[f"{org}1"],
        "given_on": days_ago(3),
        "sim_provider": "Jio",
        "plan_renews_on": timezone.localdate() + timedelta(days=10),
    } | extra
    return services.device_save(
        organisation=world.orgs[org], data=data, actor=world.user(org, Role.FACILITATOR)
    )


def test_the_imei_is_encrypted_and_found_by_its_keyed_hash(world):
    d = _phone(world)
    with connection.cursor() as cur:
        cur.execute("SELECT serial, serial_hash FROM livelihoods_device WHERE id = %s", [d.pk])
        stored, hashed = cur.fetchone()
    assert IMEI not in stored and IMEI not in hashed and d.serial_last4 == "3809"
    assert d.collective == world.collectives["a1"]  # her collective: her leader reaches it
    fac = world.user("a", Role.FACILITATOR)
    assert selectors.devices_found(fac, f" {IMEI} ") == [d]
    assert selectors.devices_found(world.user("b", Role.FACILITATOR), IMEI) == []
    assert AuditEvent.objects.filter(object_id="serial-search").count() == 2


def test_the_whole_number_is_shown_on_request_and_audited(world):
    d = _phone(world)
    c = Client()
    c.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    body = c.get(reverse("livelihoods:device_detail", args=[d.uuid])).content.decode()
    assert IMEI not in body and "3809" in body
    c.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("livelihoods:device_detail", args=[d.uuid])
    assert IMEI in c.post(url, {"show_serial": "1"}).content.decode()
    assert AuditEvent.objects.filter(object_id=str(d.uuid), action="view_personal").exists()


def test_a_device_paid_by_a_campaign_is_in_its_ledger(world):
    c = campaign(world)
    d = _phone(world, campaign=c, cost=Decimal("7999"))
    assert d.expenditure.amount == Decimal("7999.00")
    assert d.expenditure.description_code == "livelihoods.ledger.device"
    with pytest.raises(ValidationError) as exc:
        _phone(world, campaign=c, cost=None)
    assert "cost" in exc.value.message_dict


def test_refusals(world):
    with pytest.raises(ValidationError) as exc:
        _phone(world, serial="1234", kind="smartphone", member=None, given_on=None)
    assert {"serial", "member", "given_on"} <= set(exc.value.message_dict)
    d = _phone(world)
    with pytest.raises(ValidationError) as exc:
        services.device_status(
            device=d, status="stolen", on=None, actor=world.user("a", Role.FACILITATOR)
        )
    assert "status_on" in exc.value.message_dict
    services.device_status(
        device=d, status="stolen", on=days_ago(1), actor=world.user("a", Role.FACILITATOR)
    )
    assert Device.objects.get(pk=d.pk).status == "stolen"


def test_the_plan_renewal_is_on_the_agenda(world):
    d = _phone(world)
    today = timezone.localdate()
    for role, sees in ((Role.COLLECTIVE_LEADER, True), (Role.FACILITATOR, True)):
        window = agenda.entries_for(world.user("a", role), today, today + timedelta(days=30))
        got = [e for e in window.entries if e.kind == "livelihoods.plan_renewal"]
        assert bool(got) == sees and str(d.reference) in str(got[0].title)
    window = agenda.entries_for(world.user("b", Role.FACILITATOR), today, today + timedelta(30))
    assert not [e for e in window.entries if e.kind == "livelihoods.plan_renewal"]
