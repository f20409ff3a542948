"""A granted claim starts a drive of the entitlements module for the members it concerned."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import services
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.entitlements.models import Application
from saathi.entitlements.tests.factories import scheme

from .factories import members
from .test_claims import _claim


def _granted(world, role=Role.FACILITATOR, **data):
    claim = _claim(world, **data)
    actor = world.user("a", Role.FACILITATOR)
    for to in ("submitted", "granted"):
        services.claim_move(claim=claim, to_status=to, actor=actor)
    claim.refresh_from_db()
    return claim


@pytest.mark.django_db
def test_a_granted_claim_starts_a_drive_for_the_members_it_named(world):
    people = members(world, "a1", 3)
    claim = _granted(world, members=[world.members["a1"], *people])
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    ration = scheme("wb_ration_card", world.orgs["a"])
    result = services.claim_start_drive(
        claim=claim, scheme=ration, name="Ration cards for the 4",
        target_date=timezone.localdate() + timedelta(days=30), actor=leader,
    )  # fmt: skip
    drive = result["drive"]
    assert result["started"] == 4 and result["skipped"] == 0
    assert drive.collective_id == claim.collective_id and drive.scheme_id == ration.pk
    apps = Application.objects.filter(drive=drive)
    assert set(apps.values_list("member_id", flat=True)) == {world.members["a1"].pk} | {
        p.pk for p in people
    }
    claim.refresh_from_db()
    assert claim.drive_id == drive.pk
    event = AuditEvent.objects.filter(object_id=str(claim.uuid)).order_by("-seq").first()
    assert event.fields == "drive" and event.detail["started"] == 4
    with pytest.raises(ValidationError) as exc:  # once
        services.claim_start_drive(
            claim=claim, scheme=ration, name="Again",
            target_date=timezone.localdate() + timedelta(days=30), actor=leader,
        )  # fmt: skip
    assert "scheme" in exc.value.error_dict


@pytest.mark.django_db
def test_only_a_granted_claim_and_only_who_runs_drives(world):
    claim = _claim(world)
    ration = scheme("wb_ration_card", world.orgs["a"])
    later = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError):
        services.claim_start_drive(
            claim=claim, scheme=ration, name="x", target_date=later,
            actor=world.user("a", Role.FACILITATOR),
        )  # fmt: skip
    granted = _granted(world)
    with pytest.raises(PermissionDenied):  # edits claims, but does not run drives
        services.claim_start_drive(
            claim=granted, scheme=ration, name="x", target_date=later,
            actor=world.user("a", Role.LEGAL_ADVOCATE),
        )  # fmt: skip
    granted.refresh_from_db()
    assert granted.drive_id is None


@pytest.mark.django_db
def test_the_claim_page_starts_it_without_javascript(world):
    claim = _granted(world)
    c = Client()
    c.force_login(world.user("a", Role.FACILITATOR))
    page = c.get(reverse("collectives:claim_detail", args=[claim.uuid])).content.decode()
    url = reverse("collectives:claim_drive", args=[claim.uuid])
    assert url in page
    ration = scheme("wb_ration_card", world.orgs["a"])
    r = c.post(url, {"scheme": "", "name": "Ration cards", "target_date": "01/01/2020"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert "Ration cards" in r.content.decode()  # what was typed is kept
    later = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    r = c.post(url, {"scheme": str(ration.uuid), "name": "Ration cards", "target_date": later})
    assert r.status_code == 302 and "/entitlements/drives/" in r["Location"]
    page = c.get(reverse("collectives:claim_detail", args=[claim.uuid])).content.decode()
    assert "Ration cards" in page and url not in page
