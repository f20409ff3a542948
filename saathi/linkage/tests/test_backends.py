"""The model on Splink's Spark and PostgreSQL backends gives DuckDB's clusters (ADR 0041).

The string functions the model's SQL uses are checked against DuckDB itself on random
strings (cheap, every run; their PL/pgSQL versions in the PostgreSQL pass). The whole run
on a 10,000-record Indian list, against one DuckDB run of the same list: on Spark once, in
the SQLite pass of CI; on PostgreSQL once, in the PostgreSQL pass (in a schema of its
own in pytest-django's test database, never touching Django's tables).
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


ON_SQLITE = "the PostgreSQL backend runs in the PostgreSQL pass of CI (DATABASE_URL)"


def run_schemas(engine) -> list[str]:
    with engine.connect() as con:
        return [
            r[0]
            for r in con.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'linkage_')"
            ).all()
        ]


@pytest.mark.skipif(not ON_POSTGRES, reason=ON_SQLITE)
def test_plpgsql_string_functions_are_duckdbs_to_the_last_bit(django_db_setup):
    # the pair that tells a fused Winkler bonus from a twice-rounded one, then random ones
    pairs = [("accc", "abcac"), *random_pairs(3000, seed=1)]
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    sql = (
        "SELECT jaro_winkler_similarity(a, b), damerau_levenshtein(a, b), hamming(a, b) "
        "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(a, b, n) ORDER BY n"
    )
    for fused in (True, False):  # both builds of DuckDB, through the Python ports
        with backends.run_schema(fused=fused) as (engine, schema):
            with engine.connect() as con:
                got = con.exec_driver_sql(sql, (a, b)).all()
            assert schema in run_schemas(engine)
        differ = 0
        for (x, y), (jw, dl, ham) in zip(pairs, got, strict=True):
            assert jw == backends.jaro_winkler_similarity(x, y, fused), (x, y, fused)
            assert dl == backends.damerau_levenshtein(x, y), (x, y)
            assert ham == backends.hamming(x, y), (x, y)
            differ += jw != backends.jaro_winkler_similarity(x, y, not fused)
        assert differ > 0  # the two roundings are told apart on this list
        assert schema not in run_schemas(engine)
    # and this DuckDB, directly: the fused (or not) functions it computes
    fused = backends.duckdb_fuses()
    with backends.run_schema(fused=fused) as (engine, _schema), engine.connect() as con:
        got = con.exec_driver_sql(sql, (a, b)).all()
    for (x, y), (jw, dl, ham), want in zip(pairs, got, duckdb_values(pairs), strict=True):
        assert (jw, dl) == want[:2], (x, y)
        if want[2] is not None:
            assert ham == want[2], (x, y)


@pytest.mark.skipif(not ON_POSTGRES, reason=ON_SQLITE)
def test_a_killed_runs_schema_is_dropped_by_the_next_run(django_db_setup):
    from sqlalchemy import create_engine

    engine = create_engine(backends.postgres_url())
    orphan, busy = "linkage_00000000000000aa", "linkage_00000000000000bb"
    try:
        with engine.connect() as other:  # a run still at work holds its schema's lock
            other.exec_driver_sql(f"CREATE SCHEMA {orphan}; CREATE SCHEMA {busy}")
            other.exec_driver_sql(f"SELECT pg_advisory_lock(hashtextextended('{busy}', 0))")
            other.commit()
            with backends.run_schema() as (_engine, schema):
                left = run_schemas(engine)
                assert orphan not in left and busy in left and schema in left
            other.exec_driver_sql(f"SELECT pg_advisory_unlock(hashtextextended('{busy}', 0))")
            other.exec_driver_sql(f"DROP SCHEMA {busy}")
            other.commit()
        assert run_schemas(engine) == []
    finally:
        engine.dispose()


def test_postgres_url_takes_djangos_ssl_options(settings, monkeypatch):
    monkeypatch.delenv("SAATHI_LINKAGE_PG_URL", raising=False)
    settings.SAATHI_LINKAGE_PG_URL = ""
    settings.DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "saathi",
            "USER": "saathi",
            "PASSWORD": "p@ss word",
            "HOST": "db.example",
            "PORT": "5433",
            "OPTIONS": {
                "sslmode": "verify-full",
                "sslrootcert": "/etc/ssl/db-ca.pem",
                "connect_timeout": 10,
                "pool": True,  # Django's, not libpq's: not passed on
                "options": "-c statement_timeout=5000",  # the run sets its own
            },
        }
    }
    from sqlalchemy.engine import make_url

    url = make_url(backends.postgres_url())
    assert (url.drivername, url.username, url.password) == (
        "postgresql+psycopg",
        "saathi",
        "p@ss word",
    )
    assert (url.host, url.port, url.database) == ("db.example", 5433, "saathi")
    assert dict(url.query) == {
        "sslmode": "verify-full",
        "sslrootcert": "/etc/ssl/db-ca.pem",
        "connect_timeout": "10",
    }


def test_postgres_url(settings, monkeypatch):
    monkeypatch.delenv("SAATHI_LINKAGE_PG_URL", raising=False)
    settings.SAATHI_LINKAGE_PG_URL = "postgres://saathi@db.example:5433/linkage"
    assert backends.postgres_url() == "postgresql+psycopg://saathi@db.example:5433/linkage"
    settings.SAATHI_LINKAGE_PG_URL = "mysql://saathi@db.example/linkage"
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        backends.postgres_url()
    settings.SAATHI_LINKAGE_PG_URL = ""
    if ON_POSTGRES:  # Django's own database
        assert backends.postgres_url().startswith("postgresql+psycopg://")
    else:
        with pytest.raises(ValueError, match="SAATHI_LINKAGE_PG_URL"):
            backends.postgres_url()
        with pytest.raises(ValueError, match="SAATHI_LINKAGE_PG_URL"):
            match(
                [{"record_id": str(i), "name": f"Padma {i}"} for i in range(3)], backend="postgres"
            )


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


@pytest.mark.skipif(not ON_POSTGRES, reason=ON_SQLITE)
def test_postgres_gives_duckdbs_clusters(django_db_setup, indian_list, on_duckdb):
    from sqlalchemy import create_engine

    result = match(indian_list, review_floor=REVIEW_FLOOR, backend="postgres")
    assert result.stats["backend"] == "postgres"
    assert_same_result(result, on_duckdb)
    engine = create_engine(backends.postgres_url())
    try:
        assert run_schemas(engine) == []  # dropped: no personal data left behind
    finally:
        engine.dispose()
