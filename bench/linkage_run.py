"""A whole linkage run as the application does it: import, match, store pairs, form people.

    uv run python bench/linkage_run.py [--records 5000] [--database-url URL]

Generates Indian-style lists with a known truth (bench/indian_lists.py), imports them as
four lists (one per source) into a fresh bench database, runs ``services.run_execute``
(the job's work) and prints the time of each step, the pairs stored by band, and how
close the beneficiaries are to the truth before anyone reviews a pair (pairwise
precision/recall/F1 over records), and if every pair in the review band were answered
correctly. The default database is ``var/link_run_bench.sqlite3`` (recreated each time).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402

DEFAULT_DB = ROOT / "var" / "link_run_bench.sqlite3"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--database-url", default=f"sqlite:///{DEFAULT_DB}")
    return p.parse_args(argv)


def pairs_of(groups) -> set:
    out = set()
    for g in groups:
        out |= {tuple(sorted(p)) for p in combinations(sorted(g), 2)}
    return out


def scores(predicted: set, true: set) -> tuple[float, float, float]:
    tp = len(predicted & true)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(true) if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.database_url == f"sqlite:///{DEFAULT_DB}" and DEFAULT_DB.exists():
        DEFAULT_DB.unlink()
    pages.setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    import indian_lists

    from saathi.accounts.models import User
    from saathi.core.policy import Role
    from saathi.core.testing import make_user
    from saathi.linkage import services
    from saathi.linkage.imports import ReadResult, Row
    from saathi.linkage.models import CandidatePair, SourceRecord
    from saathi.people.models import Organisation

    records, truth = indian_lists.generate(args.records, args.seed)
    org = Organisation.objects.create(name="Bench", states=["WB"])
    user = User.objects.filter(username="bench_fac").first() or make_user(
        "bench_fac", org, Role.FACILITATOR
    )
    by_source: dict[str, list] = defaultdict(list)
    for r in records:
        by_source[r["source"]].append(r)
    t = time.perf_counter()
    lists = []
    for source, rows in by_source.items():
        read = ReadResult()
        for i, r in enumerate(rows, 2):
            age = str(r.get("age") or "").strip()
            read.rows.append(
                Row(
                    line=i,
                    record_id=r["record_id"],
                    source=source,
                    given_name=str(r.get("given_name") or ""),
                    family_name=str(r.get("family_name") or ""),
                    relative_name=str(r.get("relative_name") or ""),
                    sex=str(r.get("sex") or ""),
                    age=int(age) if age.isdigit() else None,
                    phone=str(r.get("phone") or ""),
                    id_last4=str(r.get("id_last4") or ""),
                    village=str(r.get("village") or ""),
                    district=str(r.get("district") or ""),
                    state=str(r.get("state") or ""),
                )
            )
        lists.append(
            services.list_import(
                organisation=org,
                collective=None,
                name=source,
                read=read,
                file_name="",
                actor=user,
            )
        )
    t_import = time.perf_counter() - t
    run = services.run_create(actor=user, organisation=org, lists=lists, against_registry=False)
    t = time.perf_counter()
    services.run_execute(run, actor=user)
    t_run = time.perf_counter() - t
    bands = defaultdict(int)
    for band in CandidatePair.objects.filter(run=run).values_list("band", flat=True):
        bands[band] += 1
    people = defaultdict(set)
    for rid, ben in SourceRecord.objects.values_list("record_id", "beneficiary_id"):
        people[ben].add(rid)
    true_groups = defaultdict(set)
    for rid, person in truth.items():
        true_groups[person].add(rid)
    true_pairs = pairs_of(true_groups.values())
    before = scores(pairs_of(people.values()), true_pairs)
    # every review pair answered right: accepted when the truth says so
    uf = {}

    def find(x):
        uf.setdefault(x, x)
        while uf[x] != x:
            x = uf[x]
        return x

    for g in people.values():
        g = sorted(g)
        for x in g[1:]:
            uf[find(x)] = find(g[0])
    for p in CandidatePair.objects.filter(run=run, band="review").select_related("left", "right"):
        a, b = p.left.record_id, p.right.record_id
        if truth.get(a) == truth.get(b):
            uf[find(b)] = find(a)
    after_groups = defaultdict(set)
    for rid in truth:
        after_groups[find(rid)].add(rid)
    after = scores(pairs_of(after_groups.values()), true_pairs)
    print(f"{len(records):,} records in {len(lists)} lists, {len(true_groups):,} people")
    print(f"import {t_import:.1f} s; run (match, store pairs, form people) {t_run:.1f} s")
    print(f"pairs stored: {bands['auto']:,} automatic, {bands['review']:,} to review")
    print("pairwise P / R / F1 before review:  %.3f / %.3f / %.3f" % before)
    print("after every review pair is answered: %.3f / %.3f / %.3f" % after)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SAATHI_ENV", "demo")
    sys.exit(main())
