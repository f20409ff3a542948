"""Checks of generator C (bench/generators/registers_c.py): plain functions, no database.

Run: nice -n 10 .venv/bin/pytest -q -p no:randomly saathi/linkage/tests/test_generator_c.py
"""

import collections
import csv
import importlib.util
import re
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "bench" / "generators" / "registers_c.py"
_spec = importlib.util.spec_from_file_location("bench_generators_registers_c", _PATH)
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

KEYS = {
    "record_id",
    "source",
    "given_name",
    "family_name",
    "relative_name",
    "sex",
    "age",
    "phone",
    "id_last4",
    "village",
    "district",
    "state",
}
N = 6000


@pytest.fixture(scope="module")
def lists():
    return gen.generate(N, seed=7)


def _digits(phone):
    d = re.sub(r"\D", "", phone or "")
    return d[-10:] if len(d) >= 10 else None


def _full_name(rec):
    s = f"{rec['given_name'] or ''} {rec['family_name'] or ''}".lower()
    return re.sub(r"[^\w ]", "", re.sub(r"\s+", " ", s)).strip()


@pytest.mark.parametrize("n", [0, 1, 7, 333, N])
def test_exact_record_count(n, lists):
    records, truth = lists if n == N else gen.generate(n, seed=3)
    assert len(records) == n
    assert len(truth) == n


def test_exact_keys_and_value_types(lists):
    records, _ = lists
    for rec in records:
        assert set(rec) == KEYS
        for k, v in rec.items():
            assert v is None or isinstance(v, str), (k, v)
        assert rec["record_id"] and rec["source"]


def test_record_ids_unique_and_truth_covers_every_record(lists):
    records, truth = lists
    ids = [r["record_id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert set(truth) == set(ids)
    assert all(isinstance(p, str) and p for p in truth.values())


def test_deterministic_for_a_seed(lists):
    again = gen.generate(N, seed=7)
    assert again == lists


def test_different_seeds_differ(lists):
    other, other_truth = gen.generate(N, seed=8)
    records, _ = lists
    same = sum(1 for a, b in zip(records, other, strict=True) if a == b)
    assert same < N * 0.01
    # the populations differ too, not only the order of the rows
    names = lambda recs: sorted(_full_name(r) for r in recs)  # noqa: E731
    assert names(other) != names(records)
    assert len(set(other_truth.values())) > N / 4


def test_households_share_phone_and_village_between_distinct_people(lists):
    records, truth = lists
    people = collections.defaultdict(set)
    for r in records:
        d = _digits(r["phone"])
        if d and r["village"]:
            people[(d, r["village"].strip().lower())].add(truth[r["record_id"]])
    shared = [k for k, v in people.items() if len(v) > 1]
    assert len(shared) >= 50, len(shared)


def test_households_span_generations(lists):
    """Mother-in-law and daughter-in-law: same phone and family name, 20+ years apart."""
    records, truth = lists
    groups = collections.defaultdict(dict)
    for r in records:
        d = _digits(r["phone"])
        fam = (r["family_name"] or "").strip().lower()
        age = r["age"] or ""
        if d and fam and age.isascii() and age.isdigit() and 12 <= int(age) <= 100:
            groups[(d, fam)][truth[r["record_id"]]] = int(age)
    spans = sum(
        1 for g in groups.values() if len(g) > 1 and max(g.values()) - min(g.values()) >= 20
    )
    assert spans >= 20, spans


def test_namesakes_distinct_people_share_a_normalised_full_name(lists):
    records, truth = lists
    people = collections.defaultdict(set)
    for r in records:
        name = _full_name(r)
        if name:
            people[name].add(truth[r["record_id"]])
    namesakes = {k: v for k, v in people.items() if len(v) > 1}
    assert len(namesakes) >= 50
    # and in the same district too, not only across the country
    local = collections.defaultdict(set)
    for r in records:
        if r["district"] and r["district"] not in ("NA", "-", "0"):
            local[(_full_name(r), r["district"].lower())].add(truth[r["record_id"]])
    assert sum(1 for v in local.values() if len(v) > 1) >= 20


def test_people_on_several_records_at_a_plausible_share(lists):
    _, truth = lists
    per_person = collections.Counter(truth.values())
    share = sum(1 for c in per_person.values() if c >= 2) / len(per_person)
    assert 0.45 <= share <= 0.85, share
    assert 1.6 <= N / len(per_person) <= 3.0
    assert max(per_person.values()) <= 8


def test_a_person_appears_on_several_lists_and_sometimes_twice_on_one(lists):
    records, truth = lists
    by_person = collections.defaultdict(list)
    for r in records:
        by_person[truth[r["record_id"]]].append(r["source"])
    multi_list = sum(1 for s in by_person.values() if len(set(s)) >= 2)
    twice_same = sum(1 for s in by_person.values() if len(s) > len(set(s)))
    assert multi_list / len(by_person) > 0.4
    assert 0.01 < twice_same / len(by_person) < 0.15


def test_registers_differ_as_documented(lists):
    records, _ = lists
    n = len(records)
    filled = lambda k: sum(1 for r in records if r[k] not in (None, "", "NA", "-", "0")) / n  # noqa: E731
    assert filled("id_last4") < 0.20
    assert filled("relative_name") < 0.7
    relief = [r for r in records if r["source"].startswith("relief_")]
    # the relief list has no relative column: only a shifted row puts something there
    assert relief
    assert sum(1 for r in relief if r["relative_name"]) / len(relief) < 0.03
    sources = {r["source"] for r in records}
    assert {s.split("_")[1] for s in sources} == {"mh", "up", "br", "ka"}
    assert len(sources) == 20
    text = " ".join(f"{r['given_name']} {r['relative_name']}" for r in records)
    assert re.search(r"[\u0900-\u097F]", text)  # Devanagari
    assert re.search(r"[\u0C80-\u0CFF]", text)  # Kannada
    assert re.search(r"\b[WDSC]/[oO]\b", text)
    assert any(r["age"] and re.fullmatch(r"(19|20)\d\d", r["age"]) for r in records)
    assert any(r["phone"] and r["phone"].startswith("+91") for r in records)
    assert any(r["given_name"] and r["given_name"].isupper() for r in records)
    devi = sum(1 for r in records if re.search(r"\bdevi\b|देवी", _full_name(r)))
    assert devi > 50


def test_written_ages_are_plausible(lists):
    records, _ = lists
    ages = [r["age"] for r in records if r["age"] and r["age"].isascii() and r["age"].isdigit()]
    small = [int(a) for a in ages if len(a) <= 3 and a != "0"]  # "0" is a missing-value token
    years = [int(a) for a in ages if len(a) == 4]
    assert len(small) > len(records) / 3 and len(years) > 100
    # a shifted row may put a phone or an id there; nothing else is out of range
    assert sum(1 for a in small if not 1 <= a <= 110) <= 0.005 * len(small)
    assert sum(1 for y in years if not 1910 <= y <= 2024) <= 0.005 * len(years) + 5


def test_main_writes_a_csv_with_a_person_column(tmp_path):
    out = tmp_path / "c.csv"
    assert gen.main(["--records", "50", "--seed", "2", "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 50
    assert list(rows[0]) == [*gen.FIELDS, "person"]
    records, truth = gen.generate(50, seed=2)
    assert [r["person"] for r in rows] == [truth[r["record_id"]] for r in records]
