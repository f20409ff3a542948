"""Demo records of livelihoods and relief stock for ``manage.py seed_demo``, written through
the services (audited as if the facilitator, the social worker and a leader had entered
them): a campaign paying grants and phones, loans being repaid, follow-ups, flagged debts,
devices, vaccination drives per collective, and a store of kits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from saathi.accounts.models import User
from saathi.funds import services as funds
from saathi.people.models import Collective, Member, Membership
from saathi.relief.stock import services as stock

from . import services

ACTIVITIES = ["fruit_stall", "food_from_home", "tailoring", "small_shop", "beauty", "livestock"]


def _members(coll, limit):
    ids = (
        Membership.objects.filter(collective=coll, left_on__isnull=True)
        .order_by("member_id")
        .values_list("member_id", flat=True)[:limit]
    )
    return list(Member.objects.filter(pk__in=list(ids), archived_at__isnull=True).order_by("pk"))


def seed(*, organisation, stdout=None) -> dict:
    fac = User.objects.filter(username="facilitator").first()
    sw = User.objects.filter(username="socialworker").first()
    if fac is None or sw is None:
        return {}
    today = timezone.localdate()
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    campaign = funds.campaign_save(
        organisation=organisation,
        data={
            "name": "Livelihoods after the lockdown",
            "platform": "Ketto",
            "partners": "",
            "target": Decimal("600000"),
            "starts_on": ago(300),
            "ends_on": None,
            "description": "Grants, loans and phones so that members can earn again.",
        },
        actor=fac,
    )
    funds.donation_record(
        campaign=campaign,
        data=funds.DonationInput(
            amount=Decimal("420000"), received_on=ago(290), channel="crowdfunding"
        ),
        actor=fac,
    )
    collectives = list(Collective.objects.filter(organisation=organisation).order_by("pk"))
    supports = debts = devices = 0
    drives = []
    for ci, coll in enumerate(collectives):
        people = _members(coll, 40)
        if len(people) < 12:
            continue
        for i, m in enumerate(people[:6]):
            activity = ACTIVITIES[(ci + i) % len(ACTIVITIES)]
            s = services.support_create(
                member=m,
                data={
                    "activity": activity,
                    "kind": "grant" if i % 3 else "equipment",
                    "amount": Decimal(6000 + 1000 * i),
                    "given_on": ago(200 - 10 * i),
                    "campaign": campaign,
                    "notes": "",
                },
                actor=fac,
            )
            supports += 1
            for f in s.follow_ups.filter(due_on__lte=ago(5)):
                services.follow_up_record(
                    follow_up=f,
                    data={
                        "done_on": f.due_on + timedelta(days=2),
                        "still_running": (i + f.months) % 4 != 0,
                        "income_band": ["2000_5000", "under_2000", "5000_10000"][i % 3],
                        "problems": "" if i % 2 else "Sales low in the rains",
                    },
                    actor=fac,
                )
        for i, m in enumerate(people[6:9]):
            loan = services.support_create(
                member=m,
                data={
                    "activity": "tailoring" if i else "small_shop",
                    "kind": "loan",
                    "amount": Decimal(9000 + 3000 * i),
                    "given_on": ago(150),
                    "instalments": 6 + 3 * i,
                    "first_due_on": ago(120),
                    "paid_by": "Collective savings fund",
                },
                actor=fac,
            )
            supports += 1
            for n, inst in enumerate(loan.schedule.filter(due_on__lte=today)):
                if n % 4 == 3:
                    continue  # a month she could not pay
                services.repayment_record(
                    support=loan, amount=inst.amount, paid_on=inst.due_on, actor=fac
                )
        for i, (lender, rate, period, pressed) in enumerate(
            [
                ("moneylender", "10", "month", True),
                ("brothel_keeper", "0", "month", True),
                ("shg", "12", "year", False),
            ]
        ):
            services.debt_record(
                member=people[9 + i],
                data={
                    "lender_kind": lender,
                    "amount": Decimal(15000 + 10000 * i),
                    "rate": Decimal(rate),
                    "rate_period": period,
                    "since": ago(400),
                    "pressed": pressed,
                    "details": "Told during a home visit; she asked that no one else be told.",
                },
                actor=sw,
            )
            debts += 1
        services.device_save(
            organisation=organisation,
            data={
                "kind": "smartphone",
                "model_name": "Redmi 9A",
                "serial": f"35693803564{ci:02d}09",
                "member": people[0],
                "collective": coll,
                "given_on": ago(180),
                "campaign": campaign,
                "cost": Decimal("7499"),
                "sim_provider": "Jio",
                "plan_renews_on": today + timedelta(days=5 + 7 * ci),
            },
            actor=fac,
        )
        services.device_save(
            organisation=organisation,
            data={
                "kind": "sewing_machine",
                "model_name": "Usha Janome",
                "collective": coll,
                "given_on": ago(160),
                "funds_source": "Gift of the Rotary Club",
                "condition": "good",
            },
            actor=fac,
        )
        devices += 2
        drive = services.drive_create(
            organisation=organisation,
            data={
                "kind": "vaccination",
                "name": f"Covid vaccination, {coll.name}",
                "collective": coll,
                "target": len(people),
                "target_date": today + timedelta(days=45),
            },
            actor=fac,
        )
        drives.append(drive)
        first = people[: len(people) * 3 // 4]
        services.steps_mark(
            drive=drive, members=first, step="first_dose", on=ago(80), centre="UPHC", actor=fac
        )
        services.steps_mark(
            drive=drive,
            members=first[: len(first) // 2],
            step="second_dose",
            on=ago(2),
            centre="UPHC",
            actor=fac,
        )
    places = _stock(organisation, collectives, campaign, fac, today)
    if stdout is not None:
        stdout.write(
            f"Livelihoods: {supports} supports, {debts} debts, {devices} devices, "
            f"{len(drives)} health drives, {places} stores"
        )
    return {"campaign": campaign, "drives": drives}


def _stock(organisation, collectives, campaign, fac, today) -> int:
    office = stock.place_create(organisation=organisation, name="Office store", actor=fac)
    rooms = [
        stock.place_create(
            organisation=organisation, name=f"{c.name} room", collective=c, actor=fac
        )
        for c in collectives[:2]
    ]
    kit = stock.item_create(organisation=organisation, name="Dry ration kit", unit="kit", actor=fac)
    masks = stock.item_create(organisation=organisation, name="Masks", unit="box of 50", actor=fac)
    sanitiser = stock.item_create(
        organisation=organisation, name="Sanitiser", unit="500 ml bottle", actor=fac
    )
    for item, n, donor, name, value in (
        (kit, 120, "ngo", "Goonj", "96000"),
        (masks, 40, "panchayat", "", "6000"),
        (sanitiser, 60, "church", "St Thomas Church", "7200"),
    ):
        stock.receipt_record(
            item=item,
            place=office,
            quantity=n,
            on=today - timedelta(days=60),
            donor_kind=donor,
            donor_name=name,
            estimated_value=value,
            campaign=campaign,
            actor=fac,
        )
    for room in rooms:
        stock.move(
            item=kit,
            from_place=office,
            to_place=room,
            quantity=30,
            on=today - timedelta(days=50),
            actor=fac,
        )
        people = _members(room.collective, 20) if room.collective else []
        for m in people[:20]:
            stock.distribute(
                item=kit, place=room, quantity=1, on=today - timedelta(days=40), member=m, actor=fac
            )
    stock.count_record(
        item=masks,
        place=office,
        counted=37,
        on=today - timedelta(days=10),
        reason="damaged",
        note="Soaked in the July rains",
        actor=fac,
    )
    return 1 + len(rooms)
