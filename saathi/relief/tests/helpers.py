"""Relief records for tests, made through the services as a user would make them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from saathi.core.policy import Role
from saathi.funds import services as funds_services
from saathi.relief import services
from saathi.relief.models import Distribution

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def make_campaign(world, org="a", name="Covid relief fund"):
    return funds_services.campaign_save(
        organisation=world.orgs[org],
        data={
            "name": name,
            "platform": "Milaap",
            "partners": "",
            "target": Decimal("2300000"),
            "starts_on": days_ago(200),
            "ends_on": None,
            "description": "",
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )


def make_programme(world, org="a", campaign=None, interval_days=30, **criteria):
    programme = services.programme_save(
        organisation=world.orgs[org],
        data={
            "name": "Lockdown relief",
            "funder": "Azim Premji Foundation",
            "collective": None,
            "campaign": campaign,
            "starts_on": days_ago(120),
            "ends_on": None,
            "budget": Decimal("500000"),
            "target_households": 100,
            "interval_days": interval_days,
            "eligibility_notes": "Members who lost their income.",
            "criteria_collective": None,
            "criteria_district": "",
            "criteria_missing_document": "",
            "criteria_min_age": None,
            "criteria_max_age": None,
            "criteria_one_per_household": True,
            **criteria,
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )
    admin = world.user(org, Role.ORG_ADMIN)
    services.item_add(
        programme=programme,
        data={
            "kind": "cash",
            "name": "Cash support",
            "unit_value": "1500",
            "planned_quantity": 100,
        },
        actor=admin,
    )
    services.item_add(
        programme=programme,
        data={
            "kind": "ration_kit",
            "name": "Ration kit",
            "contents": "Rice 10 kg, dal 2 kg, oil 1 l",
            "unit": "kit",
            "unit_value": "850",
            "planned_quantity": 200,
        },
        actor=admin,
    )
    return programme


def item(programme, name):
    return programme.items.get(name=name)


def dist_input(programme, member, item_name="Ration kit", on=None, **kw):
    it = item(programme, item_name)
    return services.DistributionInput(
        programme=programme,
        item=it,
        member=member,
        distributed_on=on or days_ago(10),
        mode=kw.pop("mode", "cash" if it.is_money else "in_kind"),
        handed_over_by=kw.pop("handed_over_by", "Mitali Ghosh"),
        ack_method=kw.pop("ack_method", Distribution.Ack.PAPER),
        **kw,
    )
