"""Server time and SQL queries of the wellbeing pages at scale.

    uv run python bench/pages_wellbeing.py [--members 100000] [--records 1000000]
        [--database-url URL] [--runs 30]

Seeds a bench-only database with ``manage.py seed_demo --members N`` (reused when it holds
enough members), adds wellbeing records with a bulk generator (plain rows, COPY on
PostgreSQL; the figures' counts then rebuilt from them): counselling sessions, screenings (PHQ-9, GAD-7, PSS-10 with their bands),
referrals at every status, and incidents over five years, 1,000,000 in all; and one member
with 200 sessions and 50 screenings. Then it times, as the seeded ``socialworker``,
``facilitator`` and ``leader``, that member's wellbeing page and the figures pages, with
the page-timing approach of bench/pages.py.

Also registers the page set "wellbeing" for bench/pages.py. Default database:
var/wellbeing_bench.sqlite3; PostgreSQL: as given.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402
from pages import Page, ensure_seeded, measure, page_set, print_pages, setup_django  # noqa: E402

DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'wellbeing_bench.sqlite3'}"
BATCH = 20000
RECORDS = 1_000_000
BUSY = "CNS-B-BUSY"  # the reference of the busy member's first session


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--records", type=int, default=RECORDS)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    return p.parse_args(argv)


def _total():
    from saathi.wellbeing.models import CounsellingSession, Incident, Referral, Screening

    return sum(m.objects.count() for m in (CounsellingSession, Screening, Referral, Incident))


def ensure_records(target: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from saathi.accounts.models import User
    from saathi.core.bulk import FastRows
    from saathi.people.management.commands.seed_demo import _next_id, _reset_sequences
    from saathi.people.models import Member
    from saathi.wellbeing.instruments import SPECS, band_of
    from saathi.wellbeing.models import (
        Concern,
        CounsellingSession,
        Incident,
        IncidentKind,
        Perpetrator,
        Place,
        Referral,
        ReferralStatus,
        Screening,
        Service,
    )

    have = _total()
    sw = User.objects.get(username="socialworker").pk
    now = timezone.now()
    today = timezone.localdate()
    if have < target:
        started = time.monotonic()
        rng = random.Random(16)
        members = list(
            Member.objects.values_list("id", "organisation_id", "primary_collective_id", "district")
        )
        concerns = list(Concern.values)
        instruments = list(SPECS)
        n = target - have
        print(f"Generating {n:,} wellbeing records…")
        ids = {m: _next_id(m) for m in (CounsellingSession, Screening, Referral, Incident)}
        done = 0
        while done < n:
            k = min(BATCH, n - done)
            sessions = FastRows(
                CounsellingSession,
                ["id", "reference", "organisation_id", "member_id", "kind", "mode",
                 "counsellor_id", "held_on", "duration_minutes", "concerns",
                 "next_session_on", "created_at", "created_by_id"],
                now=now,
            )  # fmt: skip
            screenings = FastRows(
                Screening,
                ["id", "reference", "organisation_id", "member_id", "instrument", "taken_on",
                 "total", "band", "self_harm", "risk", "created_at", "created_by_id"],
                now=now,
            )  # fmt: skip
            referrals = FastRows(
                Referral,
                ["id", "reference", "organisation_id", "member_id", "service", "provider",
                 "status", "created_at", "created_by_id"],
                now=now,
            )  # fmt: skip
            incidents = FastRows(
                Incident,
                ["id", "reference", "organisation_id", "member_id", "collective_id",
                 "district", "kind", "occurred_on", "place", "perpetrator", "support",
                 "created_at", "created_by_id"],
                now=now,
            )  # fmt: skip
            for _ in range(k):
                mid, org, coll, dist = members[rng.randrange(len(members))]
                day = today - timedelta(days=rng.randint(0, 1800))
                created = now - timedelta(days=(today - day).days)
                r = rng.random()
                if r < 0.4:
                    i = ids[CounsellingSession]
                    sessions.add(
                        i, f"CNS-B-{i:08d}", org, mid, "individual", "in_person", sw, day,
                        45, f'["{rng.choice(concerns)}"]',
                        day + timedelta(days=14) if rng.random() < 0.2 else None, created, sw,
                    )  # fmt: skip
                    ids[CounsellingSession] += 1
                elif r < 0.7:
                    i = ids[Screening]
                    code = rng.choice(instruments)
                    total = rng.randint(0, SPECS[code].max_total)
                    band = band_of(code, total)
                    screenings.add(
                        i, f"SCR-B-{i:08d}", org, mid, code, day, total, band, False,
                        band == "severe", created, sw,
                    )  # fmt: skip
                    ids[Screening] += 1
                elif r < 0.8:
                    i = ids[Referral]
                    referrals.add(
                        i, f"REF-B-{i:08d}", org, mid, rng.choice(Service.values), "Bench",
                        rng.choice(ReferralStatus.values), created, sw,
                    )  # fmt: skip
                    ids[Referral] += 1
                else:
                    i = ids[Incident]
                    incidents.add(
                        i, f"INC-B-{i:08d}", org, mid, coll, dist,
                        rng.choice(IncidentKind.values), day, rng.choice(Place.values),
                        rng.choice(Perpetrator.values), '["counselling"]', created, sw,
                    )  # fmt: skip
                    ids[Incident] += 1
            with transaction.atomic():
                for rows in (sessions, screenings, referrals, incidents):
                    rows.write()
            done += k
            print(f"  {have + done:,} records", flush=True)
        _reset_sequences([CounsellingSession, Screening, Referral, Incident])
        print(f"Generated in {time.monotonic() - started:.1f} s")
    if not CounsellingSession.objects.filter(reference=BUSY).exists():
        busy = _busy_member()
        rows = FastRows(
            CounsellingSession,
            ["reference", "organisation_id", "member_id", "kind", "mode", "counsellor_id",
             "held_on", "duration_minutes", "concerns", "created_by_id"],
            now=now,
        )  # fmt: skip
        for i in range(200):
            ref = BUSY if i == 0 else f"CNS-B-BUSY-{i:03d}"
            rows.add(
                ref, busy.organisation_id, busy.pk, "individual", "phone", sw,
                today - timedelta(days=2 * i), 45, '["stress", "stigma"]', sw,
            )  # fmt: skip
        scr = FastRows(
            Screening,
            ["reference", "organisation_id", "member_id", "instrument", "taken_on", "total",
             "band", "created_by_id"],
            now=now,
        )  # fmt: skip
        for i in range(50):
            code = ("phq9", "gad7", "pss10")[i % 3]
            total = (i * 7) % (SPECS[code].max_total + 1)
            scr.add(
                f"SCR-B-BUSY-{i:03d}", busy.organisation_id, busy.pk, code,
                today - timedelta(days=7 * i), total, band_of(code, total), sw,
            )  # fmt: skip
        with transaction.atomic():
            rows.write()
            scr.write()
    from saathi.wellbeing.counts import rebuild_counts
    from saathi.wellbeing.models import FigureCount

    if have < target or not FigureCount.objects.exists():
        started = time.monotonic()
        print(f"Figures: {rebuild_counts():,} count rows in {time.monotonic() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _busy_member():
    """A member of the leader's collective (so that every bench user reaches her)."""
    from saathi.accounts.models import User
    from saathi.core.policy import Cap
    from saathi.people.models import Member

    leader = User.objects.get(username="leader")
    return Member.objects.visible_to(leader, Cap.VIEW_INCIDENTS).order_by("id").first()


