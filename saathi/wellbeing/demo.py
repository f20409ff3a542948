"""Demo wellbeing records for ``manage.py seed_demo``, written through the services as the
demo social worker and leader would: a year of counselling and screenings for a few
members (one PHQ-9 with a positive item 9 and its safety step, followed up), referrals
along their map (an ART centre, a psychiatrist, a shelter refused), incidents of stigma
and violence by house owners, police, clients and family, and health support records.
Notes are invented placeholders."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saathi.accounts.models import User
from saathi.core.consent import consent_record
from saathi.people.models import Member

from . import services

PHQ9_COURSE = [  # a year of PHQ-9 answers, improving
    [2, 2, 2, 2, 1, 2, 1, 1, 0],
    [2, 2, 1, 2, 1, 1, 1, 1, 0],
    [1, 2, 1, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 0, 1, 0, 0, 0],
    [1, 1, 0, 1, 0, 0, 0, 0, 0],
]
GAD7_COURSE = [[2, 2, 2, 1, 1, 2, 2], [2, 1, 2, 1, 1, 1, 1], [1, 1, 1, 1, 0, 1, 1]]
INCIDENTS = [
    ("eviction", "home", "house_owner", "collective", ["counselling", "collective_action"]),
    ("verbal_abuse", "street", "neighbours", "", ["counselling"]),
    ("extortion", "street", "police", "organisation", ["legal"]),
    ("physical_violence", "workplace", "client", "", ["medical", "counselling"]),
    ("refusal_of_service", "hospital", "health_worker", "organisation", ["accompanied"]),
    ("outing", "school", "neighbours", "", ["counselling"]),
    ("physical_violence", "home", "partner", "police", ["shelter", "legal"]),
    ("eviction", "home", "house_owner", "", ["collective_action"]),
    ("online_abuse", "online", "unknown", "", ["none"]),
]


def _item(answers) -> dict:
    return {f"item_{i}": a for i, a in enumerate(answers, start=1)}


def seed(*, stdout=None) -> int:
    sw = User.objects.filter(username="socialworker").first()
    leader = User.objects.filter(username="leader").first()
    if sw is None:
        return 0
    members = list(
        Member.objects.filter(organisation_id=sw.organisation_id, state="WB").order_by("id")[:12]
    )
    if len(members) < 6:
        return 0
    today = timezone.localdate()
    n = 0
    # a year of counselling and screenings for the first three
    for m_i, member in enumerate(members[:3]):
        for k in range(8):
            held = today - timedelta(days=330 - 42 * k + m_i)
            last = k == 7
            services.session_record(
                member=member,
                data={
                    "kind": "group" if k % 4 == 3 else "individual",
                    "mode": ["in_person", "phone", "in_person", "online"][k % 4],
                    "held_on": held,
                    "duration_minutes": 45 if k % 4 != 3 else 90,
                    "concerns": [["stress", "stigma"], ["low_mood"], ["anxiety", "sleep"]][k % 3],
                    "notes": "Demo note: how she is, what was discussed.",
                    "next_steps": "Demo next steps.",
                    "next_session_on": today + timedelta(days=5 + m_i) if last else None,
                    "next_session_place": "Field office" if last else "",
                },
                actor=sw,
            )
            n += 1
        for k, answers in enumerate(PHQ9_COURSE):
            services.screening_record(
                member=member,
                data={
                    "instrument": "phq9",
                    "taken_on": today - timedelta(days=320 - 75 * k + m_i),
                    "next_screening_on": today + timedelta(days=30) if k == 4 else None,
                    **_item(answers),
                },
                actor=sw,
            )
            n += 1
        for k, answers in enumerate(GAD7_COURSE):
            services.screening_record(
                member=member,
                data={
                    "instrument": "gad7",
                    "taken_on": today - timedelta(days=300 - 120 * k + m_i),
                    **_item(answers),
                },
                actor=sw,
            )
            n += 1
    # a positive item 9 today: the safety step, its plan; another followed up last month
    risky = services.screening_record(
        member=members[3],
        data={"instrument": "phq9", "taken_on": today, **_item([2, 2, 1, 2, 1, 2, 1, 1, 1])},
        actor=sw,
    )
    services.safety_plan_save(
        step=risky.safety_step,
        data={
            "plan": "Demo plan: who she calls, where she goes.",
            "follow_up_due": risky.safety_step.started_at + timedelta(hours=24),
        },
        actor=sw,
    )
    past = services.screening_record(
        member=members[4],
        data={
            "instrument": "phq9",
            "taken_on": today - timedelta(days=30),
            **_item([3, 3, 3, 3, 2, 2, 2, 2, 0]),
        },
        actor=sw,
    )
    services.safety_follow_up(
        step=past.safety_step, data={"follow_up_note": "Demo: met her, safe."}, actor=sw
    )
    n += 2
    # referrals
    art = services.referral_create(
        member=members[1],
        data={"service": "art_centre", "provider": "ART centre, M.R. Bangur Hospital"},
        actor=sw,
    )
    for to in ("consented", "sent", "accepted", "attended"):
        services.referral_move(referral=art, to_status=to, actor=sw)
    psy = services.referral_create(
        member=members[0],
        data={
            "service": "psychiatrist",
            "provider": "Sahayog Mental Health Trust",
            "shares_data": True,
            "partner_organisation": "Sahayog Mental Health Trust",
            "appointment_on": today + timedelta(days=10),
        },
        actor=sw,
    )
    consent_record(
        member=members[0],
        purpose="partner_sharing",
        method="signature",
        language="bn",
        partner_organisation="Sahayog Mental Health Trust",
        actor=sw,
    )
    for to in ("consented", "sent"):
        services.referral_move(referral=psy, to_status=to, actor=sw)
    shelter = services.referral_create(
        member=members[5],
        data={"service": "shelter", "provider": "Short-stay home, Howrah"},
        actor=sw,
    )
    services.referral_move(
        referral=shelter, to_status="refused", actor=sw, note="She chose to stay with her sister."
    )
    n += 3
    # incidents: the leader records the facts of some, the social worker of others
    for k, (kind, place, who, reported, support) in enumerate(INCIDENTS):
        member = members[k % len(members)]
        actor = leader if leader is not None and k % 2 == 0 and _reaches(leader, member) else sw
        services.incident_record(
            member=member,
            data={
                "kind": kind,
                "occurred_on": today - timedelta(days=20 + 31 * k),
                "place": place,
                "perpetrator": who,
                "reported_to": reported,
                "support": support,
                "details": "Demo details." if actor == sw else "",
            },
            actor=actor,
        )
        n += 1
    # health support
    for k, member in enumerate(members[:4]):
        services.health_support_record(
            member=member,
            data={
                "kind": ["nutrition", "art_adherence", "lgbtq", "nutrition"][k],
                "given_on": today - timedelta(days=10 * k),
                "what": [
                    "5 kg rice, 1 kg dal",
                    "Visit to the ART centre",
                    "Peer group meeting",
                    "Eggs and milk for a month",
                ][k],
                "adherence": "good" if k == 1 else "",
            },
            actor=sw,
        )
        n += 1
    if stdout is not None:
        stdout.write(f"Wellbeing: {n} demo records.")
    return n


def _reaches(user, member) -> bool:
    from saathi.core.policy import Cap
    from saathi.core.scope import has_cap_for

    return has_cap_for(user, Cap.RECORD_INCIDENTS, *member.scope_reach())
