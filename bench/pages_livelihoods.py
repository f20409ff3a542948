"""Livelihoods and relief stock at scale: the livelihood list (page 1, a deep page, open
loans, an activity), a member's livelihoods page, devices, a health drive's progress and
who is not reached, and the stock page of a store; with 100,000 members and 500,000
records (300,000 supports, 200,000 stock movements).

    uv run python bench/pages.py --sets livelihoods [--members 100000] [--database-url URL]
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pages  # bench/pages.py

SUPPORTS = 300_000
MOVEMENTS = 200_000
BATCH = 5_000


def prepare(args):
    """Supports spread over the members, stock movements over two stores and three items
    (with their levels), devices and a vaccination drive per collective. Written with
    bulk_create; idempotent (skipped when the rows are there)."""
    from django.db import transaction

    from saathi.accounts.models import User
    from saathi.livelihoods.models import ZERO, Activity, Support, SupportKind
    from saathi.people.models import Member

    _stock()
    _drives_and_devices()
    have = Support.objects.count()
    if have >= SUPPORTS:
        print(f"Reusing {have:,} supports")
        return
    started = time.monotonic()
    actor = User.objects.get(username="facilitator")
    members = list(Member.objects.order_by("pk").values_list("pk", "organisation_id"))
    activities, kinds = Activity.values, SupportKind.values
    today = date.today()
    rows = []
    with transaction.atomic():
        for n in range(have, SUPPORTS):
            member_id, org_id = members[(n * 7919) % len(members)]
            kind = kinds[n % len(kinds)]
            amount = 0 if kind in ("training", "market_link") else 5000 + (n % 20) * 500
            rows.append(
                Support(
                    reference=f"LIV-B-{n:07d}",
                    organisation_id=org_id,
                    created_by=actor,
                    member_id=member_id,
                    activity=activities[n % len(activities)],
                    kind=kind,
                    amount=amount,
                    given_on=today - timedelta(days=n % 900),
                    instalments=6 if kind == "loan" else 0,
                    repaid=(amount // 2 if n % 3 else amount) if kind == "loan" else ZERO,
                )
            )
            if len(rows) == BATCH:
                Support.objects.bulk_create(rows)
                rows = []
        Support.objects.bulk_create(rows)
    print(f"Added {SUPPORTS - have:,} supports in {time.monotonic() - started:.1f} s")


def _stock():
    from django.db import transaction

    from saathi.accounts.models import User
    from saathi.people.models import Collective, Member, Organisation
    from saathi.relief.stock.models import Item, Kind, Level, Movement, Place

    have = Movement.objects.count()
    if have >= MOVEMENTS:
        print(f"Reusing {have:,} stock movements")
        return
    actor = User.objects.get(username="facilitator")
    org = Organisation.objects.get(pk=actor.organisation_id)
    coll = Collective.objects.filter(organisation=org).order_by("pk").first()
    places = [
        Place.objects.get_or_create(organisation=org, name="Bench office store")[0],
        Place.objects.get_or_create(organisation=org, name="Bench room", collective=coll)[0],
    ]
    items = [
        Item.objects.get_or_create(organisation=org, name=name, defaults={"unit": "kit"})[0]
        for name in ("Bench ration kit", "Bench masks", "Bench sanitiser")
    ]
    member_ids = list(
        Member.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True)[:5000]
    )
    levels = {(i.pk, p.pk): 0 for i in items for p in places}
    today = date.today()
    rows = []
    with transaction.atomic():
        for n in range(have, MOVEMENTS):
            item, place = items[n % 3], places[(n // 3) % 2]
            # four receipts of 10 for every three kits given and a loss now and then
            step = n % 8
            kind = Kind.RECEIVED if step < 4 else (Kind.LOSS if step == 7 else Kind.GIVEN)
            quantity = 10 if kind == Kind.RECEIVED else 1
            levels[(item.pk, place.pk)] += quantity if kind == Kind.RECEIVED else -quantity
            rows.append(
                Movement(
                    organisation=org,
                    item=item,
                    place=place,
                    kind=kind,
                    quantity=quantity,
                    on=today - timedelta(days=(MOVEMENTS - n) // 300),
                    donor_kind="ngo" if kind == Kind.RECEIVED else "",
                    member_id=member_ids[n % len(member_ids)] if kind == Kind.GIVEN else None,
                    reason="damaged" if kind == Kind.LOSS else "",
                    recorded_by=actor,
                )
            )
            if len(rows) == BATCH:
                Movement.objects.bulk_create(rows)
                rows = []
        Movement.objects.bulk_create(rows)
        for (item_id, place_id), q in levels.items():
            level, _ = Level.objects.get_or_create(
                item_id=item_id, place_id=place_id, defaults={"organisation": org}
            )
            Level.objects.filter(pk=level.pk).update(quantity=level.quantity + q)
    print(f"Added {MOVEMENTS - have:,} stock movements")


def _drives_and_devices():
    from saathi.accounts.models import User
    from saathi.livelihoods.models import Device, HealthDrive, HealthStep
    from saathi.people.models import Collective, Membership

    if HealthDrive.objects.filter(name__startswith="Bench").exists():
        return
    actor = User.objects.get(username="facilitator")
    today = date.today()
    for coll in Collective.objects.order_by("pk"):
        drive = HealthDrive.objects.create(
            reference=f"HDR-B-{coll.pk}",
            organisation_id=coll.organisation_id,
            created_by=actor,
            kind="vaccination",
            name=f"Bench vaccination {coll.name}",
            collective=coll,
            goal_step="second_dose",
            target=10_000,
            target_date=today + timedelta(days=60),
        )
        ids = list(
            Membership.objects.filter(collective=coll, left_on__isnull=True)
            .order_by("member_id")
            .values_list("member_id", flat=True)
        )
        steps = [
            HealthStep(
                drive=drive,
                organisation_id=coll.organisation_id,
                member_id=m,
                step=step,
                on=today - timedelta(days=30),
                recorded_by=actor,
            )
            for i, m in enumerate(ids)
            for step in ("first_dose", "second_dose")
            if i % 3 and (step == "first_dose" or i % 2)
        ]
        HealthStep.objects.bulk_create(steps, batch_size=BATCH)
        Device.objects.bulk_create(
            [
                Device(
                    reference=f"DEV-B-{coll.pk}-{i}",
                    organisation_id=coll.organisation_id,
                    created_by=actor,
                    kind="smartphone",
                    given_on=today - timedelta(days=i),
                    member_id=ids[i] if ids else None,
                    collective=coll,
                    plan_renews_on=today + timedelta(days=i % 30),
                )
                for i in range(min(200, len(ids)))
            ]
        )


@pages.page_set("livelihoods", prepare=prepare)
def livelihood_pages(who: pages.BenchUser) -> list[pages.Page]:
    from django.urls import reverse

    from saathi.livelihoods.models import HealthDrive, Support
    from saathi.relief.stock.models import Movement, Place

    base = reverse("livelihoods:support_list")
    supports = Support.objects.visible_to(who.user).order_by("-given_on", "-id")
    count = supports.count()
    deep = max(1, (count // 50) * 3 // 4)
    # the list pages by keyset (core/keyset.py): page `deep` is the one after the support
    # that ends page `deep - 1`, as "Next" from there links to it
    deep_after = supports.values_list("uuid", flat=True)[max(0, (deep - 1) * 50 - 1)]
    stock = Movement.objects.visible_to(who.user).order_by("-on", "-id")
    stock_pages = max(1, stock.count() // 50)
    stock_deep = max(1, stock_pages * 3 // 4)
    stock_after = stock.values_list("uuid", flat=True)[max(0, (stock_deep - 1) * 50 - 1)]
    member = (
        Support.objects.visible_to(who.user).order_by("-given_on", "-id").values("member__uuid")[:1]
    )
    drive = HealthDrive.objects.filter(collective=who.collective).first()
    store = Place.objects.visible_to(who.user).filter(name__startswith="Bench").first()
    out = [
        pages.Page(f"livelihood list ({count:,})", base),
        pages.Page(f"livelihood list, page {deep:,} (keyset)", f"{base}?after={deep_after}"),
        pages.Page("livelihood list, open loans", f"{base}?kind=loan&open=1"),
        pages.Page("livelihood list, fruit stalls", f"{base}?activity=fruit_stall"),
        pages.Page("stock page", reverse("stock:index")),
        pages.Page(
            f"stock page, page {stock_deep:,} (keyset)",
            f"{reverse('stock:index')}?after={stock_after}",
        ),
        pages.Page("devices", reverse("livelihoods:device_list")),
        pages.Page("health drives", reverse("livelihoods:drive_list")),
    ]
    if member:
        out.append(
            pages.Page(
                "a member's livelihoods",
                reverse("livelihoods:member", args=[member[0]["member__uuid"]]),
            )
        )
    if store is not None:
        out.append(pages.Page("a store's stock", reverse("stock:place_detail", args=[store.uuid])))
    if drive is not None:
        url = reverse("livelihoods:drive_detail", args=[drive.uuid])
        out += [
            pages.Page("health drive: progress, not reached", url),
            pages.Page(
                "health drive: mark second doses",
                reverse("livelihoods:drive_mark", args=[drive.uuid]),
            ),
        ]
    return out
