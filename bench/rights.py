"""Timings of the rights module: the access export and erasure at scale.

    uv run python bench/rights.py [--members 10000] [--records 200] [--erase 1000]
        [--database-url URL]

Seeds a bench-only database with ``manage.py seed_demo --members N`` (reused when it holds
enough), gives one member ``--records`` records across modules (consents, names, identity
documents, requests, with her encrypted values under her data key), then times
``rights.exports.build`` for her (PDF in Bengali + JSON + CSV zip, 3 runs, median) and
``rights.services.erase`` of ``--erase`` other members in one transaction, keys destroyed
on commit; afterwards it checks that a value copied before the erasure no longer opens.
The keystore is the bench's own (``var/rights_bench_keystore.sqlite3``).
Default database: var/rights_bench.sqlite3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'rights_bench.sqlite3'}"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=10_000)
    p.add_argument("--records", type=int, default=200)
    p.add_argument("--erase", type=int, default=1000)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    return p.parse_args(argv)


def give_records(member, admin, n: int) -> int:
    """``n`` records of hers in several modules, written as the apps write them."""
    from saathi.core.models import Consent
    from saathi.people.models import IdentityDocument, MemberName
    from saathi.people.services import next_reference
    from saathi.rights.models import RightsRequest

    per = max(n // 4, 1)
    Consent.objects.bulk_create(
        Consent(
            member=member,
            purpose="partner_sharing",
            method="signature",
            language="bn",
            partner_organisation=f"Office {i}",
            notice_version="2026-01",
            recorded_by=admin,
        )
        for i in range(per)
    )
    MemberName.objects.bulk_create(
        MemberName(member=member, text=f"Name {i}", script="latn", kind="alias", latin="x", key="x")
        for i in range(per)
    )
    IdentityDocument.objects.bulk_create(
        IdentityDocument(member=member, kind="other", other_kind=f"Card {i}", status="held",
                         number=f"NUM-{i:06d}")
        for i in range(per)
    )  # fmt: skip
    refs = next_reference("RR", n - 3 * per)
    for ref in refs:
        RightsRequest(
            reference=ref,
            organisation_id=member.organisation_id,
            member=member,
            kind="correction",
            verification="in_person_known",
            language="bn",
            details="Please correct my village",
            created_by=admin,
        ).save()
    return n


def main(argv=None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("SAATHI_KEYSTORE", str(ROOT / "var" / "rights_bench_keystore.sqlite3"))
    from pages import ensure_seeded, setup_django

    setup_django(args.database_url)
    ensure_seeded(args.members)
    from django.db import connection, transaction

    from saathi.accounts.models import RoleGrant
    from saathi.core import crypto, keystore
    from saathi.people.models import Member
    from saathi.rights import exports, services

    grant = RoleGrant.objects.filter(role="org_admin").select_related("user").first()
    admin = grant.user
    members = Member.objects.filter(
        organisation_id=grant.organisation_id, archived_at__isnull=True
    ).order_by("pk")
    her = members.first()
    give_records(her, admin, args.records)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        content, rows = exports.build(her, language="bn", release=True, show_names=False)
        timings.append(time.perf_counter() - started)
    print(
        f"{connection.vendor}: access export of a member with {rows} rows "
        f"({len(content) / 1024:.0f} KB zip): median {statistics.median(timings) * 1000:.0f} ms"
    )

    doomed = list(members.exclude(pk=her.pk).filter(reference__startswith="MEM-")[: args.erase])
    sample = next((m for m in doomed if m.birth_date), None)
    copied = sample.birth_date.token if sample else ""
    started = time.perf_counter()
    with transaction.atomic():
        services.erase(doomed, actor=admin, reason="retention")
    elapsed = time.perf_counter() - started
    print(f"{connection.vendor}: erasure of {len(doomed)} members: {elapsed:.1f} s")
    if copied:
        keystore.clear_cache()
        try:
            crypto.decrypt_text(copied)
        except crypto.DecryptionError:
            print("a value copied before the erasure no longer opens: ok")
        else:
            sys.exit("a value copied before the erasure still opens")


if __name__ == "__main__":
    main()
