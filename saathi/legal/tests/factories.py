"""Helpers for the legal tests: a matter with every part, confidential markers in it."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from saathi.core.demo_files import demo_upload
from saathi.core.policy import Role
from saathi.legal import services

ACCUSED = "SECRET-ACCUSED-Rafiq"
THREAT = "SECRET-THREAT-call"
STATEMENT = "SECRET-STATEMENT"
COMPLAINT = "SECRET-COMPLAINT-beaten"


def advocate(world, org="a"):
    return world.user(org, Role.LEGAL_ADVOCATE)


def matter(world, org="a", **data):
    today = timezone.localdate()
    values = {
        "matter_type": "criminal_prosecution",
        "member_role": "victim",
        "stage": "investigation",
        "fir_on": today - timedelta(days=120),
        "offence_on": today - timedelta(days=130),
        "accused": ACCUSED,
        "statements": STATEMENT,
        "notes": "SECRET-NOTES",
        "next_date": today + timedelta(days=5),
        "court_establishment": "Basirhat court complex",
    }
    values.update(data)
    return services.matter_open(
        member=world.members[f"{org}1"], data=values, actor=advocate(world, org)
    )


def full_matter(world, org="a"):
    """A matter with a hearing, a claim with an award and a part payment, a threat and a
    witness-protection application."""
    today = timezone.localdate()
    actor = advocate(world, org)
    m = matter(world, org)
    services.hearing_record(
        matter=m,
        data={
            "on": today - timedelta(days=3),
            "stage": "investigation",
            "purpose": "Bail of the accused",
            "next_date": today + timedelta(days=10),
        },
        actor=actor,
    )
    comp = services.compensation_open(
        matter=m,
        data={
            "applied_on": today - timedelta(days=90),
            "scheme": "nalsa_2018",
            "authority": "DLSA North 24 Parganas",
            "interim_amount": Decimal("10000"),
            "interim_ordered_on": today - timedelta(days=80),
            "award_amount": Decimal("400000"),
            "award_on": today - timedelta(days=45),
        },
        actor=actor,
    )
    services.payment_record(
        compensation=comp,
        data={
            "kind": "final",
            "amount": Decimal("100000"),
            "paid_on": today - timedelta(days=5),
            "account": "SBI ••1234",
        },
        actor=actor,
    )
    services.threat_record(
        matter=m,
        data={
            "on": today - timedelta(days=2),
            "category": "B",
            "source": "associates",
            "channel": "phone",
            "details": THREAT,
        },
        actor=actor,
    )
    prot = services.protection_apply(
        matter=m,
        data={"applied_on": today - timedelta(days=10), "competent_authority": "District Judge"},
        actor=actor,
    )
    consent = services.disclosure_consent_record(
        matter=m, data={"given_on": today, "method": "signature"}, actor=actor
    )
    doc = services.document_add(
        matter=m,
        data={"kind": "fir_copy", "on": today - timedelta(days=120)},
        upload=demo_upload("FIR copy"),
        actor=actor,
    )
    complaint = services.complaint_send(
        matter=m,
        data={
            "duty_bearer": bearer(world, org),
            "about": "police",
            "ground": "delay",
            "level": "sp",
            "sent_on": today - timedelta(days=20),
            "details": COMPLAINT,
        },
        uploads={"complaint": demo_upload("Complaint", seed=1)},
        actor=actor,
    )
    return {
        "matter": m,
        "compensation": comp,
        "protection": prot,
        "consent": consent,
        "document": doc,
        "complaint": complaint,
    }


def bearer(world, org="a", title="Superintendent of Police"):
    from saathi.collectives.services import duty_bearer_create

    return duty_bearer_create(
        organisation=world.orgs[org],
        data={
            "title": title,
            "office": "Office of the SP, North 24 Parganas",
            "level": "district",
            "state": "WB",
            "district": "North 24 Parganas",
            "address": "Barasat",
        },
        actor=world.user(org, Role.FACILITATOR),
    )
