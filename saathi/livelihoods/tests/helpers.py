"""Helpers for the livelihoods tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from saathi.core.policy import Role
from saathi.funds import services as funds_services
from saathi.livelihoods import services


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def campaign(world, org="a", with_money=Decimal("100000")):
    admin = world.user(org, Role.ORG_ADMIN)
    c = funds_services.campaign_save(
        organisation=world.orgs[org],
        data={
            "name": "Livelihoods after the lockdown",
            "platform": "Ketto",
            "partners": "",
            "target": Decimal("500000"),
            "starts_on": days_ago(300),
            "ends_on": None,
            "description": "",
        },
        actor=admin,
    )
    if with_money:
        funds_services.donation_record(
            campaign=c,
            data=funds_services.DonationInput(
                amount=with_money, received_on=days_ago(200), channel="upi", donor_name="A donor"
            ),
            actor=admin,
        )
    return c


def grant(world, org="a", member="a1", actor_role=Role.FACILITATOR, **extra):
    data = {
        "activity": "fruit_stall",
        "kind": "grant",
        "amount": Decimal("8000"),
        "given_on": days_ago(10),
    } | extra
    return services.support_create(
        member=world.members[member], data=data, actor=world.user(org, actor_role)
    )


def loan(world, amount=Decimal("12000"), n=6, org="a", member="a1", **extra):
    data = {
        "activity": "tailoring",
        "kind": "loan",
        "amount": amount,
        "given_on": days_ago(60),
        "instalments": n,
        "first_due_on": days_ago(30),
    } | extra
    return services.support_create(
        member=world.members[member], data=data, actor=world.user(org, Role.FACILITATOR)
    )


def debt(world, org="a", member="a1", **extra):
    data = {
        "lender_kind": "moneylender",
        "amount": Decimal("20000"),
        "rate": Decimal("10"),
        "rate_period": "month",
        "since": days_ago(100),
        "pressed": True,
        "details": "Lender: Shankar, tea stall at the market",
    } | extra
    return services.debt_record(
        member=world.members[member], data=data, actor=world.user(org, Role.SOCIAL_WORKER)
    )
