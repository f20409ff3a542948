"""OpenRosa submissions as ODK Collect sends them: throughput, latency and memory.

    uv run python bench/odk_submissions.py [--submissions 10000] [--roster 1000] [--database-url URL]

Creates a bench-only database with one organisation, collective and facilitator, uploads
the household roster form (saathi/relief/surveys/demo.py: a constraint, a photo, a repeat,
a calculation), makes a device credential, then POSTs through the whole HTTP stack
(django.test.Client: multipart parsing, Basic authentication, the submission service):

1. ``--submissions`` submissions with one photo each (a 160x120 PNG of noise, about 58 KB, checked by content and
   stored encrypted), then 500 of them again (must answer 202 and add nothing);
2. ``--roster`` submissions with a 20-row repeat (the household's people), then the figures
   (``tally_rebuild`` and the aggregates page's selector);
3. the platform's own forms (ADR 0040), through the relief and collectives services:
   ``--platform`` distributions with a thumbprint photo to 50 members (each applied by
   ``distribution_record``: its rule, its row lock, the photo stored encrypted), 100 more
   that break the double-distribution rule (kept for review), and ``--platform // 5``
   attendances of a new session with the 50 members present.

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
    p.add_argument("--platform", type=int, default=1_000)
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


def prepare_platform(members: int = 50):
    """A relief programme, 50 registered members of the bench collective, and a phone."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from saathi.accounts.models import RoleGrant, User
    from saathi.core.policy import Role
    from saathi.core.testing import World, register
    from saathi.people.models import Collective, Member, Organisation
    from saathi.relief import services as relief
    from saathi.relief.models import Programme
    from saathi.relief.surveys import platform, services

    org = Organisation.objects.get(name="Bench ODK")
    coll = Collective.objects.get(organisation=org, name="Bench ODK collective")
    fac = User.objects.get(username="bench_odk")
    sw = User.objects.filter(username="bench_odk_sw").first()
    if sw is None:
        sw = User.objects.create_user(username="bench_odk_sw", password=None, organisation=org)
        RoleGrant.objects.create(user=sw, role=Role.SOCIAL_WORKER, organisation=org)
    world = World(
        orgs={"x": org},
        collectives={"x1": coll},
        users={("x", Role.SOCIAL_WORKER): sw, ("x", Role.ORG_ADMIN): fac},
    )
    have = Member.objects.filter(organisation=org).count()
    for i in range(have, members):
        register(world, "x", "x1", f"Bench Member {i}")
    programme = Programme.objects.filter(organisation=org, name="Bench relief").first()
    if programme is None:
        programme = relief.programme_save(
            organisation=org,
            data={
                "name": "Bench relief",
                "funder": "",
                "collective": None,
                "campaign": None,
                "starts_on": timezone.localdate() - timedelta(days=365),
                "ends_on": None,
                "budget": Decimal("1000000"),
                "target_households": 100,
                "interval_days": 1,
                "eligibility_notes": "",
                "criteria_collective": None,
                "criteria_district": "",
                "criteria_missing_document": "",
                "criteria_min_age": None,
                "criteria_max_age": None,
                "criteria_one_per_household": True,
            },
            actor=fac,
        )
        relief.item_add(
            programme=programme,
            data={
                "kind": "ration_kit",
                "name": "Ration kit",
                "unit": "kit",
                "unit_value": "850",
                "planned_quantity": 10000,
            },
            actor=fac,
        )
    forms = platform.ensure_platform_surveys(org, fac)
    cred, secret = services.device_credential_create(actor=fac, collective=coll, label="bench")
    token = base64.b64encode(f"{cred.username}:{secret}".encode()).decode()
    members = list(Member.objects.filter(organisation=org).order_by("pk")[:50])
    return forms, programme.items.get(), members, {"HTTP_AUTHORIZATION": f"Basic {token}"}


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
    if args.platform:
        platform_phase(client, args.platform, photo)


def platform_phase(client, n: int, photo: bytes):
    from datetime import timedelta

    from django.utils import timezone

    from saathi.collectives.models import Attendance, GroupSession
    from saathi.relief.models import Distribution
    from saathi.relief.surveys.models import HeldSubmission
    from saathi.relief.surveys.openrosa import submission_xml

    t0 = time.perf_counter()
    forms, item, members, headers = prepare_platform()
    print(f"3. platform forms: {len(members)} members ready in {time.perf_counter() - t0:.1f} s")
    from saathi.relief.surveys.models import Attachment

    Distribution.objects.filter(item=item).delete()
    Attachment.objects.filter(held__survey__in=forms.values()).delete()
    HeldSubmission.objects.filter(survey__in=forms.values()).delete()
    dist = forms["distribution"].latest_version()
    today = timezone.localdate()
    run = time.time_ns()

    def body(i, day, tag):
        values = {
            "item": item.uuid.hex,
            "member": members[i % len(members)].uuid.hex,
            "distributed_on": (today - timedelta(days=day)).isoformat(),
            "mode": "in_kind",
            "ack_method": "thumbprint",
            "ack_photo": "ack.png",
            "handed_over_by": "Bench",
        }
        return submission_xml(dist, values, instance_id=f"uuid:{tag}{run}-{i}"), photo

    times, statuses = post_all(client, headers, (body(i, i // len(members), "d") for i in range(n)))
    report("   distributions with a photo", times, statuses)
    times, statuses = post_all(client, headers, (body(i, 0, "x") for i in range(100)))
    report("   the same household and day again", times, statuses)
    print(
        f"   stored: {Distribution.objects.filter(item=item).count():,} distributions, "
        f"{HeldSubmission.objects.filter(survey=forms['distribution']).count():,} kept for review"
    )
    att = forms["attendance"].latest_version()
    present = " ".join(m.uuid.hex for m in members)
    sessions = (
        (
            submission_xml(
                att,
                {"session": "new", "kind": "general", "on": today.isoformat(), "present": present},
                instance_id=f"uuid:a{run}-{i}",
            ),
            None,
        )
        for i in range(max(n // 5, 1))
    )
    times, statuses = post_all(client, headers, sessions)
    report(f"   attendances of a new session, {len(members)} present", times, statuses)
    coll_sessions = GroupSession.objects.filter(
        collective=members[0].memberships.first().collective
    )
    print(
        f"   stored: {coll_sessions.count():,} sessions, "
        f"{Attendance.objects.filter(session__in=coll_sessions).count():,} attendances"
    )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
