"""The model on Splink's Spark backend gives DuckDB's clusters (ADR 0041).

The string functions the model's SQL uses are checked against DuckDB itself on random
strings (cheap, every run). The whole run on a 10,000-record Indian list, against one
DuckDB run of the same list: once, in the SQLite pass of CI.
"""

import random
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from django.conf import settings

from saathi.linkage.matching import backends, match

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
LIST_SIZE = 10_000
REVIEW_FLOOR = 0.05  # more pairs compared than the default review band


def random_pairs(n: int, seed: int) -> list[tuple[str | None, str | None]]:
    """Short strings over small alphabets (many look-alikes, transpositions, common
    prefixes), some with non-ASCII characters, and NULLs."""
    rnd = random.Random(seed)
    alphabets = ["ab", "abc", "aeioubcdkl", "0123456789", "abcdefghijklmnopqrstuvwxyz", "aéকb"]

    def word(alphabet: str) -> str:
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))

    pairs: list[tuple[str | None, str | None]] = []
    for _ in range(n):
        alphabet = rnd.choice(alphabets)
        a = word(alphabet)
        if rnd.random() < 0.5:
            b = word(alphabet)
        else:  # a few characters changed
            b = "".join(c if rnd.random() < 0.8 else rnd.choice(alphabet) for c in a)
        pairs.append((a, b))
    return [*pairs, (None, "a"), ("a", None), (None, None)]


def duckdb_values(pairs) -> list[tuple]:
    strings = pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})  # noqa: F841
    with duckdb.connect() as con:
        return con.execute(
            "select jaro_winkler_similarity(a, b), damerau_levenshtein(a, b), "
            "case when length(a) = length(b) and length(a) > 0 then hamming(a, b) end "
            "from strings"
        ).fetchall()


def test_python_string_functions_are_duckdbs_to_the_last_bit():
    pairs = random_pairs(3000, seed=1)
    fused = backends.duckdb_fuses()
    for (a, b), (jw, dl, ham) in zip(pairs, duckdb_values(pairs), strict=True):
        assert backends.jaro_winkler_similarity(a, b, fused) == jw, (a, b)
        assert backends.damerau_levenshtein(a, b) == dl, (a, b)
        if ham is not None:
            assert backends.hamming(a, b) == ham, (a, b)
    # the values the model's thresholds fall between, by hand (DuckDB's documentation)
    assert backends.jaro_winkler_similarity("CRATE", "TRACE") == pytest.approx(0.733333, abs=1e-6)
    assert backends.damerau_levenshtein("ca", "abc") == 2  # unrestricted, not OSA's 3


@pytest.fixture(scope="module")
def indian_list():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import indian_lists
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows, _truth = indian_lists.generate(LIST_SIZE, 7)
    return rows


@pytest.fixture(scope="module")
def on_duckdb(indian_list):
    return match(indian_list, review_floor=REVIEW_FLOOR)


def partition(result) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for record, cluster in result.clusters.items():
        groups.setdefault(cluster, set()).add(record)
    return {frozenset(g) for g in groups.values()}


def assert_same_result(result, expected):
    assert result.trained and expected.trained
    assert partition(result) == partition(expected)
    assert len(partition(expected)) < LIST_SIZE  # duplicates were found at all
    got = {(p.left_id, p.right_id): p for p in result.pairs}
    want = {(p.left_id, p.right_id): p for p in expected.pairs}
    assert got.keys() == want.keys()
    assert len(want) > 1000
    for key, pair in want.items():
        assert got[key].probability == pytest.approx(pair.probability, abs=1e-6), key
        assert got[key].fields == pair.fields, key


@pytest.mark.skipif(ON_POSTGRES, reason="runs once, in the SQLite pass of CI")
def test_spark_gives_duckdbs_clusters(indian_list, on_duckdb):
    result = match(indian_list, review_floor=REVIEW_FLOOR, backend="spark")
    assert result.stats["backend"] == "spark"
    assert_same_result(result, on_duckdb)
