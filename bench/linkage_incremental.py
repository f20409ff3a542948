"""Incremental linking: a new list of 1,000 against an already-linked registry of 1,000,000.

    uv run python bench/linkage_incremental.py [--registry 1000000] [--new 1000]
        [--compare 100000] [--runs 5] [--seed 7]

1. Equality at ``--compare`` (the full path is too slow at the size of the target):
   a registry of that many people, ``match(new, against=registry)`` as today, then
   ``RegistryIndex.build(registry).link(new, params=<the full run's model>)``: the pairs,
   probabilities (largest difference) and clusters of both.
2. The target: a registry of ``--registry`` people, built once (timed apart), stored as
   the blob the application keeps (``to_bytes``), then loaded in a fresh process that
   links the new list ``--runs`` times with the model of step 1: the median link time,
   that process's peak memory (ru_maxrss) and the pairwise precision and recall of the
   new records' links against the truth.

Both registries come from ``bench/indian_lists.generate``, deduplicated by the truth (one
record per person: "already linked"); the new list mixes further records of people in
the registry with people held out of it (their own duplicates included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from indian_lists import generate  # noqa: E402

# about 0.52 distinct people per generated record (bench/indian_lists.py)
PEOPLE_PER_RECORD = 0.52


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--registry", type=int, default=1_000_000)
    p.add_argument("--new", type=int, default=1000)
    p.add_argument("--compare", type=int, default=100_000, help="0: skip the full path")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--link-phase", help=argparse.SUPPRESS)  # the child process's input
    return p.parse_args(argv)


def lists(people: int, new: int, seed: int):
    """A registry of about ``people`` people (one record each) and a new list of ``new``
    records (half further records of registry people, half people held out), the truth."""
    rows, truth = generate(int(people / PEOPLE_PER_RECORD) + 4 * new, seed=seed)
    by_person: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_person[truth[r["record_id"]]].append(r)
    pids = sorted(by_person)
    random.Random(seed).shuffle(pids)
    held, fresh = set(), []
    for pid in pids:
        if len(fresh) >= new // 2:
            break
        held.add(pid)
        fresh += by_person[pid]
    fresh = fresh[: new // 2]
    registry, again = [], []
    for pid in pids:
        if pid in held:
            continue
        first, *rest = by_person[pid]
        registry.append(first)
        again += rest
    random.Random(seed + 1).shuffle(again)
    new_list = fresh + again[: new - len(fresh)]
    for r in new_list:
        r["record_id"] = "N" + r["record_id"]  # the list's own ids
    truth.update({r["record_id"]: truth[r["record_id"][1:]] for r in new_list})
    return registry, new_list, truth


def precision_recall(result, new_list, registry_ids, truth) -> tuple[float, float]:
    """Pairwise, over pairs with at least one new record: linked (same cluster) against
    the truth (same person)."""
    new_ids = {r["record_id"] for r in new_list}
    members = defaultdict(set)
    for rid, cid in result.clusters.items():
        members[cid].add(rid)
    predicted = set()
    for group in members.values():
        for a in group & new_ids:
            predicted |= {tuple(sorted((a, b))) for b in group if b != a}
    persons = {truth[i] for i in new_ids}
    people = defaultdict(set)
    for rid in list(new_ids) + [i for i in registry_ids if truth[i] in persons]:
        people[truth[rid]].add(rid)
    true = set()
    for group in people.values():
        for a in group & new_ids:
            true |= {tuple(sorted((a, b))) for b in group if b != a}
    hit = len(predicted & true)
    return hit / max(1, len(predicted)), hit / max(1, len(true))


def compare(size: int, new: int, seed: int) -> dict:
    from saathi.linkage.matching import match
    from saathi.linkage.matching.incremental import RegistryIndex

    registry, new_list, _truth = lists(size, new, seed)
    print(f"compare: registry {len(registry):,}, new {len(new_list):,}", flush=True)
    t = time.perf_counter()
    full = match(new_list, against=registry)
    print(f"  match(new, against=registry): {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    index = RegistryIndex.build(registry)
    print(f"  RegistryIndex.build: {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    inc = index.link(new_list, full.model)
    print(f"  index.link: {time.perf_counter() - t:.2f} s", flush=True)
    fp = {(p.left_id, p.right_id): p for p in full.pairs}
    ip = {(p.left_id, p.right_id): p for p in inc.pairs}
    common = set(fp) & set(ip)
    diff = max((abs(fp[k].probability - ip[k].probability) for k in common), default=0.0)
    verdicts = sum(fp[k].fields != ip[k].fields for k in common)
    clusters = sum(inc.clusters.get(i, i) != c for i, c in full.clusters.items())
    print(
        f"  pairs: full {len(fp):,}, index {len(ip):,}, only one side {len(set(fp) ^ set(ip))}; "
        f"largest probability difference {diff:.2e}; verdicts differing {verdicts}; "
        f"records clustered differently {clusters}",
        flush=True,
    )
    return full.model


def target(args, model) -> None:
    from saathi.linkage.matching.incremental import RegistryIndex

    t = time.perf_counter()
    registry, new_list, truth = lists(args.registry, args.new, args.seed)
    print(
        f"target: generated registry {len(registry):,}, new {len(new_list):,} "
        f"in {time.perf_counter() - t:.0f} s",
        flush=True,
    )
    t = time.perf_counter()
    index = RegistryIndex.build(registry, model=model)
    print(f"  RegistryIndex.build: {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    blob = index.to_bytes()
    index.close()
    print(f"  stored: {len(blob) / 1e6:.0f} MB in {time.perf_counter() - t:.1f} s", flush=True)
    registry_ids = [r["record_id"] for r in registry]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "index.bin").write_bytes(blob)
        del blob, index, registry
        payload = {
            "new": new_list,
            "truth": {i: truth[i] for i in registry_ids + [r["record_id"] for r in new_list]},
            "registry_ids": registry_ids,
            "runs": args.runs,
        }
        Path(tmp, "input.json").write_text(json.dumps(payload))
        del payload
        subprocess.run(  # noqa: S603 - this script, in a fresh process
            [sys.executable, __file__, "--link-phase", tmp], check=True, env=os.environ.copy()
        )


def link_phase(tmp: str) -> None:
    """In a fresh process: load the stored index, link the new list ``runs`` times."""
    from saathi.linkage.matching.incremental import RegistryIndex

    payload = json.loads(Path(tmp, "input.json").read_text())
    t = time.perf_counter()
    index = RegistryIndex.from_bytes(Path(tmp, "index.bin").read_bytes())
    print(f"  loaded the index ({len(index):,} records): {time.perf_counter() - t:.1f} s")
    import splink  # noqa: F401 - imported once per process, not per link

    times, cpu, result = [], [], None
    for _ in range(payload["runs"]):
        t, c = time.perf_counter(), time.process_time()
        result = index.link(payload["new"], payload.get("model"))
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    load = os.getloadavg()[0]
    print(f"  load average while linking: {load:.1f} on {os.cpu_count()} cores")
    p, r = precision_recall(result, payload["new"], payload["registry_ids"], payload["truth"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  link {len(payload['new']):,} against {len(index):,}: median "
        f"{statistics.median(times):.2f} s of {len(times)} (min {min(times):.2f}, max "
        f"{max(times):.2f}; CPU time median {statistics.median(cpu):.2f} s, first run "
        f"{times[0]:.2f} s wall, {cpu[0]:.2f} s CPU); candidates {result.stats['candidates']:,}, pairs scored "
        f"{result.stats['pairs_scored']:,}; peak memory {peak:,.0f} MB (ru_maxrss)"
    )
    print(f"  new records' links against the truth: precision {p:.3f}, recall {r:.3f}")
    print(f"  last link's steps (s from its start): {result.stats}")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.link_phase:
        link_phase(args.link_phase)
        return 0
    model = compare(args.compare, args.new, args.seed + 1) if args.compare else None
    target(args, model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
