"""Demo legal matters for ``manage.py seed_demo``, written through the services as the demo
advocate would: a compensation claim followed to part payment, a prosecution with
hearings and a stalled next date, an FIR refusal, a threat and a witness-protection
application, and a defence matter. Names of accused are invented placeholders."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from saathi.accounts.models import User
from saathi.core.demo_files import demo_upload
from saathi.people.models import Member

from . import services


def seed(*, rng, stdout=None) -> int:
    actor = User.objects.filter(username="advocate").first()
    if actor is None:
        return 0
    members = list(
        Member.objects.filter(organisation_id=actor.organisation_id, state="WB")
        .exclude(birth_year__isnull=True)
        .order_by("id")[:12]
    )
    if len(members) < 6:
        return 0
    today = timezone.localdate()
    d = lambda n: today - timedelta(days=n)  # noqa: E731

    # 1. compensation claim: applied, interim paid, awarded, part-paid, unpaid after 30 days
    m = services.matter_open(
        member=members[0],
        data={
            "matter_type": "victim_compensation_claim",
            "member_role": "victim",
            "responsible": actor,
            "forum": "legal_services",
            "court_establishment": "DLSA South 24 Parganas, Alipore",
            "offence_on": d(700),
            "fir_on": d(690),
            "accused": "Demo accused: 'Bablu' (placement agent), unnamed associate",
            "notes": "Trafficked to Pune in 2024; rescued; FIR at Baruipur PS.",
        },
        actor=actor,
    )
    services.identifier_add(
        matter=m,
        data={
            "kind": "fir",
            "number": "214",
            "year": d(690).year,
            "police_station": "Baruipur PS",
            "district": "South 24 Parganas",
        },
        actor=actor,
    )
    services.identifier_add(
        matter=m,
        data={"kind": "compensation_application", "number": "DLSA/VC/118"},
        actor=actor,
    )
    comp = services.compensation_open(
        matter=m,
        data={
            "applied_on": d(150),
            "scheme": "bnss_396",
            "authority": "DLSA South 24 Parganas",
            "documents": ["form_i", "fir", "medical", "identity", "bank"],
            "interim_amount": Decimal("10000"),
            "interim_ordered_on": d(140),
            "award_amount": Decimal("300000"),
            "award_on": d(50),
            "award_order_number": "DLSA/S24P/VC/2026/41",
        },
        actor=actor,
    )
    services.payment_record(
        compensation=comp,
        data={
            "kind": "interim",
            "amount": Decimal("10000"),
            "paid_on": d(138),
            "account": "Bank of India, account ending 4411",
        },
        actor=actor,
    )
    services.payment_record(
        compensation=comp,
        data={
            "kind": "final",
            "amount": Decimal("100000"),
            "paid_on": d(20),
            "account": "Bank of India, account ending 4411",
        },
        actor=actor,
    )
    services.person_add(
        matter=m,
        data={"role": "panel_lawyer", "name": "Adv. S. Banerjee", "contact": "98300 00000"},
        actor=actor,
    )

    # 2. prosecution of traffickers, sexual offence: hearings, the last without a next date
    p = services.matter_open(
        member=members[1],
        data={
            "matter_type": "criminal_prosecution",
            "member_role": "victim",
            "responsible": actor,
            "sexual_offence": True,
            "forum": "sessions",
            "court_establishment": "Basirhat court complex",
            "court_number": "Court 3",
            "offence_on": d(420),
            "fir_on": d(400),
            "police_report_on": d(300),
            "accused": "Demo accused: 'Raju' and two others",
            "statements": "s.183 statement recorded before the Magistrate.",
        },
        actor=actor,
    )
    services.identifier_add(
        matter=p, data={"kind": "cnr", "number": "WBNP030004122025"}, actor=actor
    )
    for i, (stage, purpose) in enumerate(
        [
            ("cognizance", "Cognizance"),
            ("charge", "Framing of charge"),
            ("evidence", "Evidence of the victim (PW-1)"),
        ]
    ):
        on = d(200 - 60 * i)
        services.hearing_record(
            matter=p,
            data={
                "on": on,
                "stage": stage,
                "purpose": purpose,
                "court": "Basirhat court complex",
                "court_number": "Court 3",
                "attended": "Survivor, panel lawyer, PP",
                "next_date": on + timedelta(days=60) if i < 2 else None,
                "adjournment_reason": "" if i < 2 else "Accused absent",
            },
            actor=actor,
        )

    services.document_add(
        matter=p,
        data={"kind": "fir_copy", "on": d(400)},
        upload=demo_upload("FIR copy", seed=15),
        actor=actor,
    )
    for to in ("filed", "pending"):
        services.matter_move(
            matter=p, to_status=to, actor=actor, on=d(390 if to == "filed" else 200)
        )

    # 3. FIR refused: SP complaint pending, progress clock running
    r = services.matter_open(
        member=members[2],
        data={
            "matter_type": "fir_refusal_or_police_negligence",
            "member_role": "complainant",
            "forum": "sp_office",
            "offence_on": d(30),
            "fir_on": d(28),
            "next_date": today + timedelta(days=3),
            "next_purpose": "Visit to the SP office",
        },
        actor=actor,
    )

    services.matter_move(matter=r, to_status="filed", actor=actor, on=d(26))
    from saathi.collectives.models import DutyBearer
    from saathi.collectives.services import duty_bearer_create

    sp = DutyBearer.objects.filter(
        organisation_id=actor.organisation_id, title="Superintendent of Police"
    ).first() or duty_bearer_create(
        organisation=r.organisation,
        data={
            "title": "Superintendent of Police",
            "office": "Office of the SP, Basirhat Police District",
            "level": "district",
            "state": "WB",
            "district": "North 24 Parganas",
            "address": "Basirhat, North 24 Parganas",
        },
        actor=actor,
    )
    services.complaint_send(
        matter=r,
        data={
            "duty_bearer": sp,
            "about": "police",
            "ground": "fir_refused",
            "level": "sp",
            "sent_on": d(26),
            "details": "Demo: the duty officer refused to write down her complaint.",
        },
        uploads={
            "complaint": demo_upload("Complaint to the SP", seed=16),
            "receipt": demo_upload("Speed post receipt", seed=17),
        },
        actor=actor,
    )

    # 4. threats and witness protection: category B logged, application awaiting report
    w = services.matter_open(
        member=members[3],
        data={
            "matter_type": "witness_protection",
            "member_role": "witness",
            "forum": "competent_authority",
            "court_establishment": "Barasat district court",
            "fir_on": d(500),
            "next_date": today + timedelta(days=8),
            "next_purpose": "Competent Authority hearing",
        },
        actor=actor,
    )
    services.threat_record(
        matter=w,
        data={
            "on": d(12),
            "category": "B",
            "source": "associates",
            "channel": "phone",
            "reported_to": "IO, Barasat PS",
            "response": "GD entry made",
            "details": "Demo: calls telling her to withdraw her statement.",
        },
        actor=actor,
    )
    services.protection_apply(
        matter=w,
        data={
            "applied_on": d(9),
            "competent_authority": "District & Sessions Judge, North 24 Parganas",
        },
        actor=actor,
    )

    # 5. defence: a member accused under ITPA s.8
    services.matter_open(
        member=members[4],
        data={
            "matter_type": "criminal_defence",
            "member_role": "accused",
            "forum": "magistrate",
            "stage": "investigation",
            "arrested_on": d(40),
            "next_date": today + timedelta(days=1),
            "next_purpose": "Bail hearing",
        },
        actor=actor,
    )
    if stdout:
        stdout.write("Legal aid: 5 demo matters")
    return 5
