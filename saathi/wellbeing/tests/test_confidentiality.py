"""Facilitators, leaders, volunteers and viewers never see notes or answers, on the pages
or in the API JSON; social workers see them only after an audited reveal."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from saathi.accounts.models import ApiToken
from saathi.core.policy import Role

from . import factories

pytestmark = pytest.mark.django_db

SECRETS = (
    factories.NOTE,
    "SECRET-CONCERNS",
    "SECRET-NEXT-STEPS",
    factories.DETAILS,
    factories.REASON,
    "SECRET-HEALTH-NOTE",
    "SECRET-HIV",
)
ROLES = [
    Role.ORG_ADMIN,
    Role.FACILITATOR,
    Role.SOCIAL_WORKER,
    Role.LEGAL_ADVOCATE,
    Role.COLLECTIVE_LEADER,
    Role.VOLUNTEER,
    Role.VIEWER,
]


def _pages(f, member):
    return [
        reverse("wellbeing:member", args=[member.uuid]),
        reverse("wellbeing:session_detail", args=[f["session"].uuid]),
        reverse("wellbeing:screening_detail", args=[f["screening"].uuid]),
        reverse("wellbeing:safety_step", args=[f["step"].uuid]),
        reverse("wellbeing:referral_detail", args=[f["referral"].uuid]),
        reverse("wellbeing:incident_detail", args=[f["incident"].uuid]),
        reverse("wellbeing:hiv_status", args=[member.uuid]),
        reverse("wellbeing:figures"),
    ]


def _answers_block(body: str) -> bool:
    return 'id="answers"' in body


def test_no_role_but_social_workers_sees_notes_or_answers(world):
    from saathi.wellbeing import services

    f = factories.full(world)
    services.safety_plan_save(
        step=f["step"],
        data={"plan": factories.PLAN, "follow_up_due": f["step"].follow_up_due},
        actor=world.user("a", Role.SOCIAL_WORKER),
    )
    member = world.members["a1"]
    for role in ROLES:
        c = Client()
        c.force_login(world.user("a", role))
        for url in _pages(f, member):
            for method in ("get", "post"):
                r = getattr(c, method)(url, {"reveal-reason": "counselling", "_action": "reveal"})
                body = r.content.decode()
                shown = [s for s in (*SECRETS, factories.PLAN) if s in body]
                if role != Role.SOCIAL_WORKER:
                    assert not shown, (role, url, method, shown)
                    assert not _answers_block(body), (role, url)
                elif method == "get":
                    assert not shown, (role, url, "a GET never reveals")


def test_social_worker_reveals_with_a_reason(world):
    f = factories.full(world)
    c = Client()
    c.force_login(world.user("a", Role.SOCIAL_WORKER))
    url = reverse("wellbeing:screening_detail", args=[f["screening"].uuid])
    body = c.post(url, {"reveal-reason": "counselling"}).content.decode()
    assert _answers_block(body) and "Several days (1)" in body
    body = c.post(
        reverse("wellbeing:incident_detail", args=[f["incident"].uuid]),
        {"reveal-reason": "counselling"},
    ).content.decode()
    assert factories.DETAILS in body
    body = c.post(
        reverse("wellbeing:hiv_status", args=[world.members["a1"].uuid]),
        {"reveal-reason": "counselling"},
    ).content.decode()
    assert "SECRET-HIV" in body


def test_api_never_serves_notes_answers_or_details(world):
    f = factories.full(world)
    member = world.members["a1"]
    paths = [
        f"/api/wellbeing/members/{member.uuid}/sessions",
        f"/api/wellbeing/members/{member.uuid}/screenings",
        f"/api/wellbeing/members/{member.uuid}/referrals",
        f"/api/wellbeing/members/{member.uuid}/incidents",
        f"/api/wellbeing/referrals/{f['referral'].uuid}",
    ]
    for role in (Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER):
        key = f"sa_wb_{role}"
        ApiToken.objects.create(
            user=world.user("a", role), name="t", key_hash=ApiToken.hash_key(key), prefix="x"
        )
        for path in paths:
            r = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
            assert r.status_code == 200, (role, path, r.status_code)
            body = r.content.decode()
            for s in SECRETS:
                assert s not in body, (role, path, s)
            for field in ("notes", "answers", "details", "reason", "plan", "concerns_text"):
                assert f'"{field}"' not in body, (role, path, field)
        data = json.loads(Client().get(paths[1], HTTP_AUTHORIZATION=f"Bearer {key}").content)
        assert data["items"][0]["band"] == "mild" and data["items"][0]["risk"] is True
