"""OpenRosa submissions as ODK Collect sends them: throughput, latency and memory.

    uv run python bench/odk_submissions.py [--submissions 10000] [--roster 1000] [--database-url URL]

Creates a bench-only database with one organisation, collective and facilitator, uploads
the household roster form (saathi/relief/surveys/demo.py: a constraint, a photo, a repeat,
a calculation), makes a device credential, then POSTs through the whole HTTP stack
(django.test.Client: multipart parsing, Basic authentication, the submission service):

1. ``--submissions`` submissions with one photo each (a 160x120 PNG of noise, about 58 KB, checked by content and
   stored encrypted), then 500 of them again (must answer 202 and add nothing);
2. ``--roster`` submissions with a 20-row repeat (the household's people), then the figures
   (``tally_rebuild`` and the aggregates page's selector).

Prints submissions per second, p50/p95 latency, the process's peak RSS (ru_maxrss) and
the peak of Python allocations (tracemalloc) during phase 2. See bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench_odk.sqlite3'}"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--submissions", type=int, default=10_000)
    p.add_argument("--roster", type=int, default=1_000)
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
        help=f"bench database (default {DEFAULT_DB}); never 'test' or 'saathi_bench'",
    )
    return p.parse_args(argv)


def setup_django(database_url: str) -> None:
    name = urlsplit(database_url).path.rsplit("/", 1)[-1]
    if not database_url.startswith("sqlite") and name in ("test", "saathi_bench"):
        sys.exit(f"bench/odk_submissions.py: refusing the database named {name!r}.")
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


def prepare():
    from saathi.accounts.models import RoleGrant, User
    from saathi.core.policy import Role
    from saathi.people.models import Collective, Organisation
    from saathi.relief.surveys import services
    from saathi.relief.surveys.demo import household_roster_xlsx
    from saathi.relief.surveys.models import Attachment, HeldSubmission, Response, Survey

    org, _ = Organisation.objects.get_or_create(name="Bench ODK", defaults={"states": ["WB"]})
    coll, _ = Collective.objects.get_or_create(
        organisation=org,
        name="Bench ODK collective",
        defaults={"state": "WB", "districts": ["Nadia"]},
    )
    user = User.objects.filter(username="bench_odk").first()
    if user is None:
        user = User.objects.create_user(username="bench_odk", password=None, organisation=org)
        RoleGrant.objects.create(user=user, role=Role.FACILITATOR, organisation=org)
    survey = Survey.objects.filter(organisation=org, form_id="household_roster").first()
    if survey is None:
        version = services.survey_upload(
            organisation=org, data=household_roster_xlsx(), file_name="r.xlsx", actor=user
        )
    else:
        version = survey.latest_version()
    Attachment.objects.filter(response__survey=version.survey).delete()
    Response.objects.filter(survey=version.survey).update(previous=None)
    Response.objects.filter(survey=version.survey).delete()
    HeldSubmission.objects.filter(survey=version.survey).delete()
    cred, secret = services.device_credential_create(actor=user, collective=coll, label="bench")
    token = base64.b64encode(f"{cred.username}:{secret}".encode()).decode()
    return version, {"HTTP_AUTHORIZATION": f"Basic {token}"}


def photo_png() -> bytes:
    import io
    import random

    from PIL import Image

    rng = random.Random(19)
    img = Image.frombytes(
        "RGB", (160, 120), bytes(rng.getrandbits(8) for _ in range(160 * 120 * 3))
    )
    buf = io.BytesIO()
    img.save(buf, "PNG")  # noise: about 58 KB, like a phone's downscaled photo
    return buf.getvalue()


def post_all(client, headers, bodies) -> tuple[list[float], dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    times, statuses = [], {}
    for xml, photo in bodies:
        data = {"xml_submission_file": SimpleUploadedFile("s.xml", xml, content_type="text/xml")}
        if photo:
            data["ack.png"] = SimpleUploadedFile("ack.png", photo, content_type="image/png")
        t0 = time.perf_counter()
        r = client.post("/surveys/openrosa/submission", data, **headers)
        times.append(time.perf_counter() - t0)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    return times, statuses


def report(label, times, statuses):
    total = sum(times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    print(
        f"{label}: {len(times):,} in {total:.1f} s = {len(times) / total:,.0f}/s; "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; statuses {statuses}"
    )


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.conf import settings
    from django.test import Client

    from saathi.relief.surveys import selectors
    from saathi.relief.surveys.models import Attachment, Response
    from saathi.relief.surveys.openrosa import submission_xml
    from saathi.relief.surveys.tallies import tally_rebuild

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    version, headers = prepare()
    client = Client()
    photo = photo_png()
    print(f"database {args.database_url.split('://')[0]}, photo {len(photo):,} bytes")

    bodies = (
        (
            submission_xml(
                version, {"hh_size": 1 + i % 9, "photo": "ack.png"}, instance_id=f"uuid:p{i}"
            ),
            photo,
        )
        for i in range(args.submissions)
    )
    times, statuses = post_all(client, headers, bodies)
    report("1. submissions with one photo", times, statuses)
    again = (
        (
            submission_xml(
                version, {"hh_size": 1 + i % 9, "photo": "ack.png"}, instance_id=f"uuid:p{i}"
            ),
            photo,
        )
        for i in range(min(500, args.submissions))
    )
    times, statuses = post_all(client, headers, again)
    report("   the same sent again", times, statuses)
    print(
        f"   stored: {Response.objects.filter(survey=version.survey).count():,} responses, "
        f"{Attachment.objects.filter(response__survey=version.survey).count():,} photos"
    )
    print(f"   peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    rows = [{"pname": f"Person {k}", "age": 5 + k * 3} for k in range(20)]
    tracemalloc.start()
    roster = (
        (submission_xml(version, {"hh_size": 20}, instance_id=f"uuid:r{i}", rows=rows), None)
        for i in range(args.roster)
    )
    times, statuses = post_all(client, headers, roster)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report("2. submissions with a 20-row repeat", times, statuses)
    print(f"   peak Python allocations during phase 2 {peak / 1024 / 1024:.1f} MB")
    t0 = time.perf_counter()
    tally_rebuild(version.survey)
    t1 = time.perf_counter()
    from saathi.accounts.models import User

    agg = selectors.aggregates(
        User.objects.get(username="bench_odk"), version.survey, by="collective"
    )
    t2 = time.perf_counter()
    n = Response.objects.filter(survey=version.survey).count()
    print(
        f"   figures: tally_rebuild of {n:,} responses {t1 - t0:.2f} s; aggregates {(t2 - t1) * 1000:.0f} ms"
        f" ({len(agg['questions']) if isinstance(agg, dict) else '-'} questions)"
    )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
