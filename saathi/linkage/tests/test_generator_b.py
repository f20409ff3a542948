"""Checks of generator B (bench/generators/registers_b.py): shape, truth, determinism, and that the
traps it promises (households, namesakes, repeated persons) are really in its output."""

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench.generators.registers_b import FIELDS, generate

N = 4000


@pytest.fixture(scope="module")
def sample():
    return generate(N, seed=11)


def _digits(phone):
    """The first number written in a phone cell, as digits without +91/0 (None if none)."""
    if not phone:
        return None
    first = re.split(r"[/(]", phone)[0]
    d = re.sub(r"\D", "", first)
    if first.strip().startswith("+91") or (len(d) in (11, 12) and first.strip().startswith("91-")):
        d = d[2:]
    elif first.strip().startswith("0") and len(d) == 11:
        d = d[1:]
    return d or None


def _village(v):
    """The village's first word, without "Vill:", "(V)", "& PO" decorations."""
    if not v:
        return None
    words = re.sub(r"\bvill(age)?\b|\(v\)|\bpo\b|[^a-z0-9 ]", " ", v.lower()).split()
    return words[0] if words else None


def _full_name(rec):
    words = " ".join(x for x in (rec["given_name"], rec["family_name"]) if x).lower()
    return " ".join(sorted(re.sub(r"[^\w\s]", " ", words).split()))


@pytest.mark.parametrize("n", [1, 2, 17, 999])
def test_exact_record_count(n):
    records, truth = generate(n, seed=3)
    assert len(records) == n
    assert len(truth) == n


def test_no_records_for_zero():
    assert generate(0) == ([], {})


def test_exact_keys_and_value_types(sample):
    records, _ = sample
    for rec in records:
        assert set(rec) == set(FIELDS)
        for key, value in rec.items():
            assert value is None or isinstance(value, str), (key, value)
        assert rec["record_id"] and rec["source"]


def test_record_ids_unique_and_truth_covers_every_record(sample):
    records, truth = sample
    ids = [r["record_id"] for r in records]
    assert len(set(ids)) == len(ids) == N
    assert set(truth) == set(ids)
    assert all(isinstance(p, str) and p for p in truth.values())


def test_same_seed_same_output():
    assert generate(1500, seed=7) == generate(1500, seed=7)


def test_same_seed_same_output_in_another_process():
    """No set or hash order leaks into the rows: another interpreter, another hash seed."""
    code = (
        "import json, sys; from bench.generators.registers_b import generate; "
        "json.dump(generate(300, seed=5), sys.stdout, ensure_ascii=False)"
    )
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": root}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, check=True
    )
    records, truth = json.loads(out.stdout.decode("utf-8"))
    assert (records, truth) == generate(300, seed=5)


def test_different_seeds_differ():
    a, _ = generate(1500, seed=7)
    b, _ = generate(1500, seed=8)
    assert [r["given_name"] for r in a] != [r["given_name"] for r in b]


def test_households_distinct_persons_share_phone_and_village(sample):
    records, truth = sample
    persons_at = defaultdict(set)
    for rec in records:
        d, v = _digits(rec["phone"]), _village(rec["village"])
        if d and len(d) == 10 and v:
            persons_at[(d, v)].add(truth[rec["record_id"]])
    shared = [k for k, persons in persons_at.items() if len(persons) > 1]
    assert len(shared) >= 20


def test_namesakes_distinct_persons_share_a_full_name(sample):
    records, truth = sample
    persons_by_name = defaultdict(set)
    persons_by_name_village = defaultdict(set)
    for rec in records:
        name = _full_name(rec)
        if " " in name:  # given and family name both written
            pid = truth[rec["record_id"]]
            persons_by_name[name].add(pid)
            persons_by_name_village[(name, _village(rec["village"]))].add(pid)
    assert sum(len(p) > 1 for p in persons_by_name.values()) >= 20
    assert sum(len(p) > 1 for k, p in persons_by_name_village.items() if k[1]) >= 3


def test_persons_with_several_records_at_a_plausible_share(sample):
    records, truth = sample
    per_person = Counter(truth.values())
    share_multi = sum(c >= 2 for c in per_person.values()) / len(per_person)
    assert 0.40 <= share_multi <= 0.75, share_multi
    assert max(per_person.values()) <= 8
    # some persons are twice on one list
    by_person_source = Counter((truth[r["record_id"]], r["source"]) for r in records)
    assert any(c >= 2 for c in by_person_source.values())
    assert len({r["source"] for r in records}) >= 5


def test_native_scripts_and_malformed_phones_present(sample):
    records, _ = sample
    names = " ".join(r["given_name"] or "" for r in records)
    assert re.search("[\u0980-\u09ff]", names)  # Bengali
    assert re.search("[\u0c00-\u0c7f]", names)  # Telugu
    lengths = [len(d) for d in (_digits(r["phone"]) for r in records) if d and len(d) >= 8]
    odd = sum(n in (9, 11) for n in lengths) / len(lengths)
    assert 0.03 <= odd <= 0.12, odd
