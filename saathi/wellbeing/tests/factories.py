"""Wellbeing records for tests, written through the services (as a social worker)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from saathi.core.policy import Role
from saathi.wellbeing import services

NOTE = "SECRET-COUNSELLING-NOTE"
ANSWERS_MARK = "SECRET-ANSWERS"  # never in answers (they are numbers): see test_confidentiality
DETAILS = "SECRET-INCIDENT-DETAILS"
PLAN = "SECRET-SAFETY-PLAN"
REASON = "SECRET-REFERRAL-REASON"

PHQ9_RISK = [1, 1, 1, 1, 1, 1, 1, 1, 1]  # total 9 (mild), item 9 positive
PHQ9_SEVERE = [3, 3, 3, 3, 3, 3, 2, 0, 0]  # total 20: severe, item 9 zero


def phq9_data(answers, on=None, **more):
    return {
        "taken_on": on or timezone.localdate(),
        "instrument": "phq9",
        **{f"item_{i}": a for i, a in enumerate(answers, start=1)},
        **more,
    }


def session(world, org="a", member=None, **data):
    member = member or world.members[f"{org}1"]
    today = timezone.localdate()
    return services.session_record(
        member=member,
        data={
            "kind": "individual",
            "mode": "in_person",
            "held_on": today - timedelta(days=1),
            "duration_minutes": 45,
            "concerns": ["stress", "stigma"],
            "concerns_text": "SECRET-CONCERNS",
            "notes": NOTE,
            "next_steps": "SECRET-NEXT-STEPS",
            "next_session_on": today + timedelta(days=3),
            "next_session_place": "Field office",
            **data,
        },
        actor=world.user(org, Role.SOCIAL_WORKER),
    )


def screening(world, org="a", member=None, answers=PHQ9_RISK, **more):
    member = member or world.members[f"{org}1"]
    return services.screening_record(
        member=member, data=phq9_data(answers, **more), actor=world.user(org, Role.SOCIAL_WORKER)
    )


def referral(world, org="a", member=None, **data):
    member = member or world.members[f"{org}1"]
    return services.referral_create(
        member=member,
        data={
            "service": "art_centre",
            "provider": "ART centre, District Hospital",
            "reason": REASON,
            "appointment_on": timezone.localdate() + timedelta(days=7),
            **data,
        },
        actor=world.user(org, Role.SOCIAL_WORKER),
    )


def incident(world, org="a", member=None, role=Role.SOCIAL_WORKER, **data):
    member = member or world.members[f"{org}1"]
    values = {
        "kind": "eviction",
        "occurred_on": date.today() - timedelta(days=2),
        "place": "home",
        "perpetrator": "house_owner",
        "reported_to": "collective",
        "support": ["counselling"],
        **data,
    }
    if role == Role.SOCIAL_WORKER:
        values.setdefault("details", DETAILS)
    return services.incident_record(member=member, data=values, actor=world.user(org, role))


def health(world, org="a", member=None, **data):
    member = member or world.members[f"{org}1"]
    return services.health_support_record(
        member=member,
        data={
            "kind": "nutrition",
            "given_on": timezone.localdate(),
            "what": "5 kg rice, 1 kg dal",
            "notes": "SECRET-HEALTH-NOTE",
            **data,
        },
        actor=world.user(org, Role.SOCIAL_WORKER),
    )


def full(world, org="a") -> dict:
    s = screening(world, org)
    return {
        "session": session(world, org),
        "screening": s,
        "step": s.safety_step,
        "referral": referral(world, org),
        "incident": incident(world, org),
        "health": health(world, org),
    }
