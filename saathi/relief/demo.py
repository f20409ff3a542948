"""Demo relief data for ``manage.py seed_demo``: a lockdown programme, its distributions,
a crowdfunding campaign raising lakhs, expenditures, and a list for the district.

Everything goes through the services (checked and audited) as a user would do it; the
distributions go through the bulk import, the path a paper distribution list takes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from saathi.accounts.models import User
from saathi.core import consent
from saathi.core.demo_files import demo_upload
from saathi.funds import services as funds_services
from saathi.people.models import Member, Organisation

from . import services

AUTHORITY = "District Magistrate, South 24 Parganas"
DONORS = [
    "Ananya Basu", "Rohit Mehta", "Sharmila Chatterjee", "Farhan Qureshi", "Deepa Iyer",
    "Kolkata Rotary Club", "Suresh Reddy", "Meera Nair", "Arjun Banerjee", "Lata Menon",
]  # fmt: skip


def seed_relief(organisation: Organisation, *, seed: int = 2020) -> None:
    rng = random.Random(seed)
    admin = User.objects.get(username="admin")
    facilitator = User.objects.get(username="facilitator")
    start, end = date(2020, 4, 1), date(2020, 9, 30)
    campaign = funds_services.campaign_save(
        organisation=organisation,
        data={
            "name": "Lockdown relief fund 2020",
            "platform": "Milaap crowdfunding",
            "partners": "Survivors' Network of West Bengal; Azim Premji Foundation",
            "target": Decimal("2500000"),
            "starts_on": date(2020, 3, 28),
            "ends_on": end,
            "description": "Rations, rent and cash for members and migrant workers who lost "
            "their income in the lockdown.",
        },
        actor=admin,
    )
    channels = ["crowdfunding"] * 6 + ["upi", "bank_transfer", "cheque"]
    for _ in range(46):
        anonymous = rng.random() < 0.3
        funds_services.donation_record(
            campaign=campaign,
            data=funds_services.DonationInput(
                amount=Decimal(rng.choice([5000, 10000, 25000, 50000, 75000, 100000])),
                received_on=date(2020, 4, 1) + timedelta(days=rng.randint(0, 120)),
                channel=rng.choice(channels),
                donor_name="" if anonymous else rng.choice(DONORS),
                anonymous=anonymous,
            ),
            actor=admin,
        )
    funds_services.donation_record(
        campaign=campaign,
        data=funds_services.DonationInput(
            amount=Decimal("120000"),
            received_on=date(2020, 4, 20),
            channel="in_kind",
            in_kind_description="1,500 kg rice and 300 kg dal from a wholesaler",
            donor_name="Bagri Market Traders' Association",
        ),
        actor=admin,
    )
    programme = services.programme_save(
        organisation=organisation,
        data={
            "name": "Lockdown rations and cash support",
            "funder": "Crowdfunding and Azim Premji Foundation",
            "collective": None,
            "campaign": campaign,
            "starts_on": start,
            "ends_on": end,
            "budget": Decimal("1800000"),
            "target_households": 400,
            "interval_days": 30,
            "eligibility_notes": "Members and their households who lost their income in the "
            "lockdown; migrant workers stranded in the district.",
            "criteria_collective": None,
            "criteria_district": "South 24 Parganas",
            "criteria_missing_document": "",
            "criteria_min_age": None,
            "criteria_max_age": None,
            "criteria_one_per_household": True,
        },
        actor=admin,
    )
    items = [
        {"kind": "cash", "name": "Cash support", "unit_value": "1500", "planned_quantity": 400},
        {
            "kind": "ration_kit",
            "name": "Ration kit",
            "contents": "Rice 10 kg, dal 2 kg, mustard oil 1 l, salt, soap",
            "unit": "kit",
            "unit_value": "850",
            "planned_quantity": 800,
        },
        {
            "kind": "hygiene",
            "name": "Masks and sanitiser",
            "unit": "set",
            "unit_value": "120",
            "planned_quantity": 400,
        },
        {
            "kind": "nutrition",
            "name": "Supplementary nutrition kit",
            "contents": "Eggs, pulses, milk powder",
            "unit": "kit",
            "unit_value": "600",
            "planned_quantity": 100,
        },
        {"kind": "bill_payment", "name": "Rent paid", "unit_value": "2000", "planned_quantity": 60},
    ]
    for item in items:
        services.item_add(programme=programme, data=item, actor=admin)
    funds_services.expenditure_record(
        campaign=campaign,
        amount=Decimal("340000"),
        spent_on=date(2020, 4, 15),
        description="400 ration kits",
        programme=programme,
        paid_to="Wholesale grocer, Baruipur",
        receipt=demo_upload("Bill: 400 ration kits", seed=1),
        actor=admin,
    )
    funds_services.expenditure_record(
        campaign=campaign,
        amount=Decimal("48000"),
        spent_on=date(2020, 4, 16),
        description="400 sets of masks and sanitiser",
        programme=programme,
        paid_to="Pharmacy, Diamond Harbour",
        actor=admin,
    )
    members = list(
        Member.objects.filter(
            organisation=organisation, district="South 24 Parganas", archived_at__isnull=True
        ).order_by("pk")[:120]
    )
    rows = []
    for month, day in ((4, 12), (5, 14), (6, 15)):
        for m in members:
            on = date(2020, month, day).strftime("%d/%m/%Y")
            rows.append({"member_reference": m.reference, "item": "Ration kit", "date": on})
            if month == 4:
                rows.append({"member_reference": m.reference, "item": "Masks and sanitiser",
                             "date": on})  # fmt: skip
            if rng.random() < 0.5:
                rows.append({"member_reference": m.reference, "item": "Cash support",
                             "mode": rng.choice(["cash", "upi", "bank_transfer"]), "date": on})  # fmt: skip
            if month == 5 and rng.random() < 0.12:
                rows.append({"member_reference": m.reference, "item": "Rent paid",
                             "mode": "bank_transfer", "date": on, "amount": "2500"})  # fmt: skip
            if rng.random() < 0.1:
                rows.append({"member_reference": m.reference, "item": "Supplementary nutrition kit",
                             "date": on})  # fmt: skip
    services.distributions_import(
        programme=programme,
        rows=enumerate(rows, 2),
        actor=facilitator,
    )
    # some members agreed to share their details with the district administration
    for m in members[:40]:
        consent.consent_record(
            member=m,
            purpose=consent.Purpose.PARTNER_SHARING,
            method="thumbprint",
            language=m.preferred_language,
            witness_name="Mitali Ghosh",
            partner_organisation=AUTHORITY,
            actor=facilitator,
        )
    blist = services.list_build(programme=programme, authority=AUTHORITY, actor=admin)
    services.list_submit(
        blist=blist,
        submitted_on=date(2020, 5, 2),
        submitted_to="Block Development Officer, Baruipur",
        note="Handed over with the collective's letter",
        actor=admin,
    )
    services.list_record_response(
        blist=blist,
        response="partly",
        response_on=date(2020, 5, 20),
        accepted=max(0, blist.matched - 3),
        note="Dry rations under the state scheme from June",
        actor=admin,
    )
