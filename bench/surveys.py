"""Importing a large Kobo export into a needs assessment: rows per second and peak memory.

    uv run python bench/surveys.py [--rows 100000] [--format csv|xlsx] [--database-url URL]

Creates a bench-only database with one organisation, collective and facilitator, uploads
the demo needs assessment (saathi/relief/surveys/demo.py), writes a realistic Kobo export
of ``--rows`` households (``;`` CSV or XLSX; group paths ``household/hh_size``,
``income/income_lost``; ``needs`` as a space-separated column AND split into
``needs/rations`` 0/1 columns; ``start``/``end``, ``meta/instanceID``, ``_id``, ``_uuid``,
``_submission_time``, ``_index``; 1 row in 100 broken in one of four ways), then runs the
import the background job runs (``services.responses_import``) twice: into an empty survey,
and again with the same file (every row a duplicate). Prints rows per second and peak
memory: the process's peak RSS (ru_maxrss) and, in a third run with tracemalloc on, the
peak of Python allocations during the import. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench_surveys.sqlite3'}"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
        help=f"bench database (default {DEFAULT_DB}); never 'test' or 'saathi_bench'",
    )
    p.add_argument("--no-tracemalloc", action="store_true", help="skip the tracemalloc run")
    return p.parse_args(argv)


def setup_django(database_url: str) -> None:
    name = urlsplit(database_url).path.rsplit("/", 1)[-1]
    if not database_url.startswith("sqlite") and name in ("test", "saathi_bench"):
        sys.exit(f"bench/surveys.py: refusing the database named {name!r}.")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SAATHI_ENV", "demo")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    if database_url.startswith("postgres"):
        sys.path.insert(0, str(ROOT / "bench"))
        from pages import ensure_pg_database

        ensure_pg_database(database_url)
    elif database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


NEEDS = ["rations", "rent", "medicines", "nutrition", "school_fees"]
HEADER = [
    "start",
    "end",
    "household/hh_size",
    "household/children",
    "income/income_lost",
    "income/income_before",
    "income/income_now",
    "needs",
    *[f"needs/{n}" for n in NEEDS],
    "rent_arrears",
    "rent_months",
    "hiv_nutrition",
    "hiv_nutrition_people",
    "ration_card",
    "visit_date",
    "remarks",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_index",
]


def export_rows(n: int, seed: int = 7):
    from saathi.relief.surveys.demo import random_answers

    rng = random.Random(seed)
    start = datetime(2020, 4, 1, 9, 0)
    for i in range(1, n + 1):
        when = start + timedelta(minutes=7 * i)
        a = random_answers(rng, when.date())
        needs = a["needs"]
        row = {
            "start": when.isoformat(),
            "end": (when + timedelta(minutes=12)).isoformat(),
            "household/hh_size": a["hh_size"],
            "household/children": a["children"],
            "income/income_lost": a["income_lost"],
            "income/income_before": a.get("income_before", ""),
            "income/income_now": a.get("income_now", ""),
            "needs": " ".join(needs),
            **{f"needs/{c}": int(c in needs) for c in NEEDS},
            "rent_arrears": a.get("rent_arrears", ""),
            "rent_months": a.get("rent_months", ""),
            "hiv_nutrition": a.get("hiv_nutrition", ""),
            "hiv_nutrition_people": a.get("hiv_nutrition_people", ""),
            "ration_card": a["ration_card"],
            "visit_date": a["visit_date"],
            "remarks": "needs follow-up" if rng.random() < 0.1 else "",
            "_id": 100000 + i,
            "_submission_time": (when + timedelta(hours=3)).isoformat(),
            "_validation_status": "",
            "_index": i,
        }
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        row["meta/instanceID"] = f"uuid:{uid}"
        row["_uuid"] = uid
        if i % 100 == 0:  # one row in a hundred is broken, in one of four ways
            kind = (i // 100) % 4
            if kind == 0:
                row["household/hh_size"] = "four"  # type mismatch
            elif kind == 1:
                row["household/hh_size"] = 45  # constraint
            elif kind == 2:
                row["needs"] = "rations gold"  # unknown choice
            else:
                row["ration_card"] = ""  # missing required
        yield [row[h] for h in HEADER]


def make_export(n: int, fmt: str) -> bytes:
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Household needs assessment")
        ws.append(HEADER)
        for r in export_rows(n):
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(export_rows(n))
    return buf.getvalue().encode()


def fixtures():
    from saathi.accounts.models import RoleGrant, User
    from saathi.core.policy import Role
    from saathi.people.models import Collective, Organisation
    from saathi.relief.surveys.demo import needs_assessment_xlsx
    from saathi.relief.surveys.models import Response, Survey
    from saathi.relief.surveys.services import survey_upload

    org, _ = Organisation.objects.get_or_create(name="Bench surveys", defaults={"states": ["WB"]})
    coll, _ = Collective.objects.get_or_create(
        organisation=org, name="Bench collective", defaults={"state": "WB", "districts": ["Nadia"]}
    )
    user = User.objects.filter(username="bench_surveys").first()
    if user is None:
        user = User.objects.create_user(username="bench_surveys", password=None, organisation=org)
        RoleGrant.objects.create(user=user, role=Role.FACILITATOR, organisation=org)
    survey = Survey.objects.filter(organisation=org).first()
    if survey is None:
        version = survey_upload(
            organisation=org, data=needs_assessment_xlsx(), file_name="n.xlsx", actor=user
        )
    else:
        version = survey.latest_version()
    Response.objects.filter(survey=version.survey).delete()
    return version, coll, user


def run_import(version, coll, user, data, fmt):
    from saathi.relief.surveys import services

    errors = []
    t0 = time.perf_counter()
    result = services.responses_import(
        version=version,
        data=data,
        file_name=f"export.{fmt}",
        meta=services.ResponseMeta(collective=coll, district="Nadia"),
        actor=user,
        add_error=lambda line, reason: errors.append(line),
    )
    return result, time.perf_counter() - t0, errors


def page_times(version, user, runs: int = 20) -> None:
    """Server time and SQL statements of the survey pages with the imported responses."""
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from saathi.relief.surveys.models import Response

    client = Client()
    client.force_login(user)
    s = version.survey.uuid
    one = Response.objects.filter(survey=version.survey).order_by("-pk").first()
    pages = {
        "survey list": reverse("surveys:survey_list"),
        "figures": reverse("surveys:survey_figures", args=[s]),
        "figures by district": reverse("surveys:survey_figures", args=[s]) + "?by=district",
        "responses (page 1)": reverse("surveys:response_list", args=[s]),
        "responses (page 1000)": reverse("surveys:response_list", args=[s]) + "?page=1000",
        "one response": reverse("surveys:response_detail", args=[one.uuid]),
        "phone form": reverse("surveys:response_new", args=[s]),
    }
    print(f"{'page':24} {'p50 ms':>7} {'p95 ms':>7} {'queries':>8}")
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        queries = len([q for q in ctx.captured_queries if "core_audit" not in q["sql"]])
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            close_old_connections()
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name:24} {times[len(times) // 2]:7.0f} {p95:7.0f} {queries:8d}")


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection

    from saathi.relief.surveys.models import Response

    version, coll, user = fixtures()
    t0 = time.perf_counter()
    data = make_export(args.rows, args.format)
    print(
        f"export: {args.rows:,} rows, {args.format}, {len(data) / 1e6:.1f} MB, "
        f"written in {time.perf_counter() - t0:.1f} s"
    )
    print(f"database: {connection.vendor} ({args.database_url.split('@')[-1]})")
    rss_before = maxrss_mb()
    result, secs, errors = run_import(version, coll, user, data, args.format)
    print(
        f"import:    {result.rows:,} rows in {secs:.1f} s = {result.rows / secs:,.0f} rows/s; "
        f"imported {result.imported:,}, refused {result.refused:,} (lines {errors[:3]}…), "
        f"duplicates {result.duplicates:,}"
    )
    print(f"peak RSS of the process: {maxrss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
    assert Response.objects.filter(survey=version.survey).count() == result.imported
    from saathi.relief.surveys.selectors import aggregates

    times = []
    for _ in range(3):
        t1 = time.perf_counter()
        aggregates(user, version.survey, by="collective")
        times.append(time.perf_counter() - t1)
    print(
        f"figures page data (aggregates over {result.imported:,} responses): "
        f"best of 3 {min(times) * 1000:.0f} ms"
    )
    if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE surveys_response")
            cur.execute("VACUUM ANALYZE surveys_tally")
    page_times(version, user)
    result2, secs2, _ = run_import(version, coll, user, data, args.format)
    print(
        f"re-import: {result2.rows:,} rows in {secs2:.1f} s = {result2.rows / secs2:,.0f} rows/s; "
        f"imported {result2.imported:,}, duplicates {result2.duplicates:,}"
    )
    if not args.no_tracemalloc:
        Response.objects.filter(survey=version.survey).delete()
        tracemalloc.start()
        result3, secs3, _ = run_import(version, coll, user, data, args.format)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"tracemalloc run: peak Python allocations during the import {peak / 1e6:.0f} MB "
            f"(the file itself: {len(data) / 1e6:.1f} MB; {secs3:.1f} s with tracing on)"
        )


if __name__ == "__main__":
    main()
