"""Demo records of the collectives module for ``manage.py seed_demo``, written through the
services (so they are audited as if a facilitator had entered them)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from saathi.accounts.models import User
from saathi.people.models import Collective, Member, Membership

from . import services

# The offices collectives in West Bengal and Andhra Pradesh write to. Posts and offices
# only: the names of officials change and are left to the organisation to fill in.
DUTY_BEARERS = [
    {
        "title": "District Magistrate and Collector",
        "office": "Office of the District Magistrate, South 24 Parganas",
        "department": "Department of Home and Hill Affairs",
        "level": "district",
        "state": "WB",
        "district": "South 24 Parganas",
        "address": "Alipore\nKolkata 700027",
    },
    {
        "title": "District Magistrate and Collector",
        "office": "Office of the District Magistrate, North 24 Parganas",
        "department": "Department of Home and Hill Affairs",
        "level": "district",
        "state": "WB",
        "district": "North 24 Parganas",
        "address": "Barasat\nNorth 24 Parganas 700124",
    },
    {
        "title": "Block Development Officer",
        "office": "Sonarpur Block Development Office",
        "department": "Panchayats and Rural Development",
        "level": "block",
        "state": "WB",
        "district": "South 24 Parganas",
    },
    {
        "title": "Sub-Divisional Controller of Food and Supplies",
        "office": "Food and Supplies office, Baruipur Sub-division",
        "department": "Food and Supplies Department",
        "level": "subdivision",
        "state": "WB",
        "district": "South 24 Parganas",
    },
    {
        "title": "Secretary",
        "office": "District Legal Services Authority, South 24 Parganas",
        "department": "Legal Services Authority",
        "level": "district",
        "state": "WB",
        "district": "South 24 Parganas",
        "address": "Alipore Judges' Court\nKolkata 700027",
    },
    {
        "title": "Principal Secretary",
        "office": "Food and Supplies Department, Government of West Bengal",
        "department": "Food and Supplies Department",
        "level": "state",
        "state": "WB",
        "address": "Khadya Bhavan, 11A Mirza Ghalib Street\nKolkata 700087",
    },
    {
        "title": "District Collector",
        "office": "Collectorate, Guntur",
        "department": "Revenue Department",
        "level": "district",
        "state": "AP",
        "district": "Guntur",
        "address": "Collectorate\nGuntur 522004",
    },
    {
        "title": "Commissioner of Civil Supplies",
        "office": "Civil Supplies Department, Government of Andhra Pradesh",
        "department": "Consumer Affairs, Food and Civil Supplies",
        "level": "state",
        "state": "AP",
    },
    {
        "title": "Gram Panchayat Pradhan",
        "office": "Kalikapur Gram Panchayat",
        "department": "Panchayats and Rural Development",
        "level": "panchayat",
        "state": "WB",
        "district": "South 24 Parganas",
    },
]


def seed(*, organisation, stdout=None) -> dict:
    """Write the demo directory, each collective's profile, office bearers, a few months
    of meetings with attendance, decisions and action items, and claims at every stage."""
    actor = User.objects.filter(username="facilitator").first()
    if actor is None:
        return {}
    entries = [
        services.duty_bearer_create(organisation=organisation, data=row, actor=actor)
        for row in DUTY_BEARERS
    ]
    collectives = list(Collective.objects.filter(organisation=organisation).order_by("pk"))
    sessions = claims = 0
    for coll in collectives:
        sessions += _meetings(coll, actor)
        claims += _claims(coll, entries, actor)
    if stdout is not None:
        stdout.write(
            f"Collectives: {len(entries)} duty bearers, {sessions} meetings, {claims} claims"
        )
    return {"duty_bearers": entries}


def _current_members(coll, limit=60):
    ids = (
        Membership.objects.filter(collective=coll, left_on__isnull=True, member_archived=False)
        .order_by("member_name", "member_id")
        .values_list("member_id", flat=True)[:limit]
    )
    return list(Member.objects.filter(pk__in=list(ids)).order_by("display_name", "id"))


def _meetings(coll, actor) -> int:
    people = _current_members(coll)
    if not people:
        return 0
    today = timezone.localdate()
    services.profile_save(
        collective=coll,
        data={
            "registration": "society" if coll.state == "WB" else "informal",
            "registration_number": "S/2L/No. 31457 of 2016" if coll.state == "WB" else "",
            "registered_on": date(2016, 8, 12) if coll.state == "WB" else None,
            "meeting_place": "Community hall" if coll.state == "WB" else "Ward office verandah",
            "meeting_day": "sat",
            "meeting_frequency": "weekly",
            "networks": coll.networks,
        },
        actor=actor,
    )
    for post, m in zip(["president", "secretary", "treasurer"], people[:3], strict=False):
        services.office_bearer_add(
            collective=coll,
            data={"member": m, "post": post, "term_from": date(today.year - 1, 4, 1)},
            actor=actor,
        )
    leader = people[0]
    made = 0
    ids = [m.pk for m in people]
    for weeks_ago in (8, 6, 4, 2, 0):
        on = today - timedelta(weeks=weeks_ago)
        session = services.session_create(
            collective=coll,
            data={
                "kind": "general" if weeks_ago % 4 == 0 else "peer_support",
                "on": on,
                "at": time(10, 30),
                "place": "Community hall",
                "led_by": leader,
                "facilitator": actor if weeks_ago == 8 else None,
                "agenda": "Ration cards; savings group; the next training",
                "guests": 0,
            },
            actor=actor,
        )
        # three members stop coming: the page shows them as missed three in a row
        came = ids[3:] if weeks_ago <= 4 else ids
        services.attendance_record(
            session=session, shown_ids=ids, present_ids=came, guests=2, actor=actor
        )
        made += 1
        if weeks_ago == 2:
            decision = services.decision_add(
                session=session,
                data={
                    "text": "Submit a memorandum to the District Magistrate for ration "
                    "cards for every member who has none."
                },
                actor=actor,
            )
            services.action_item_add(
                session=session,
                data={
                    "text": "Collect signatures and thumbprints",
                    "member": leader,
                    "due_on": today + timedelta(days=5),
                    "decision": decision,
                },
                actor=actor,
            )
            services.action_item_add(
                session=session,
                data={
                    "text": "Type the memorandum",
                    "user": actor,
                    "due_on": today + timedelta(days=3),
                    "decision": decision,
                },
                actor=actor,
            )
    services.session_create(
        collective=coll,
        data={
            "kind": "awareness",
            "on": today + timedelta(days=7),
            "at": time(11, 0),
            "place": "Community hall",
            "led_by": leader,
            "agenda": "Health camp and scheme enrolment",
        },
        actor=actor,
    )
    return made + 1


def _claims(coll, entries, actor) -> int:
    people = _current_members(coll, limit=40)
    collector = next(
        (e for e in entries if e.level == "district" and e.district in coll.districts),
        next((e for e in entries if e.state == coll.state and e.level == "state"), None),
    )
    if not people or collector is None:
        return 0
    language = {"WB": "bn", "AP": "te"}.get(coll.state, "hi")
    today = timezone.localdate()
    stories = [
        ("Ration cards for every member", "memorandum", ["submitted", "hearing_held", "granted"]),
        ("Free rations for those without a card", "petition", ["submitted", "acknowledged"]),
        ("A community toilet near the settlement", "delegation", []),
    ]
    made = 0
    for title, method, steps in stories:
        claim = services.claim_create(
            collective=coll,
            data={
                "duty_bearer": collector,
                "title": title,
                "demand": f"{title}. The members named below have applied without an answer.",
                "method": method,
                "members": people if method != "delegation" else [],
                "concerns_count": None if method != "delegation" else 120,
                "language": language,
                "next_follow_up": today + timedelta(days=10),
            },
            actor=actor,
        )
        for i, to in enumerate(steps):
            services.claim_move(
                claim=claim,
                to_status=to,
                actor=actor,
                on=today - timedelta(days=30 - 10 * i),
                note="",
                response="Ration cards will be issued to all members named."
                if to == "granted"
                else None,
            )
        made += 1
    return made
