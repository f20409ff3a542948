"""A campaign's timeline: its actions, engagements, claims and outcomes in date order,
members named only as their consent allows; the PDF for funders."""

import subprocess
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.advocacy import selectors, timeline
from saathi.core import consent as core_consent
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

from .helpers import BLURRED, action, campaign, in_collective, outcome, publish, with_participant


def _claim(world, org="a"):
    from saathi.collectives import services as col

    from .helpers import duty_bearer

    return col.claim_create(
        collective=world.collectives[f"{org}1"],
        data={
            "duty_bearer": duty_bearer(world, org),
            "title": "Ration cards for all",
            "demand": "Ration cards",
            "method": "memorandum",
            "concerns_count": 40,
            "language": "bn",
        },
        actor=world.user(org, Role.FACILITATOR),
    )


@pytest.fixture
def story(world):
    today = timezone.localdate()
    claim = _claim(world)
    c = campaign(world, started_on=today - timedelta(days=30), claims=[claim])
    a1 = in_collective(world, "a1")
    act = action(
        world, campaign=c, on=today - timedelta(days=20), participants=[a1], others_count=30
    )
    eng, p = with_participant(world, campaign=c, on=today - timedelta(days=10))
    publish(eng, world)
    won = outcome(world, campaign=c, actions=[act], claims=[claim], reached_members=[a1])
    return c, act, eng, won, a1


@pytest.mark.django_db
def test_items_in_date_order_and_nobody_named_without_media_consent(world, story):
    c, act, eng, won, a1 = story
    items, more = selectors.timeline_items(world.user("a", Role.FACILITATOR), c)
    assert not more
    assert sorted(i.kind for i in items) == ["action", "claim", "engagement", "outcome"]
    assert items[0].kind == "action"
    assert [i.on for i in items] == sorted(i.on for i in items)
    by_kind = {i.kind: i for i in items}
    # no registry media consent: counted, never named
    assert by_kind["action"].named == [] and by_kind["action"].unnamed == 31
    assert by_kind["engagement"].named == [] and by_kind["engagement"].unnamed == 1
    core_consent.consent_record(
        member=a1,
        purpose="media",
        method="signature",
        language="bn",
        actor=world.user("a", Role.FACILITATOR),
    )
    items, _ = selectors.timeline_items(world.user("a", Role.FACILITATOR), c)
    by_kind = {i.kind: i for i in items}
    assert by_kind["action"].named == [a1.display_name]
    assert by_kind["engagement"].named == [a1.display_name]  # her consent: her real name


@pytest.mark.django_db
def test_engagement_names_her_only_as_her_identity_consent_allows(world):
    c = campaign(world)
    eng, p = with_participant(world, campaign=c, consent=BLURRED)
    core_consent.consent_record(
        member=p.member,
        purpose="media",
        method="signature",
        language="bn",
        actor=world.user("a", Role.FACILITATOR),
    )
    items, _ = selectors.timeline_items(world.user("a", Role.FACILITATOR), c)
    assert items[0].named == [] and items[0].unnamed == 1


@pytest.mark.django_db
def test_page_pdf_and_scope(world, story):
    c, act, eng, won, a1 = story
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    r = client.get(reverse("advocacy:campaign_detail", args=[c.uuid]))
    body = r.content.decode()
    assert r.status_code == 200 and act.title in body and won.title in body
    assert a1.display_name not in body and a1.native_name not in body
    r = client.post(reverse("advocacy:campaign_print", args=[c.uuid]), {"language": "te"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_id=str(c.uuid)).exists()
    html, shown = timeline.render_html(c, world.user("a", Role.FACILITATOR), "te")
    assert shown == 4 and a1.display_name not in html and "SECRET" not in html
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=r.content, capture_output=True, check=True
    ).stdout.decode()
    assert act.title in text
    other = Client()
    other.force_login(world.user("b", Role.FACILITATOR))
    assert other.get(reverse("advocacy:campaign_detail", args=[c.uuid])).status_code == 404


@pytest.mark.django_db
def test_timeline_pages_fifty_at_a_time(world):
    from saathi.advocacy.models import AdvocacyAction

    c = campaign(world)
    a = action(world, campaign=c)
    bearer = a.duty_bearers.first()
    rows = [
        AdvocacyAction(
            reference=f"ADV-T-{n:04d}",
            organisation=a.organisation,
            collective=a.collective,
            campaign=c,
            created_by=a.created_by,
            kind="meeting",
            on=a.on - timedelta(days=n),
            title=f"Meeting {n}",
            demand="Rations",
        )
        for n in range(1, 60)
    ]
    AdvocacyAction.objects.bulk_create(rows)
    for row in AdvocacyAction.objects.filter(campaign=c):
        row.duty_bearers.add(bearer)
    user = world.user("a", Role.FACILITATOR)
    first, more = selectors.timeline_items(user, c)
    assert len(first) == 50 and more
    second, more = selectors.timeline_items(user, c, start=50)
    assert len(second) == 10 and not more
    assert first[-1].on <= second[0].on
