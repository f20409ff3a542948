"""Recording distributions at scale: the bulk import path with the double-distribution rule.

    uv run python bench/relief.py [--rows 1000000] [--members 20000] [--database-url URL]

Builds a fresh bench database (SQLite ``var/bench-relief.sqlite3`` by default; for
PostgreSQL pass a database of your own, e.g. postgres://postgres@127.0.0.1:5432/saathi_relief,
which is emptied first), seeds members with ``seed_demo``, writes a distribution list of
``--rows`` rows to a CSV file (one ration kit a month per member, and every 100th row a
second kit within the programme's 30-day interval, which the rule must refuse), then
imports it through ``read_distribution_list`` + ``services.distributions_import`` - the
code a background import job runs - and prints rows per second and peak memory
(``resource.getrusage`` maximum resident set size of the process, which seeds in a
child process, so the peak is the import's).
It then records ``--single`` distributions one by one through
``services.distribution_record`` (lock, rule, insert, audit) for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench-relief.sqlite3'}"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--members", type=int, default=20_000)
    p.add_argument("--single", type=int, default=500)
    p.add_argument("--batch", type=int, default=5000)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    return p.parse_args(argv)


def setup(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    elif "/test" in database_url.rsplit("/", 1)[-1] or database_url.endswith("/saathi_bench"):
        sys.exit("Refusing to use CI's or the shared bench database.")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SAATHI_ENV", "demo")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    args = parse_args(argv)
    setup(args.database_url)
    from django.db import connection

    from saathi.accounts.models import User
    from saathi.people.models import Member, Organisation
    from saathi.relief import services
    from saathi.relief.jobs import read_distribution_list
    from saathi.relief.models import Distribution

    t = time.monotonic()
    # in a child process, so that this process's peak memory is the import's alone
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--members", str(args.members)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"seeded {args.members:,} members in {time.monotonic() - t:.1f} s ({connection.vendor})")

    org = Organisation.objects.order_by("pk").first()
    admin = User.objects.get(username="admin")
    facilitator = User.objects.get(username="facilitator")
    months_guess = -(-args.rows // max(1, args.members * 5 // 6))
    start = date.today() - timedelta(days=31 * (months_guess + 2))
    programme = services.programme_save(
        organisation=org,
        data={
            "name": "Bench rations",
            "starts_on": start,
            "interval_days": 30,
            "criteria_one_per_household": True,
        },
        actor=admin,
    )
    services.item_add(
        programme=programme,
        data={"kind": "ration_kit", "name": "Ration kit", "unit_value": "850"},
        actor=admin,
    )
    refs = list(
        Member.objects.filter(organisation=org, archived_at__isnull=True)
        .order_by("pk")
        .values_list("reference", flat=True)
    )
    months = -(-args.rows // len(refs))
    # one row per member and month; every 100th row a second kit 5 days after the first
    path = Path(tempfile.mkstemp(suffix=".csv")[1])
    expected_refused = written = 0
    with path.open("w", encoding="utf-8") as f:
        f.write("member_reference,item,quantity,date,place\n")
        for k in range(months):
            on = start + timedelta(days=31 * k + 1)
            prev = None  # the member of the previous row, in this month
            for ref in refs:
                if written >= args.rows:
                    break
                written += 1
                if written % 100 == 0 and prev is not None:
                    on2 = (on + timedelta(days=5)).strftime("%d/%m/%Y")
                    f.write(f"{prev},Ration kit,1,{on2},Camp\n")
                    expected_refused += 1
                    continue
                f.write(f"{ref},Ration kit,1,{on.strftime('%d/%m/%Y')},Camp\n")
                prev = ref
    size_mb = path.stat().st_size / 1e6
    print(f"distribution list: {written:,} rows, {size_mb:.1f} MB CSV")

    errors = []
    rss_before = maxrss_mb()
    t = time.monotonic()
    data = path.read_bytes()
    result = services.distributions_import(
        programme=programme,
        rows=read_distribution_list(data, lambda line, reason: errors.append((line, reason)))[1],
        actor=facilitator,
        add_error=lambda line, reason: errors.append((line, reason)),
        batch_size=args.batch,
    )
    elapsed = time.monotonic() - t
    rss_after = maxrss_mb()
    path.unlink()
    stored = Distribution.objects.filter(programme=programme).count()
    print(
        f"bulk import: {written:,} rows in {elapsed:.1f} s = {written / elapsed:,.0f} rows/s; "
        f"recorded {result.imported:,}, refused {result.refused:,} "
        f"(expected {expected_refused:,} repeats refused)"
    )
    print(
        f"peak memory: max RSS {rss_after:.0f} MB (was {rss_before:.0f} MB before the import, "
        f"+{rss_after - rss_before:.0f} MB)"
    )
    ok = result.refused == expected_refused and stored == written - expected_refused
    # one by one: lock, rule, insert, audit row
    members = list(Member.objects.filter(organisation=org).order_by("-pk")[: args.single])
    item = programme.items.get()
    today = date.today()
    t = time.monotonic()
    for m in members:
        services.distribution_record(
            data=services.DistributionInput(
                programme=programme,
                item=item,
                member=m,
                distributed_on=today,
                mode="in_kind",
                handed_over_by="bench",
                ack_method="paper",
            ),
            actor=facilitator,
        )
    single = time.monotonic() - t
    if members:
        print(
            f"one by one: {len(members):,} distributions in {single:.1f} s = "
            f"{len(members) / single:,.0f}/s ({single * 1000 / len(members):.1f} ms each)"
        )
    if not ok:
        print("first refusals:", errors[:3], "…", errors[-3:])
    print("rule check:", "OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
