"""Referrals are cases: no sequence of moves leaves the transition map or skips the audit."""

from __future__ import annotations

import pytest

from saathi.core.policy import Role
from saathi.core.tests.cases import check_moves_follow_map
from saathi.wellbeing import services
from saathi.wellbeing.models import REFERRAL_TRANSITIONS, ReferralStep

from . import factories

pytestmark = pytest.mark.django_db


def test_moves_follow_the_map(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    check_moves_follow_map(
        make_case=lambda: factories.referral(world),
        move=lambda case, to: services.referral_move(referral=case, to_status=to, actor=sw),
        transitions=REFERRAL_TRANSITIONS,
        step_model=ReferralStep,
        max_examples=10,
        step_count=8,
    )


def test_timeline_on_the_page_names_statuses_not_notes(world):
    from django.test import Client
    from django.urls import reverse

    sw = world.user("a", Role.SOCIAL_WORKER)
    r = factories.referral(world)
    services.referral_move(referral=r, to_status="consented", actor=sw, note="SECRET-STEP-NOTE")
    c = Client()
    c.force_login(world.user("a", Role.FACILITATOR))
    body = c.get(reverse("wellbeing:referral_detail", args=[r.uuid])).content.decode()
    assert "She agreed" in body and "SECRET-STEP-NOTE" not in body
    assert factories.REASON not in body
    c.force_login(sw)
    body = c.post(
        reverse("wellbeing:referral_detail", args=[r.uuid]), {"reveal-reason": "counselling"}
    ).content.decode()
    assert "SECRET-STEP-NOTE" in body and factories.REASON in body
