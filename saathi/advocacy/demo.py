"""Demo records of the advocacy module for ``manage.py seed_demo``, written through the
services (audited as if the facilitator and leaders had entered them): media contacts,
two campaigns with their memoranda, a TV interview with two leaders (one named, one
blurred), the government order that answered, verified by a second person."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saathi.accounts.models import User
from saathi.collectives.models import DutyBearer
from saathi.people.models import Collective, Member, Membership

from . import services

OUTLETS = [
    {"name": "Khabar Bangla TV", "kind": "tv", "language": "bn", "reach": 1_200_000,
     "area": "West Bengal"},
    {"name": "Dainik Samachar", "kind": "print", "language": "bn", "reach": 350_000,
     "area": "South 24 Parganas, Kolkata"},
    {"name": "Prajavani Telugu Daily", "kind": "print", "language": "te", "reach": 420_000,
     "area": "Guntur, Prakasam, Krishna"},
    {"name": "Akash Radio 92.7", "kind": "radio", "language": "bn", "area": "Kolkata"},
]  # fmt: skip


def _members(coll, n):
    ids = (
        Membership.objects.filter(collective=coll, left_on__isnull=True, member_archived=False)
        .order_by("member_name", "member_id")
        .values_list("member_id", flat=True)[:n]
    )
    return list(Member.objects.filter(pk__in=list(ids)).order_by("display_name", "id"))


def _bearer(organisation, title: str, district: str):
    return (
        DutyBearer.objects.filter(organisation=organisation, title=title, district=district)
        .order_by("pk")
        .first()
    )


def seed(*, organisation, stdout=None) -> dict:
    facilitator = User.objects.filter(username="facilitator").first()
    admin = User.objects.filter(username="admin").first()
    if facilitator is None or admin is None:
        return {}
    today = timezone.localdate()
    outlets = [
        services.outlet_create(organisation=organisation, data=row, actor=facilitator)
        for row in OUTLETS
    ]
    reporter = services.journalist_create(
        organisation=organisation,
        data={"name": "Ananya Sen", "outlet": outlets[0], "beat": "Gender, labour"},
        actor=facilitator,
    )
    careless = services.journalist_create(
        organisation=organisation,
        data={"name": "Rajib Kar", "outlet": outlets[1], "beat": "Crime"},
        actor=facilitator,
    )
    services.treatment_record(
        journalist=careless,
        data={
            "on": today - timedelta(days=400),
            "respected": False,
            "note": "Printed a photo where a woman's face could be recognised.",
        },
        actor=facilitator,
    )
    made = {"outlets": len(outlets), "campaigns": 0, "actions": 0, "engagements": 0}
    collectives = list(Collective.objects.filter(organisation=organisation).order_by("pk"))
    wb = next((c for c in collectives if c.state == "WB"), None)
    ap = next((c for c in collectives if c.state == "AP"), None)
    if wb is not None:
        made = _bengal(organisation, wb, outlets, reporter, facilitator, admin, today, made)
    if ap is not None:
        made = _andhra(organisation, ap, outlets, facilitator, admin, today, made)
    if stdout is not None:
        stdout.write(
            f"Advocacy: {made['outlets']} outlets, {made['campaigns']} campaigns, "
            f"{made['actions']} actions, {made['engagements']} engagements"
        )
    return made


def _bengal(organisation, coll, outlets, reporter, facilitator, admin, today, made):
    people = _members(coll, 40)
    bearer = _bearer(organisation, "District Magistrate and Collector", "South 24 Parganas")
    food = _bearer(
        organisation, "Sub-Divisional Controller of Food and Supplies", "South 24 Parganas"
    )
    if len(people) < 2 or bearer is None:
        return made
    campaign = services.campaign_create(
        organisation=organisation,
        data={
            "title": "Ration for every member without a ration card, South 24 Parganas",
            "description": "Many members have no ration card: no address proof, or a card "
            "left behind in the village. The collective asks for rations without a card.",
            "started_on": today - timedelta(days=120),
            "collective": coll,
        },
        actor=facilitator,
    )
    memo = services.action_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "memorandum",
            "on": today - timedelta(days=110),
            "title": "Memorandum on rations for women without ration cards",
            "demand": "Supply rations to every member of the collective without a ration "
            "card, and open ration-card camps in the wards where they live.",
            "duty_bearers": [b for b in (bearer, food) if b],
            "participants": people[:6],
            "others_count": 34,
        },
        actor=facilitator,
    )
    services.action_response(
        action=memo,
        data={
            "response": "The District Magistrate asked the Food department for a list of "
            "the women and promised a camp.",
            "response_on": today - timedelta(days=95),
        },
        actor=facilitator,
    )
    services.follow_up_add(
        action=memo,
        data={
            "due_on": today + timedelta(days=5),
            "note": "Ask the Food office for the date of the camp",
            "assigned_to": facilitator,
        },
        actor=facilitator,
    )
    interview = services.engagement_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "interview",
            "on": today - timedelta(days=90),
            "outlet": outlets[0],
            "journalist": reporter,
            "topic": "Women without ration cards in South 24 Parganas",
            "handled_by": facilitator,
            "briefing_on": today - timedelta(days=93),
            "rehearsal_on": today - timedelta(days=92),
        },
        actor=facilitator,
    )
    named = {
        "name_shown": "real", "face": "shown", "voice": "own", "place_shown": False,
        "collective_shown": True, "language": "bn", "method": "signature",
    }  # fmt: skip
    blurred = {**named, "name_shown": "none", "face": "blurred", "voice": "altered",
               "collective_shown": False, "method": "thumbprint", "witness_name": "Mitali Ghosh"}  # fmt: skip
    for member, terms in ((people[0], named), (people[1], blurred)):
        p = services.participant_add(
            engagement=interview, member=member, role="leader", actor=facilitator
        )
        services.identity_consent_record(participant=p, data=terms, actor=facilitator)
        services.identity_review_record(
            participant=p,
            data={"review_how": "saw", "reviewed_on": today - timedelta(days=89)},
            actor=facilitator,
        )
    services.engagement_publish(
        engagement=interview,
        data={
            "published_on": today - timedelta(days=88),
            "published_link": "https://example.org/khabar-bangla/ration-without-card",
            "reach": 250_000,
        },
        actor=facilitator,
    )
    services.treatment_record(
        journalist=reporter,
        data={"on": today - timedelta(days=88), "respected": True, "engagement": interview},
        actor=facilitator,
    )
    won = services.outcome_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "rations",
            "title": "Rations for 612 women without ration cards",
            "description": "The Food department supplied rations for three months to the "
            "women on the collective's list, and held a ration-card camp.",
            "on": today - timedelta(days=60),
            "evidence_reference": "Memo No. 1187/FS/S24P",
            "reach_count": 612,
            "actions": [memo],
            "engagements": [interview],
        },
        actor=facilitator,
    )
    services.outcome_verify(outcome=won, actor=admin)
    # an interview being prepared: one leader has agreed, the other not yet
    planned = services.engagement_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "feature",
            "on": today + timedelta(days=7),
            "outlet": outlets[1],
            "topic": "One year after the ration camp",
            "handled_by": facilitator,
        },
        actor=facilitator,
    )
    p = services.participant_add(
        engagement=planned, member=people[2], role="leader", actor=facilitator
    )
    services.identity_consent_record(
        participant=p, data={**named, "name_shown": "first"}, actor=facilitator
    )
    services.participant_add(engagement=planned, member=people[3], role="member", actor=facilitator)
    made.update(campaigns=made["campaigns"] + 1, actions=made["actions"] + 1)
    made["engagements"] += 2
    return made


def _andhra(organisation, coll, outlets, facilitator, admin, today, made):
    leader_bearer = _bearer(organisation, "District Collector", "Guntur")
    people = _members(coll, 20)
    if leader_bearer is None or not people:
        return made
    campaign = services.campaign_create(
        organisation=organisation,
        data={
            "title": "Ration for every sex worker in Guntur",
            "started_on": today - timedelta(days=80),
            "collective": coll,
        },
        actor=facilitator,
    )
    memo = services.action_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "memorandum",
            "on": today - timedelta(days=75),
            "title": "రేషన్ కార్డు లేని సెక్స్ వర్కర్లకు రేషన్ కోసం వినతిపత్రం",
            "demand": "రేషన్ కార్డు లేని ప్రతి సెక్స్ వర్కర్‌కు రేషన్ ఇవ్వాలి.",
            "duty_bearers": [leader_bearer],
            "participants": people[:4],
            "others_count": 20,
        },
        actor=facilitator,
    )
    won = services.outcome_create(
        organisation=organisation,
        data={
            "collective": coll,
            "campaign": campaign,
            "kind": "government_order",
            "title": "Collector's order: rations without a ration card",
            "on": today - timedelta(days=40),
            "evidence_reference": "Rc. No. 2245/CS/2026",
            "reach_count": 380,
            "actions": [memo],
        },
        actor=facilitator,
    )
    services.outcome_verify(outcome=won, actor=admin)
    made.update(campaigns=made["campaigns"] + 1, actions=made["actions"] + 1)
    return made