def _pages(user) -> list[Page]:
    from django.urls import reverse

    from saathi.core import policy
    from saathi.wellbeing.models import CounsellingSession

    out = []
    busy = CounsellingSession.objects.get(reference=BUSY).member
    if policy.has_cap(user, policy.Cap.VIEW_WELLBEING) or policy.has_cap(
        user, policy.Cap.VIEW_INCIDENTS
    ):
        out.append(
            Page(
                "wellbeing: member, 200 sessions, 50 screenings",
                reverse("wellbeing:member", args=[busy.uuid]),
            )
        )
    if policy.has_cap(user, policy.Cap.VIEW_AGGREGATES):
        fig = reverse("wellbeing:figures")
        out += [
            Page("wellbeing: figures, incidents by kind × collective", fig),
            Page(
                "wellbeing: figures, perpetrator × district",
                fig + "?measure=incident_perpetrator&by=district",
            ),
            Page(
                "wellbeing: figures, PHQ-9 bands × month", fig + "?measure=screening_phq9&by=month"
            ),
            Page("wellbeing: figures, referrals × collective", fig + "?measure=referral_outcome"),
        ]
    return out


@page_set("wellbeing", prepare=lambda args: ensure_records(RECORDS))
def wellbeing_pages(who) -> list[Page]:
    """A member's wellbeing page (200 sessions, 50 screenings) and the figures pages."""
    return _pages(who.user)


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client

    from saathi.accounts.models import User

    ensure_seeded(args.members)
    ensure_records(args.records)
    results = []
    for username in ("socialworker", "facilitator", "leader"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for pg in _pages(user):
            res = measure(client, username, pg.name, pg.url, args.runs, args.warmup)
            results.append(res)
            print(
                f"  {res.who:<12} {res.page:<52} p95 {res.pct(0.95):7.1f} ms  "
                f"{res.queries:3d} queries",
                flush=True,
            )
    print_pages(results, connection.vendor, args.members)
    print(f"({_total():,} wellbeing records)")


if __name__ == "__main__":
    assert pages  # the shared helpers
    main()
