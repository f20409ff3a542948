"""Collectives pages at scale: a session page with 60 members ticked, its tick list, the
collective's meetings, and (once claims exist) the claims list; with 200,000 sessions.

    uv run python bench/pages.py --sets collectives [--members 100000] [--database-url URL]
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pages  # bench/pages.py

SESSIONS = 200_000
TICKED = 60
BATCH = 5_000


def prepare(args):
    """200,000 sessions spread over the seeded collectives (ten years of weekly meetings
    and more), and for each collective three recent meetings with attendance taken, the
    last with 60 members ticked. Idempotent: skipped when the sessions are there."""
    from django.db import transaction
    from django.utils import timezone

    from saathi.accounts.models import User
    from saathi.collectives.models import Attendance, GroupSession
    from saathi.people.models import Collective, Membership

    _claims()
    have = GroupSession.objects.count()
    if have >= SESSIONS:
        print(f"Reusing {have:,} sessions")
        _vacuum()
        return
    started = time.monotonic()
    actor = User.objects.get(username="facilitator")
    collectives = list(Collective.objects.order_by("pk"))
    today = date.today()
    rows = []
    n = have
    with transaction.atomic():
        while n < SESSIONS:
            coll = collectives[n % len(collectives)]
            rows.append(
                GroupSession(
                    reference=f"SES-B-{n:07d}",
                    organisation_id=coll.organisation_id,
                    collective=coll,
                    created_by=actor,
                    facilitator=actor,
                    kind="general",
                    on=today - timedelta(days=7 + (n // len(collectives)) % 3650),
                    place="Community hall",
                    guests=n % 4,
                )
            )
            n += 1
            if len(rows) == BATCH:
                GroupSession.objects.bulk_create(rows)
                rows = []
        GroupSession.objects.bulk_create(rows)
        for coll in collectives:
            ids = list(
                Membership.objects.filter(collective=coll, left_on__isnull=True)
                .order_by("member_name", "member_id")
                .values_list("member_id", flat=True)[:TICKED]
            )
            for back in (3, 2, 1):
                s = GroupSession.objects.create(
                    reference=f"SES-B-{coll.pk}-{back}",
                    organisation_id=coll.organisation_id,
                    collective=coll,
                    created_by=actor,
                    facilitator=actor,
                    kind="general",
                    on=today - timedelta(days=back),
                    place="Community hall",
                    attendance_taken_at=timezone.now(),
                    present_count=len(ids) if back == 1 else len(ids) // 2,
                )
                came = ids if back == 1 else ids[: len(ids) // 2]
                Attendance.objects.bulk_create([Attendance(session=s, member_id=m) for m in came])
    print(f"Added {SESSIONS - have:,} sessions in {time.monotonic() - started:.1f} s")
    _vacuum()


def _vacuum():
    """PostgreSQL: what autovacuum does a while after the bulk load above (planner
    statistics, the visibility map for index-only counts), as bench/pages.py does after
    seeding; SQLite gets nothing (no installation runs ANALYZE)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("collectives_groupsession", "collectives_attendance", "collectives_claim"):
            cursor.execute(f"VACUUM ANALYZE {table}")


CLAIMS = 20_000


def _claims():
    """20,000 collective claims over the collectives, at every status."""
    from django.db import transaction

    from saathi.accounts.models import User
    from saathi.collectives.models import Claim, ClaimStatus, DutyBearer
    from saathi.people.models import Collective

    have = Claim.objects.count()
    if have >= CLAIMS:
        print(f"Reusing {have:,} claims")
        return
    actor = User.objects.get(username="facilitator")
    collectives = list(Collective.objects.order_by("pk"))
    bearers = {}
    for coll in collectives:
        bearers[coll.organisation_id] = bearers.get(coll.organisation_id) or (
            DutyBearer.objects.filter(organisation_id=coll.organisation_id).first()
            or DutyBearer.objects.create(
                reference=f"DTY-B-{coll.organisation_id}",
                organisation_id=coll.organisation_id,
                created_by=actor,
                title="District Collector",
                office="Collectorate",
                level="district",
                state=coll.state,
                district=coll.districts[0] if coll.districts else "",
            )
        )
    statuses = ClaimStatus.values
    rows = []
    with transaction.atomic():
        for n in range(have, CLAIMS):
            coll = collectives[n % len(collectives)]
            rows.append(
                Claim(
                    reference=f"CLM-B-{n:07d}",
                    organisation_id=coll.organisation_id,
                    collective=coll,
                    duty_bearer=bearers[coll.organisation_id],
                    created_by=actor,
                    title=f"Ration cards, ward {n % 97}",
                    demand="Ration cards for every member without one.",
                    method="memorandum",
                    concerns_count=40,
                    language="bn",
                    status=statuses[n % len(statuses)],
                )
            )
            if len(rows) == BATCH:
                Claim.objects.bulk_create(rows)
                rows = []
        Claim.objects.bulk_create(rows)
    print(f"Added {CLAIMS - have:,} claims")


@pages.page_set("collectives", prepare=prepare)
def collectives_pages(who: pages.BenchUser) -> list[pages.Page]:
    """The session with 60 ticked, its tick list, the collective's meetings (page 1 and a
    deep page), the collectives index, the duty-bearer directory."""
    from django.urls import reverse

    from saathi.collectives.models import GroupSession

    coll = who.collective
    ticked = (
        GroupSession.objects.filter(collective=coll, attendance_taken_at__isnull=False)
        .order_by("-on", "-id")
        .first()
    )
    if ticked is None:
        return []
    meetings = reverse("collectives:collective", args=[coll.uuid])
    count = GroupSession.objects.filter(collective=coll).count()
    deep = max(1, (count // 50) * 3 // 4)
    out = [
        pages.Page(
            f"session, {ticked.present_count} ticked",
            reverse("collectives:session_detail", args=[ticked.uuid]),
        ),
        pages.Page(
            "session tick list", reverse("collectives:session_attendance", args=[ticked.uuid])
        ),
        pages.Page(f"meetings of a collective ({count:,})", meetings),
        pages.Page(f"meetings, page {deep:,}", f"{meetings}?page={deep}"),
        pages.Page("collectives index", reverse("collectives:index")),
        pages.Page("duty bearers", reverse("collectives:duty_bearer_list")),
        pages.Page("claims list", reverse("collectives:claim_list")),
        pages.Page("claims, granted", reverse("collectives:claim_list") + "?status=granted"),
        pages.Page("home (leader panel)", reverse("home")),
        pages.Page("figures (counts only)", reverse("collectives:figures")),
        pages.Page("trainings", reverse("collectives:training_list")),
    ]
    return out
