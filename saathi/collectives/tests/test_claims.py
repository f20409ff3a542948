"""Collective claims: a case along CLAIM_TRANSITIONS, its timeline, the petition PDF."""

import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import access, petitions, services
from saathi.collectives.models import CLAIM_TRANSITIONS, Claim, ClaimStatus, ClaimStep
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.tests.cases import check_moves_follow_map


def _bearer(world, org="a"):
    return services.duty_bearer_create(
        organisation=world.orgs[org],
        data={
            "title": "District Collector",
            "office": "Collectorate, North 24 Parganas",
            "level": "district",
            "state": "WB",
            "district": "North 24 Parganas",
            "address": "Barasat",
        },
        actor=world.user(org, Role.FACILITATOR),
    )


def _claim(world, org="a", role=Role.FACILITATOR, **data):
    return services.claim_create(
        collective=world.collectives[f"{org}1"],
        data={
            "duty_bearer": _bearer(world, org),
            "title": "Ration cards for all members",
            "demand": "Issue ration cards to every member.\nFree rations to those without.",
            "method": "petition",
            "members": [world.members[f"{org}1"]],
            "language": "bn",
            **data,
        },
        actor=world.user(org, role),
    )


def test_every_status_is_in_the_map_and_finals_are_final():
    assert set(CLAIM_TRANSITIONS) == set(ClaimStatus.values)
    for nxt in CLAIM_TRANSITIONS.values():
        assert nxt <= set(ClaimStatus.values)
    assert CLAIM_TRANSITIONS["granted"] == CLAIM_TRANSITIONS["withdrawn"] == frozenset()


@pytest.mark.django_db
def test_moves_follow_the_map_and_never_skip_the_audit(world):
    actor = world.user("a", Role.FACILITATOR)
    bearer = _bearer(world)
    check_moves_follow_map(
        make_case=lambda: services.claim_create(
            collective=world.collectives["a1"],
            data={
                "duty_bearer": bearer,
                "title": "Ration cards",
                "demand": "Ration cards for all",
                "method": "memorandum",
                "concerns_count": 40,
                "language": "bn",
            },
            actor=actor,
        ),
        move=lambda claim, to: services.claim_move(claim=claim, to_status=to, actor=actor),
        transitions=CLAIM_TRANSITIONS,
        step_model=ClaimStep,
    )


@pytest.mark.django_db
def test_claim_needs_an_office_and_whom_it_concerns(world):
    with pytest.raises(ValidationError) as exc:
        services.claim_create(
            collective=world.collectives["a1"],
            data={"title": "", "demand": "", "method": "letter", "language": "xx"},
            actor=world.user("a", Role.FACILITATOR),
        )
    assert {"title", "demand", "method", "language", "duty_bearer", "concerns_count"} <= set(
        exc.value.error_dict
    )
    with pytest.raises(ValidationError) as exc:
        _claim(world, members=[world.members["a2"]])  # of another collective
    assert "members" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _claim(world, duty_bearer=_bearer(world, "b"))  # another organisation's directory
    assert "duty_bearer" in exc.value.error_dict


@pytest.mark.django_db
def test_from_the_demand_to_the_governments_answer(world):
    claim = _claim(world)
    actor = world.user("a", Role.FACILITATOR)
    ten_days_ago = timezone.localdate() - timedelta(days=10)
    services.claim_move(
        claim=claim,
        to_status="submitted",
        actor=actor,
        on=ten_days_ago,
        next_follow_up=timezone.localdate(),
    )
    assert claim.submitted_on == ten_days_ago and claim.next_follow_up == timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.claim_move(claim=claim, to_status="drafted", actor=actor)
    assert "to_status" in exc.value.error_dict
    services.claim_move(
        claim=claim, to_status="hearing_held", actor=actor, note="Met the ADM with 12 members"
    )
    services.claim_move(
        claim=claim,
        to_status="granted",
        actor=actor,
        response="The district will issue ration cards to all 40 members.",
    )
    claim.refresh_from_db()
    assert claim.status == "granted" and claim.next_follow_up is None
    assert "ration cards" in claim.response
    steps = list(claim.steps.order_by("at", "id"))
    assert [s.to_status for s in steps] == ["submitted", "hearing_held", "granted"]
    assert all(s.audit_seq for s in steps)
    assert steps[0].on == ten_days_ago


@pytest.mark.django_db
def test_leader_reaches_her_collectives_claims_only(world):
    mine = _claim(world, role=Role.COLLECTIVE_LEADER)
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert access.access_claim(leader, mine.uuid) == mine
    sister = services.claim_create(
        collective=world.collectives["a2"],
        data={
            "duty_bearer": mine.duty_bearer,
            "title": "x",
            "demand": "y",
            "method": "dharna",
            "concerns_count": 10,
            "language": "bn",
        },
        actor=world.user("a", Role.FACILITATOR),
    )
    with pytest.raises(Http404):
        access.access_claim(leader, sister.uuid)
    sw = world.user("a", Role.SOCIAL_WORKER)  # sees, may not move
    with pytest.raises(PermissionDenied):
        services.claim_move(claim=mine, to_status="submitted", actor=sw)
    assert not Claim.objects.visible_to(world.user("a", Role.VIEWER)).exists()


@pytest.mark.django_db
def test_petition_in_bengali_without_occupation_and_audited(world, tmp_path):
    claim = _claim(world)
    html = petitions.render_html(claim)
    assert "লক্ষ্মী দাস" in html and "Lakshmi Das" in html
    assert "District Collector" in html and "Collectorate, North 24 Parganas" in html
    assert "SECRET-OCCUPATION" not in html and "SECRET-HIV" not in html
    assert 'lang="bn"' in html
    pdf = services.petition_pdf(claim=claim, actor=world.user("a", Role.FACILITATOR))
    assert pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_id=str(claim.uuid)).exists()
    from saathi.core.tests.browser import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "collectives-petition-service-bn.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(path.with_suffix("")),
        ],
        check=True,
    )
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "SECRET" not in out
    with pytest.raises(PermissionDenied):
        services.petition_pdf(claim=claim, actor=world.user("a", Role.VOLUNTEER))


@pytest.mark.django_db
def test_claim_pages(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    bearer = _bearer(world)
    coll = world.collectives["a1"]
    url = reverse("collectives:claim_create", args=[coll.uuid])
    r = client.post(
        url,
        {
            "title": "Ration cards",
            "demand": "",
            "method": "petition",
            "language": "bn",
            "duty_bearer": str(bearer.uuid),
        },
    )
    assert r.status_code == 200 and "demand" in r.context["form"].errors
    assert "Ration cards" in r.content.decode()
    r = client.post(
        url,
        {
            "title": "Ration cards",
            "demand": "For all",
            "method": "petition",
            "language": "bn",
            "duty_bearer": str(bearer.uuid),
            "members": [str(world.members["a1"].pk)],
        },
    )
    claim = Claim.objects.get()
    assert r["Location"] == reverse("collectives:claim_detail", args=[claim.uuid])
    move = reverse("collectives:claim_move", args=[claim.uuid])
    r = client.post(move, {"to_status": "granted"})  # not from drafted
    assert r.status_code == 200 and "to_status" in r.context["form"].errors
    r = client.post(move, {"to_status": "submitted", "note": "Given at the Collectorate"})
    assert r.status_code == 302
    detail = client.get(reverse("collectives:claim_detail", args=[claim.uuid])).content.decode()
    assert "Given at the Collectorate" in detail
    r = client.post(reverse("collectives:claim_petition", args=[claim.uuid]))
    assert r["Content-Type"] == "application/pdf"
