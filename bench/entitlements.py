"""Server time and SQL queries of the secretarial-service pages at scale.

    uv run python bench/entitlements.py [--members 100000] [--applications 500000]
        [--database-url URL] [--runs 30]

Seeds a bench-only database with ``manage.py seed_demo --members N`` (reused when it holds
enough members), then adds applications with a fast bulk generator (plain rows, COPY on
PostgreSQL; one timeline row per application), and times the agenda, the application list
(first page, a deep page, a status filter, the "waiting" filter), a drive and an
application's page as a facilitator (organisation grant) and a collective leader
(collective grant), with the page-timing approach of bench/pages.py.
Default databases: var/ent_bench.sqlite3; PostgreSQL: saathi_ent_bench.
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

from pages import ensure_seeded, measure, print_pages, setup_django  # noqa: E402

DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'ent_bench.sqlite3'}"
BATCH = 20000


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--applications", type=int, default=500_000)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    return p.parse_args(argv)


def ensure_applications(target: int) -> None:
    """Bulk applications for the members: statuses, dates and follow-ups spread as in a
    busy office (about 60 % still open, follow-ups from 60 days late to 90 days ahead)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from saathi.accounts.models import User
    from saathi.entitlements.models import OPEN_STATUSES, Application, Scheme, Status, Transition
    from saathi.people.management.commands.seed_demo import FastRows, _next_id, _reset_sequences
    from saathi.people.models import Member

    have = Application.objects.count()
    if have >= target:
        print(f"Reusing {have:,} applications")
        return
    started = time.monotonic()
    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    actor = User.objects.get(username="facilitator").pk
    schemes = {
        state: [
            s for s in Scheme.objects.current().filter(organisation=None) if s.applies_in(state)
        ]
        for state in ("WB", "AP")
    }
    members = list(Member.objects.values_list("id", "organisation_id", "state"))
    statuses = list(Status.values)
    weights = [3, 4, 12, 10, 8, 6, 25, 3, 8, 3, 3, 15]
    app_id = _next_id(Application)
    n = target - have
    print(f"Generating {n:,} applications…")
    done = 0
    while done < n:
        k = min(BATCH, n - done)
        apps = FastRows(
            Application,
            ["id", "reference", "organisation_id", "member_id", "scheme_id", "status",
             "submitted_on", "office", "authority_reference", "deadline", "next_follow_up",
             "due_on", "created_at", "created_by_id"],
            now=now,
        )  # fmt: skip
        steps = FastRows(
            Transition, ["application_id", "from_status", "to_status", "on", "actor_id"], now=now
        )
        for _ in range(k):
            mid, org, state = members[rng.randrange(len(members))]
            scheme = rng.choice(schemes.get(state) or schemes["WB"])
            status = rng.choices(statuses, weights)[0]
            created = now - timedelta(days=rng.randint(0, 720), seconds=rng.randint(0, 86400))
            submitted = (
                None
                if status in ("draft", "documents_pending")
                else (created.date() + timedelta(days=rng.randint(0, 10)))
            )
            follow = deadline = due = None
            if status in OPEN_STATUSES:
                follow = today + timedelta(days=rng.randint(-60, 90))
                if rng.random() < 0.3:
                    deadline = today + timedelta(days=rng.randint(-10, 120))
                due = min(d for d in (follow, deadline) if d)
            apps.add(
                app_id, f"APP-B-{app_id:08d}", org, mid, scheme.pk, status, submitted,
                "Block office", f"R{app_id}" if submitted else "", deadline, follow, due,
                created, actor,
            )  # fmt: skip
            steps.add(app_id, "", status, created.date(), actor)
            app_id += 1
        with transaction.atomic():
            apps.write()
            steps.write()
        done += k
        print(f"  {have + done:,} applications", flush=True)
    _reset_sequences([Application])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Generated in {time.monotonic() - started:.1f} s")


def run(args):
    from django.test import Client
    from django.urls import reverse

    from saathi.accounts.models import User
    from saathi.entitlements.models import Application, Drive

    results = []
    facilitator = User.objects.get(username="facilitator")
    leader = User.objects.get(username="leader")
    drive = Drive.objects.order_by("pk").first()
    for user in (facilitator, leader):
        client = Client()
        client.force_login(user)
        app = Application.objects.visible_to(user).order_by("-id").first()
        lst = reverse("entitlements:application_list")
        pages = [
            ("agenda (14 days, overdue first)", reverse("agenda:agenda")),
            ("application list, page 1", lst),
            ("application list, page 20 (the last)", lst + "?page=20"),
            ("application list, status submitted", lst + "?status=submitted"),
            ("application list, waiting > 30 days", lst + "?stalled=1"),
            ("application", reverse("entitlements:application_detail", args=[app.uuid])),
            ("drive", reverse("entitlements:drive_detail", args=[drive.uuid])),
            ("calendar feed page", reverse("agenda:calendar_link")),
        ]
        for name, url in pages:
            res = measure(client, user.username, name, url, args.runs, args.warmup)
            results.append(res)
            print(
                f"  {res.who:<12} {res.page:<42} p95 {res.pct(0.95):7.1f} ms  "
                f"{res.queries:3d} queries",
                flush=True,
            )
    return results


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection

    ensure_seeded(args.members)
    ensure_applications(args.applications)
    results = run(args)
    print_pages(results, connection.vendor, args.members)
    from saathi.entitlements.models import Application

    print(f"({Application.objects.count():,} applications)")


if __name__ == "__main__":
    main()
