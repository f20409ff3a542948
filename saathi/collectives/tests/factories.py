"""Helpers for the collectives tests: many members at once, sessions."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from saathi.collectives import services
from saathi.core.policy import Role
from saathi.people.models import Member, Membership
from saathi.people.services import next_reference

TELUGU = ["పద్మ", "లక్ష్మి", "సరోజ", "కమల", "రాణి", "సీత", "గౌరి", "వాణి", "జ్యోతి", "శాంతి"]


def members(world, coll: str, n: int, *, role: str = "member") -> list[Member]:
    """``n`` members of collective ``coll`` (names in Latin and Telugu), written directly:
    the registration path has its own tests, these only need to exist."""
    collective = world.collectives[coll]
    refs = next_reference("MEM", n)
    rows = []
    for i, ref in enumerate(refs):
        m = Member.objects.create(
            reference=ref,
            organisation_id=collective.organisation_id,
            display_name=f"Member {coll} {i:03d}",
            native_name=f"{TELUGU[i % len(TELUGU)]} {i:03d}",
            sex="female",
            birth_year=1985,
            state=collective.state,
            district=collective.districts[0],
            preferred_language="te",
            primary_collective=collective,
        )
        Membership.objects.create(member=m, collective=collective, role=role)
        rows.append(m)
    return rows


def session(world, coll: str = "a1", on: date | None = None, **data):
    org = coll[0]
    return services.session_create(
        collective=world.collectives[coll],
        data={
            "kind": "general",
            "on": on or timezone.localdate(),
            "facilitator": world.user(org, Role.FACILITATOR),
            **data,
        },
        actor=world.user(org, Role.FACILITATOR),
    )


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
