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
    trainings = _trainings(organisation, collectives, actor)
    if stdout is not None:
        stdout.write(
            f"Collectives: {len(entries)} duty bearers, {sessions} meetings, {claims} claims, "
            f"{trainings} trainings"
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
        if claim.status == "granted":
            _drive_for(claim, actor)
        made += 1
    return made


def _drive_for(claim, actor) -> None:
    """The granted ration-card claim starts its drive (entitlements) for its members."""
    from saathi.entitlements.models import Scheme

    code = "wb_ration_card" if claim.collective.state == "WB" else "nfsa_ration_card"
    scheme = Scheme.objects.catalogue_for([claim.organisation_id]).filter(code=code).first()
    if scheme is None or not scheme.applies_in(claim.collective.state):
        return
    services.claim_start_drive(
        claim=claim,
        scheme=scheme,
        name=f"{claim.title} ({claim.collective.name})"[:200],
        target_date=timezone.localdate() + timedelta(days=60),
        actor=actor,
    )


# The series the collectives of North and South 24 Parganas ran for their leaders in the
# pandemic: mental health, stress management, collective efficacy, leadership, and Zoom
# to meet when they could not travel.
LEADER_SERIES = [
    "Mental health and well-being",
    "Stress management",
    "Collective efficacy",
    "Leadership and decision-making",
    "Speaking with officials",
    "Meeting on Zoom",
]


def _trainings(organisation, collectives, actor) -> int:
    """A six-session series of the organisation for the leaders of its collectives and
    the staff (four sessions held, complete after four), and a two-session awareness
    training in the first collective."""
    from saathi.people.models import Membership

    today = timezone.localdate()
    series = services.training_create(
        organisation=organisation,
        data={
            "title": "Mental health and leadership for leaders",
            "for_whom": "Leaders of the collectives and staff",
            "purpose": "Six sessions, one a fortnight; the last two on Zoom.",
            "sessions_required": 4,
        },
        actor=actor,
    )
    sessions = [
        services.training_session_add(
            training=series,
            data={
                "topic": topic,
                "on": today + timedelta(weeks=2 * (i - 3)),
                "at": time(11, 0),
                "place": "" if i >= 4 else "Community hall",
                "online_link": "https://zoom.us/j/0000000000" if i >= 4 else "",
                "trainer": "Counsellor, mentoring organisation",
            },
            actor=actor,
        )
        for i, topic in enumerate(LEADER_SERIES)
    ]
    leader_ids = list(
        Membership.objects.filter(
            collective__in=collectives, role="leader", left_on__isnull=True, member_archived=False
        )
        .order_by("member_name", "member_id")
        .values_list("member_id", flat=True)[:12]
    )
    people = [
        services.training_participant_add(training=series, data={"member": m}, actor=actor)
        for m in Member.objects.filter(pk__in=leader_ids).order_by("display_name", "id")
    ]
    people.append(
        services.training_participant_add(training=series, data={"user": actor}, actor=actor)
    )
    held = [s for s in sessions if s.on <= today]
    for n, s in enumerate(held):
        # most come to every session; a few miss some and have not completed yet
        came = [p.pk for i, p in enumerate(people) if (i + n) % 5 != 0 or i % 2]
        services.training_attendance_record(session=s, present_ids=came, actor=actor)
    made = 1
    first = next((c for c in collectives if _current_members(c, limit=1)), None)
    if first is not None:
        local = services.training_create(
            organisation=organisation,
            collective=first,
            data={
                "title": "Know your entitlements: ration and bank accounts",
                "for_whom": "Members of the collective",
                "sessions_required": 2,
            },
            actor=actor,
        )
        two = [
            services.training_session_add(
                training=local,
                data={"topic": topic, "on": today - timedelta(days=d), "place": "Community hall"},
                actor=actor,
            )
            for topic, d in (("Ration cards under the NFSA", 21), ("Jan Dhan accounts", 7))
        ]
        members = [
            services.training_participant_add(training=local, data={"member": m}, actor=actor)
            for m in _current_members(first, limit=20)
        ]
        for s in two:
            services.training_attendance_record(
                session=s,
                present_ids=[p.pk for p in members[: 15 if s is two[0] else 12]],
                actor=actor,
            )
        made += 1
    return made
