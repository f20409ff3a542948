"""Server time and SQL queries of the legal-aid pages at scale.

    uv run python bench/pages_legal.py [--members 100000] [--matters 300000]
        [--database-url URL] [--runs 30]

Seeds a bench-only database with ``manage.py seed_demo --members N`` (reused when it holds
enough members), adds legal matters with a bulk generator (plain rows, COPY on
PostgreSQL: stages, next dates from 60 days past to 90 days ahead, one compensation
claim in five with awards and payments), and one matter with 100 hearings. Then it times,
as the seeded ``advocate`` (full view) and ``facilitator`` (summary view), the matter
list (page 1, the "awarded, not paid" and "no next date" filters), the matter with 100
hearings and the legal agenda, with the page-timing approach of bench/pages.py.

Also registers the page set "legal" for bench/pages.py (the facilitator's view; a leader
sees no legal matter). Default databases: var/legal_bench.sqlite3; PostgreSQL: as given.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402
from pages import Page, ensure_seeded, measure, page_set, print_pages, setup_django  # noqa: E402

DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'legal_bench.sqlite3'}"
BATCH = 20000
MATTERS = 300_000


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--matters", type=int, default=MATTERS)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    return p.parse_args(argv)


def ensure_matters(target: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from saathi.accounts.models import RoleGrant, User
    from saathi.core.policy import Role
    from saathi.legal.models import (
        OPEN_STATUSES,
        Compensation,
        Hearing,
        LegalMatter,
        MatterClock,
        MatterType,
        Stage,
        Status,
    )
    from saathi.people.management.commands.seed_demo import FastRows, _next_id, _reset_sequences
    from saathi.people.models import Member

    have = LegalMatter.objects.count()
    if have < target:
        started = time.monotonic()
        rng = random.Random(15)
        today = timezone.localdate()
        now = timezone.now()
        actor = User.objects.get(username="advocate").pk
        # a matter in four of the advocate's organisation is hers ("my matters")
        own_orgs = set(
            RoleGrant.objects.filter(
                user_id=actor, role=Role.LEGAL_ADVOCATE, revoked_at__isnull=True
            ).values_list("organisation_id", flat=True)
        )
        members = list(Member.objects.values_list("id", "organisation_id"))
        types = list(MatterType.values)
        stages = [s for s in Stage.values if s]
        statuses = list(Status.values)
        weights = [10, 15, 40, 15, 5, 10, 5]
        matter_id, comp_id = _next_id(LegalMatter), _next_id(Compensation)
        clock_id = _next_id(MatterClock)
        n = target - have
        print(f"Generating {n:,} legal matters…")
        done = 0
        while done < n:
            k = min(BATCH, n - done)
            rows = FastRows(
                LegalMatter,
                ["id", "reference", "organisation_id", "member_id", "matter_type",
                 "member_role", "status", "stage", "next_date", "last_hearing_on",
                 "awaiting_next_date", "award_due_on",
                 "fir_on", "created_at", "created_by_id", "responsible_id"],
                now=now,
            )  # fmt: skip
            comps = FastRows(
                Compensation,
                ["id", "matter_id", "applied_on", "scheme", "authority", "award_amount",
                 "award_on", "award_paid", "documents", "created_by_id"],
                now=now,
            )  # fmt: skip
            clocks = FastRows(
                MatterClock, ["id", "matter_id", "kind", "due_on", "step", "soft", "ref"], now=now
            )
            for _ in range(k):
                mid, org = members[rng.randrange(len(members))]
                status = rng.choices(statuses, weights)[0]
                created = now - timedelta(days=rng.randint(0, 1500), seconds=rng.randint(0, 86400))
                last = nxt = None
                if status in OPEN_STATUSES and rng.random() < 0.8:
                    last = today - timedelta(days=rng.randint(1, 120))
                    if rng.random() < 0.9:
                        nxt = today + timedelta(days=rng.randint(-60, 90))
                due = None
                if rng.random() < 0.2:
                    awarded = rng.random() < 0.5
                    amount = Decimal(rng.choice([50000, 100000, 300000, 400000]))
                    award_on = today - timedelta(days=rng.randint(0, 400)) if awarded else None
                    paid = amount if awarded and rng.random() < 0.5 else Decimal("0")
                    if awarded and paid < amount:
                        due = award_on + timedelta(days=30)
                    comps.add(
                        comp_id, matter_id, created.date(), "bnss_396", "DLSA",
                        amount if awarded else None, award_on, paid, "[]", actor,
                    )  # fmt: skip
                    comp_id += 1
                if status in OPEN_STATUSES:  # the running clocks the services would keep
                    fir = created.date()
                    if rng.random() < 0.5:
                        clocks.add(clock_id, matter_id, "progress", fir + timedelta(days=90),
                                   "progress_letter", False, "")  # fmt: skip
                        clock_id += 1
                    if due is not None:
                        clocks.add(clock_id, matter_id, "award_payment", due, "payment_writ",
                                   False, str(comp_id - 1))  # fmt: skip
                        clock_id += 1
                    if last is not None and (nxt is None or nxt < last):
                        clocks.add(clock_id, matter_id, "next_date", last + timedelta(days=1),
                                   "find_next_date", False, "")  # fmt: skip
                        clock_id += 1
                rows.add(
                    matter_id, f"LGL-B-{matter_id:08d}", org, mid, rng.choice(types), "victim",
                    status, rng.choice(stages), nxt, last,
                    last is not None and (nxt is None or nxt < last), due,
                    created.date(), created, actor,
                    actor if org in own_orgs and rng.random() < 0.25 else None,
                )  # fmt: skip
                matter_id += 1
            with transaction.atomic():
                rows.write()
                comps.write()
                clocks.write()
            done += k
            print(f"  {have + done:,} matters", flush=True)
        _reset_sequences([LegalMatter, Compensation, MatterClock])
        print(f"Generated in {time.monotonic() - started:.1f} s")
    busy = LegalMatter.objects.filter(reference="LGL-B-HEARINGS").first()
    if busy is None:
        from saathi.legal import services

        advocate = User.objects.get(username="advocate")
        member = Member.objects.visible_to(advocate).order_by("id").first()
        busy = services.matter_open(
            member=member,
            data={"matter_type": "criminal_prosecution", "member_role": "victim",
                  "accused": "Bench accused", "fir_on": timezone.localdate() - timedelta(days=2000)},
            actor=advocate,
        )  # fmt: skip
        LegalMatter.objects.filter(pk=busy.pk).update(reference="LGL-B-HEARINGS")
        start = timezone.localdate() - timedelta(days=1500)
        Hearing.objects.bulk_create(
            Hearing(
                matter=busy, on=start + timedelta(days=14 * i), stage="evidence",
                purpose="Evidence", court="Basirhat court complex", court_number="Court 3",
                next_date=start + timedelta(days=14 * (i + 1)), created_by=advocate,
            )
            for i in range(100)
        )  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _pages(user) -> list[Page]:
    from django.urls import reverse

    from saathi.core import policy
    from saathi.legal.models import LegalMatter

    if not policy.has_cap(user, policy.Cap.VIEW_LEGAL):
        return []
    busy = LegalMatter.objects.get(reference="LGL-B-HEARINGS")
    lst = reverse("legal:matter_list")
    out = [
        Page("legal: matter list, page 1", lst),
        Page("legal: matters, no next date", lst + "?flag=no_next_date"),
        Page("legal: my matters", lst + "?mine=1"),
        Page("legal: matter with 100 hearings", reverse("legal:matter_detail", args=[busy.uuid])),
        Page("legal: agenda (14 days)", reverse("legal:agenda")),
        Page("shared agenda (every kind)", reverse("agenda:agenda")),
        Page("legal: API matter list", "/api/legal/matters"),
    ]
    if policy.has_cap(user, policy.Cap.MANAGE_LEGAL):
        out.insert(1, Page("legal: awarded, not paid > 30 days", lst + "?flag=unpaid"))
        out.insert(
            5, Page("legal: status history", reverse("legal:matter_history", args=[busy.uuid]))
        )
        out.insert(
            6,
            Page("legal: complaints, documents", reverse("legal:matter_papers", args=[busy.uuid])),
        )
    return out


@page_set("legal", prepare=lambda args: ensure_matters(MATTERS))
def legal_pages(who) -> list[Page]:
    """Legal matters: the list and its filters, a matter with 100 hearings, the agenda."""
    return _pages(who.user)


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client

    from saathi.accounts.models import User
    from saathi.legal.models import LegalMatter

    ensure_seeded(args.members)
    ensure_matters(args.matters)
    results = []
    for username in ("advocate", "facilitator"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for pg in _pages(user):
            res = measure(client, username, pg.name, pg.url, args.runs, args.warmup)
            results.append(res)
            print(
                f"  {res.who:<12} {res.page:<42} p95 {res.pct(0.95):7.1f} ms  "
                f"{res.queries:3d} queries",
                flush=True,
            )
    print_pages(results, connection.vendor, args.members)
    print(f"({LegalMatter.objects.count():,} legal matters)")


if __name__ == "__main__":
    assert pages  # the shared helpers
    main()
