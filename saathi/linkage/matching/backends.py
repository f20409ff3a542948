"""The model's predictions on Splink's Spark or PostgreSQL backend (ADR 0041).

``match(..., backend="spark")`` (or ``"postgres"``) prepares the records, adds the
blocking keys and trains exactly as on DuckDB (engine.py); only the prediction, the SQL
that scores every candidate pair, runs on the other backend. The trained model travels as
Splink's settings dictionary (``linker.misc.save_model_to_json()``), the finished input
table as an Arrow table (copied into PostgreSQL), and the scored pairs come back as an
Arrow table into the DuckDB connection, where ``engine._cluster`` and ``engine._pairs``
read them as before.

The model's SQL (model.py) is written once, with DuckDB's string functions
``jaro_winkler_similarity``, ``damerau_levenshtein`` and ``hamming``. Spark has none of
them, and Splink's Spark jar is not DuckDB (it returns 0.0 for a NULL input where DuckDB
returns NULL, and scores with Apache Commons Text's Jaro-Winkler), so this module gives
Spark the three functions as DuckDB computes them, to the last bit of the double: the
Python functions below, as UDFs, tested against DuckDB itself. PostgreSQL has none of
them either (fuzzystrmatch's ``levenshtein`` is not Damerau's): PL/pgSQL versions of the
same functions, created in the run's own schema, tested against the Python ones.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import sys
import tempfile
from fractions import Fraction

import pyarrow as pa

from . import model as M

log = logging.getLogger(__name__)

BACKENDS = ("duckdb", "spark", "postgres")
# the scored pairs' table in the DuckDB connection, once read back from the backend
PREDICTIONS_TABLE = "backend_predictions"
# the columns read back: all that clustering and the review band need
PREDICTION_COLUMNS = ("unique_id_l", "unique_id_r", "match_probability")


# ------------------------------------------------------------ DuckDB's string functions


def jaro_winkler_similarity(a: str | None, b: str | None, fused: bool = True) -> float | None:
    """DuckDB's ``jaro_winkler_similarity(a, b)``, on characters: Jaro similarity
    (window of max(len)/2 - 1; each character of ``b`` takes the first free equal
    character of ``a`` in its window; transpositions halved and rounded down; 0 for two
    empty strings), plus the Winkler bonus of 0.1 per common leading character (at most
    four) when the Jaro score is above 0.7. NULL when either side is NULL. The arithmetic
    follows DuckDB's order, so the results are the same doubles; DuckDB's build computes
    the bonus with a fused multiply-add (``fused``, see ``duckdb_fuses()``)."""
    if a is None or b is None:
        return None
    ls, lt = len(a), len(b)
    if ls == 0 or lt == 0:
        return 0.0
    prefix = 0
    while prefix < min(ls, lt, 4) and a[prefix] == b[prefix]:
        prefix += 1
    if ls == 1 and lt == 1:
        sim = 1.0 if a == b else 0.0
    else:
        bound = max(ls, lt) // 2 - 1
        taken = [False] * ls
        matched = [False] * lt
        common = 0
        for j in range(lt):
            for i in range(max(0, j - bound), min(ls, j + bound + 1)):
                if not taken[i] and a[i] == b[j]:
                    taken[i] = matched[j] = True
                    common += 1
                    break
        if common == 0:
            return 0.0
        transpositions, i = 0, 0
        for j in range(lt):
            if matched[j]:
                while not taken[i]:
                    i += 1
                transpositions += a[i] != b[j]
                i += 1
        transpositions //= 2
        sim = (common / ls + common / lt + (common - transpositions) / common) / 3.0
    if sim > 0.7:
        if fused:  # one rounding of the exact sum, as a fused multiply-add gives
            sim = float(Fraction(prefix * 0.1) * Fraction(1.0 - sim) + Fraction(sim))
        else:
            sim += prefix * 0.1 * (1.0 - sim)
    return sim


def damerau_levenshtein(a: str | None, b: str | None) -> int | None:
    """DuckDB's ``damerau_levenshtein(a, b)``: the edit distance with insertions,
    deletions, substitutions and transpositions of adjacent characters (unrestricted:
    the Lowrance-Wagner algorithm). NULL when either side is NULL."""
    if a is None or b is None:
        return None
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return n + m
    inf = n + m + 1
    # h[i + 1][j + 1]: distance between a[:i] and b[:j]; row and column 0 are the bound
    h = [[inf] * (m + 2) for _ in range(n + 2)]
    for i in range(n + 1):
        h[i + 1][1] = i
    for j in range(m + 1):
        h[1][j + 1] = j
    last_row: dict[str, int] = {}  # character -> last row of a holding it
    for i in range(1, n + 1):
        last_col = 0
        for j in range(1, m + 1):
            k, col = last_row.get(b[j - 1], 0), last_col
            cost = 1
            if a[i - 1] == b[j - 1]:
                cost, last_col = 0, j
            h[i + 1][j + 1] = min(
                h[i][j] + cost,
                h[i + 1][j] + 1,
                h[i][j + 1] + 1,
                h[k][col] + (i - k - 1) + 1 + (j - col - 1),
            )
        last_row[a[i - 1]] = i
    return h[n + 1][m + 1]


def hamming(a: str | None, b: str | None) -> int | None:
    """DuckDB's ``hamming(a, b)``: characters that differ, position by position. DuckDB
    refuses strings of different (or no) length; the model only calls it after checking
    that the lengths agree (phones are never empty), and here such a pair is NULL."""
    if a is None or b is None or len(a) != len(b):
        return None
    return sum(x != y for x, y in zip(a, b, strict=True))


@functools.cache
def duckdb_fuses() -> bool:
    """Whether this DuckDB build rounds the Winkler bonus once (a fused multiply-add,
    as the x86-64 and ARM wheels do) or twice: one pair whose result tells."""
    import duckdb

    with duckdb.connect() as con:
        value = con.execute("select jaro_winkler_similarity('accc', 'abcac')").fetchall()[0][0]
    return value == 0.805


# ------------------------------------------------------------------------ predicting


def predict(backend: str, linker, con, threshold: float) -> str:
    """Score the candidate pairs on ``backend`` with the model ``linker`` holds (trained,
    or its priors, on DuckDB); the scored pairs at or above ``threshold`` land in the
    DuckDB connection ``con``. Returns the name of their table there."""
    model = linker.misc.save_model_to_json()
    frame = con.sql(f"select * from {M.INPUT_TABLE}").to_arrow_table()  # noqa: S608
    if backend == "spark":
        scored = _spark_predict(frame, model, threshold)
    elif backend == "postgres":
        scored = _postgres_predict(frame, model, threshold)
    else:
        raise ValueError(f"unknown backend {backend!r}: one of {', '.join(BACKENDS)}")
    con.register("_scored", scored)
    # the lower id on the left, in DuckDB's (byte) order, as DuckDB's own run has it
    con.execute(
        f"create or replace table {PREDICTIONS_TABLE} as select "  # noqa: S608
        "least(unique_id_l, unique_id_r) as unique_id_l, "
        "greatest(unique_id_l, unique_id_r) as unique_id_r, "
        "match_probability::double as match_probability from _scored"
    )
    con.unregister("_scored")
    return PREDICTIONS_TABLE


def _scored_sql(predictions) -> str:
    return f"select {', '.join(PREDICTION_COLUMNS)} from {predictions.physical_name}"  # noqa: S608


# ----------------------------------------------------------------------------- Spark

SPARK_CONF = {
    "spark.master": "local[2]",
    "spark.app.name": "saathi-linkage",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.memory": "1g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def _spark_predict(frame: pa.Table, model: dict, threshold: float) -> pa.Table:
    """Predict on the active Spark session (a deployment's cluster), or on a local one
    (two cores, a temporary folder for its checkpoints) started and stopped here."""
    from pyspark.sql import SparkSession
    from splink import Linker
    from splink.backends.spark import SparkAPI

    spark = SparkSession.getActiveSession()
    own = spark is None
    with tempfile.TemporaryDirectory(prefix="saathi-spark-") as tmp:
        if own:
            spark = _local_spark(tmp)
        try:
            _register_spark_functions(spark)
            spark.sparkContext.setCheckpointDir(os.path.join(tmp, "checkpoints"))
            db_api = SparkAPI(
                spark_session=spark,
                break_lineage_method="parquet",
                num_partitions_on_repartition=4 if own else None,
                # the jar's functions are not DuckDB's (see the module docstring)
                register_udfs_automatically=False,
            )
            # cached and counted: Spark then knows its size, and joins a small list by
            # broadcasting it instead of shuffling it for every blocking rule
            records = spark.createDataFrame(frame).cache()
            records.count()
            sdf = db_api.register(records, table_name=M.INPUT_TABLE)
            linker = Linker(sdf, model, log_level=None)
            predictions = linker.inference.predict(threshold_match_probability=threshold)
            scored = spark.sql(_scored_sql(predictions)).toArrow()
            db_api.delete_tables_created_by_splink_from_db()
            records.unpersist()
        finally:
            if own:
                spark.stop()
    return scored


def _local_spark(tmp: str):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    conf = dict(SPARK_CONF)
    conf["spark.local.dir"] = tmp
    conf["spark.sql.warehouse.dir"] = os.path.join(tmp, "warehouse")
    # Java's own logging: errors only (the launcher's banner included)
    conf["spark.driver.extraJavaOptions"] = (
        f"-Dlog4j2.level=error -Dlog4j.configurationFile={_log4j_config(tmp)} "
        f"-Djava.io.tmpdir={tmp}"
    )
    for key, value in conf.items():
        builder = builder.config(key, value)
    # the workers run this interpreter (the virtualenv's), not the python on PATH: the
    # context reads PYSPARK_PYTHON once, when it starts
    saved = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = saved or sys.executable
    try:
        spark = builder.getOrCreate()
    finally:
        if saved is None:
            del os.environ["PYSPARK_PYTHON"]
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _log4j_config(tmp: str) -> str:
    path = os.path.join(tmp, "log4j2.properties")
    with open(path, "w", encoding="ascii") as f:
        f.write(
            "rootLogger.level = error\n"
            "rootLogger.appenderRef.stderr.ref = console\n"
            "appender.console.type = Console\n"
            "appender.console.name = console\n"
            "appender.console.target = SYSTEM_ERR\n"
            "appender.console.layout.type = PatternLayout\n"
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n"
        )
    return path


def _register_spark_functions(spark) -> None:
    """DuckDB's three string functions as Arrow-batched Python UDFs, under DuckDB's
    names (Spark SQL has none of them). The functions travel to Spark's Python workers
    by value: the workers need not import Saathi."""
    from pyspark import cloudpickle
    from pyspark.sql.functions import udf
    from pyspark.sql.types import DoubleType, LongType

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    fused = duckdb_fuses()

    def jaro_winkler(a, b):
        return jaro_winkler_similarity(a, b, fused)

    for name, function, kind in (
        ("jaro_winkler_similarity", jaro_winkler, DoubleType()),
        ("damerau_levenshtein", damerau_levenshtein, LongType()),
        ("hamming", hamming, LongType()),
    ):
        spark.udf.register(name, udf(function, kind, useArrow=True))


# ------------------------------------------------------------------------ PostgreSQL

# DuckDB's types of the input table's columns, in PostgreSQL
PG_TYPES = {pa.string(): "text", pa.large_string(): "text", pa.int64(): "bigint"}
# a run's schema: this prefix and 16 hex digits (nothing else is ever dropped as one)
SCHEMA_PREFIX = "linkage_"


# libpq's connection parameters that Django's OPTIONS may carry and a URL can pass on
# ("options" is not among them: the run sets its own search_path and jit through it)
_LIBPQ_OPTIONS = frozenset(
    [
        "sslmode",
        "sslcert",
        "sslkey",
        "sslrootcert",
        "sslcrl",
        "sslpassword",
        "sslnegotiation",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "passfile",
        "service",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "gssencmode",
    ]
)


def postgres_url() -> str:
    """Where the PostgreSQL backend works: ``SAATHI_LINKAGE_PG_URL`` (setting or
    environment), else Django's own database when that is PostgreSQL."""
    from django.conf import settings

    url = getattr(settings, "SAATHI_LINKAGE_PG_URL", "") or os.environ.get(
        "SAATHI_LINKAGE_PG_URL", ""
    )
    if not url:
        db = settings.DATABASES["default"]
        if not db["ENGINE"].endswith("postgresql"):
            raise ValueError(
                "backend='postgres' needs a PostgreSQL database: set SAATHI_LINKAGE_PG_URL "
                "(postgresql://user@host:5432/db), or run Django on PostgreSQL"
            )
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql+psycopg",
            username=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=int(db["PORT"]) if db.get("PORT") else None,
            database=db.get("NAME") or None,
            # the connection parameters of Django's OPTIONS that libpq knows (sslmode and
            # its certificates, a timeout): the linkage run connects as Django does
            query={
                k: str(v)
                for k, v in (db.get("OPTIONS") or {}).items()
                if k in _LIBPQ_OPTIONS and v is not None
            },
        ).render_as_string(hide_password=False)
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ValueError(f"SAATHI_LINKAGE_PG_URL is not a PostgreSQL URL: {scheme}://...")
    return "postgresql+psycopg://" + rest


def postgres_functions_sql(schema: str, fused: bool) -> list[str]:
    """DuckDB's ``jaro_winkler_similarity``, ``damerau_levenshtein`` and ``hamming`` as
    PL/pgSQL functions in ``schema``, following the Python ports above step by step
    (float8 arithmetic in the same order; the fused Winkler bonus through exact integers:
    every double involved is a whole multiple of 2**-56, see ``_PG_FUSED_BONUS``)."""
    bonus = (
        _PG_FUSED_BONUS
        if fused
        else "sim := sim + prefix::float8 * 0.1::float8 * (1.0::float8 - sim);"
    )
    return [
        f"""
CREATE FUNCTION {schema}.jaro_winkler_similarity(a text, b text) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  s text[] := string_to_array(a, NULL);
  t text[] := string_to_array(b, NULL);
  ls int := coalesce(array_length(s, 1), 0);
  lt int := coalesce(array_length(t, 1), 0);
  prefix int := 0;
  lim int;
  bound int;
  common int := 0;
  trans int := 0;
  taken bool[];
  matched bool[];
  i int;
  j int;
  sim float8;
  p float8;
  n numeric;
  q numeric;
  r numeric;
BEGIN
  IF ls = 0 OR lt = 0 THEN
    RETURN 0.0::float8;
  END IF;
  lim := least(ls, lt, 4);
  WHILE prefix < lim AND s[prefix + 1] = t[prefix + 1] LOOP
    prefix := prefix + 1;
  END LOOP;
  IF ls = 1 AND lt = 1 THEN
    sim := CASE WHEN s[1] = t[1] THEN 1.0::float8 ELSE 0.0::float8 END;
  ELSE
    bound := greatest(ls, lt) / 2 - 1;
    taken := array_fill(false, ARRAY[ls]);
    matched := array_fill(false, ARRAY[lt]);
    FOR j IN 0 .. lt - 1 LOOP
      FOR i IN greatest(0, j - bound) .. least(ls, j + bound + 1) - 1 LOOP
        IF NOT taken[i + 1] AND s[i + 1] = t[j + 1] THEN
          taken[i + 1] := true;
          matched[j + 1] := true;
          common := common + 1;
          EXIT;
        END IF;
      END LOOP;
    END LOOP;
    IF common = 0 THEN
      RETURN 0.0::float8;
    END IF;
    i := 0;
    FOR j IN 0 .. lt - 1 LOOP
      IF matched[j + 1] THEN
        WHILE NOT taken[i + 1] LOOP
          i := i + 1;
        END LOOP;
        IF s[i + 1] <> t[j + 1] THEN
          trans := trans + 1;
        END IF;
        i := i + 1;
      END IF;
    END LOOP;
    trans := trans / 2;
    sim := (common::float8 / ls::float8 + common::float8 / lt::float8
            + (common - trans)::float8 / common::float8) / 3.0::float8;
  END IF;
  IF sim > 0.7::float8 THEN
    {bonus}
  END IF;
  RETURN sim;
END
$fn$""",
        f"""
CREATE FUNCTION {schema}.damerau_levenshtein(a text, b text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  s text[] := string_to_array(a, NULL);
  t text[] := string_to_array(b, NULL);
  n int := coalesce(array_length(s, 1), 0);
  m int := coalesce(array_length(t, 1), 0);
  h int[];
  i int;
  j int;
  k int;
  x int;
  col int;
  last_col int;
  cost int;
BEGIN
  IF n = 0 OR m = 0 THEN
    RETURN n + m;
  END IF;
  -- h[r + 1][c + 1] is the Python port's h[r][c]
  h := array_fill(n + m + 1, ARRAY[n + 2, m + 2]);
  FOR i IN 0 .. n LOOP
    h[i + 2][2] := i;
  END LOOP;
  FOR j IN 0 .. m LOOP
    h[2][j + 2] := j;
  END LOOP;
  FOR i IN 1 .. n LOOP
    last_col := 0;
    FOR j IN 1 .. m LOOP
      k := 0;  -- the last row of a before i holding b's character j
      FOR x IN REVERSE i - 1 .. 1 LOOP
        IF s[x] = t[j] THEN
          k := x;
          EXIT;
        END IF;
      END LOOP;
      col := last_col;
      cost := 1;
      IF s[i] = t[j] THEN
        cost := 0;
        last_col := j;
      END IF;
      h[i + 2][j + 2] := least(
        h[i + 1][j + 1] + cost,
        h[i + 2][j + 1] + 1,
        h[i + 1][j + 2] + 1,
        h[k + 1][col + 1] + (i - k - 1) + 1 + (j - col - 1)
      );
    END LOOP;
  END LOOP;
  RETURN h[n + 2][m + 2];
END
$fn$""",
        f"""
CREATE FUNCTION {schema}.hamming(a text, b text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  s text[] := string_to_array(a, NULL);
  t text[] := string_to_array(b, NULL);
  d bigint := 0;
BEGIN
  IF coalesce(array_length(s, 1), 0) <> coalesce(array_length(t, 1), 0) THEN
    RETURN NULL;
  END IF;
  FOR i IN 1 .. coalesce(array_length(s, 1), 0) LOOP
    IF s[i] <> t[i] THEN
      d := d + 1;
    END IF;
  END LOOP;
  RETURN d;
END
$fn$""",
    ]


# The Winkler bonus rounded once: sim + p * (1 - sim) exactly, then to the nearest double
# (ties to even). sim is above 0.7, so sim and the result lie in [0.5, 1], whole multiples
# of 2**-53, and so is 1 - sim (exact); p = prefix * 0.1 is a whole multiple of 2**-56. The
# exact sum times 2**109 is then a whole number, computed in numeric from three bigints.
_PG_FUSED_BONUS = """p := prefix::float8 * 0.1::float8;
    n := (p * 72057594037927936::float8)::bigint::numeric
         * ((1.0::float8 - sim) * 9007199254740992::float8)::bigint::numeric
         + (sim * 9007199254740992::float8)::bigint::numeric * 72057594037927936::numeric;
    q := div(n, 72057594037927936::numeric);
    r := n - q * 72057594037927936::numeric;
    IF 2 * r > 72057594037927936::numeric OR (2 * r = 72057594037927936::numeric AND mod(q, 2) = 1) THEN
      q := q + 1;
    END IF;
    sim := q::float8 / 9007199254740992::float8;"""


def _postgres_api(engine, schema: str):
    """Splink's PostgresAPI confined to the run's schema.

    Splink's PostgreSQL backend looks tables and their columns up in
    ``information_schema`` by name alone, in every schema of the database: a second
    ``beneficiaries`` table anywhere (another run's, or one a killed run left) doubled
    every column of Splink's ``__splink__df_concat`` and PostgreSQL refused the
    blocking SQL ("column reference phone_blk is ambiguous"). Here every look-up is
    the run schema's only, and the columns come in the table's order."""
    from splink.backends.postgres import PostgresAPI
    from splink.internals.input_column import InputColumn
    from splink.internals.postgres.dataframe import PostgresDataFrame

    where = f"table_schema = '{schema}' AND table_name = '{{}}'"

    class RunPostgresDataFrame(PostgresDataFrame):
        @property
        def columns(self) -> list:
            sql = (
                "SELECT column_name FROM information_schema.columns "  # noqa: S608
                f"WHERE {where.format(self.physical_name)} ORDER BY ordinal_position"
            )
            names = [r[0] for r in self.db_api._execute_sql_against_backend(sql).all()]
            return [InputColumn(c, sqlglot_dialect_str="postgres") for c in names]

        def validate(self):
            if not self.db_api.table_exists_in_database(self.physical_name):
                raise ValueError(f"{self.physical_name} does not exist in {schema}")

    class RunPostgresAPI(PostgresAPI):
        def _register_extensions(self):
            # fuzzystrmatch is database-wide, and the model does not use it: the three
            # functions it needs are the run schema's own
            return None

        def _execute_sql_against_backend(self, final_sql, *args, **kwargs):
            return super()._execute_sql_against_backend(_materialized(final_sql), *args, **kwargs)

        def table_to_splink_dataframe(self, templated_name, physical_name):
            return RunPostgresDataFrame(templated_name, physical_name, self)

        def table_exists_in_database(self, table_name):
            sql = f"SELECT 1 FROM information_schema.tables WHERE {where.format(table_name)}"  # noqa: S608
            return len(self._execute_sql_against_backend(sql).all()) > 0

    return RunPostgresAPI(engine, schema=schema)


_VECTORS_CTE = re.compile(r"^(__splink__df_comparison_vectors) as \(", re.MULTILINE)


def _materialized(sql: str) -> str:
    """Splink's prediction SQL with its comparison vectors computed once per pair.

    PostgreSQL inlines a CTE used once; the weights' CASE then reads each gamma column
    once per level (and the probability reads each weight four times), so every
    comparison's CASE, with its PL/pgSQL calls, ran dozens of times a pair: 29.5 s
    instead of 2.7 s at 2,000 records."""
    return _VECTORS_CTE.sub(r"\1 as MATERIALIZED (", sql, count=1)


@contextlib.contextmanager
def run_schema(url: str | None = None, fused: bool | None = None):
    """A schema of the run's own (``linkage_<hex>``) in the PostgreSQL database ``url``
    (``postgres_url()``), holding DuckDB's three functions: yields a SQLAlchemy engine
    whose connections search it first, and the schema's name. The schema is dropped
    afterwards, whatever happens, so no personal data is left in the database. A run that
    was killed cannot drop its schema: each run holds an advisory lock named after its
    schema while it works, and the next run drops every run schema whose lock nobody
    holds."""
    import secrets

    from sqlalchemy import create_engine

    schema = f"{SCHEMA_PREFIX}{secrets.token_hex(8)}"
    engine = create_engine(
        url or postgres_url(),
        # every connection of the pool searches the run's schema first; no JIT: LLVM
        # takes tens of minutes (and cannot be interrupted) optimising the model's long
        # CASE expressions, which it would then run once per pair
        connect_args={"options": f"-c search_path={schema},public -c jit=off"},
        pool_size=2,
    )
    try:
        with engine.connect() as holder:  # the run's lock, held until the schema is gone
            holder.exec_driver_sql(f"SELECT pg_advisory_lock({_lock_key(schema)})")
            holder.commit()
            _drop_orphans(engine)
            try:
                with engine.begin() as con:
                    con.exec_driver_sql(f"CREATE SCHEMA {schema}")
                    for sql in postgres_functions_sql(
                        schema, duckdb_fuses() if fused is None else fused
                    ):
                        con.exec_driver_sql(sql)
                yield engine, schema
            finally:
                with engine.begin() as con:
                    con.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                holder.exec_driver_sql(f"SELECT pg_advisory_unlock({_lock_key(schema)})")
                holder.commit()
    finally:
        engine.dispose()


def _postgres_predict(frame: pa.Table, model: dict, threshold: float) -> pa.Table:
    """Predict in a schema of the run's own (``run_schema``): the input table (copied
    in), DuckDB's three functions and Splink's tables all live there."""
    from splink import Linker

    with run_schema() as (engine, schema):
        with engine.begin() as con:
            _copy_table(con, schema, M.INPUT_TABLE, frame)
        db_api = _postgres_api(engine, schema)
        sdf = db_api.register(M.INPUT_TABLE)
        linker = Linker(sdf, model, log_level=None)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        with engine.connect() as con:
            rows = con.exec_driver_sql(_scored_sql(predictions)).all()
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in PREDICTION_COLUMNS]
    return pa.table(
        {
            "unique_id_l": pa.array(columns[0], pa.string()),
            "unique_id_r": pa.array(columns[1], pa.string()),
            "match_probability": pa.array(columns[2], pa.float64()),
        }
    )


def _lock_key(schema: str) -> str:
    return f"hashtextextended('{schema}', 0)"


def _drop_orphans(engine) -> None:
    """Drop the run schemas no running run holds (a killed run's), without waiting."""
    with engine.connect() as con:
        names = [
            r[0]
            for r in con.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'linkage_')"
            ).all()
            if re.fullmatch(SCHEMA_PREFIX + "[0-9a-f]{16}", r[0])
        ]
        con.commit()
        for name in names:
            if not con.exec_driver_sql(f"SELECT pg_try_advisory_lock({_lock_key(name)})").scalar():
                continue  # a run at work
            try:
                con.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
                con.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
                con.commit()
                log.warning("dropped the schema %s a stopped run had left", name)
            except Exception:  # busy: the next run tries again
                con.rollback()
            finally:
                con.exec_driver_sql(f"SELECT pg_advisory_unlock({_lock_key(name)})")
                con.commit()


def _copy_table(con, schema: str, name: str, frame: pa.Table) -> None:
    """The Arrow table into a new table of ``schema``, with COPY (psycopg's)."""
    fields = []
    for field in frame.schema:
        if field.type not in PG_TYPES:
            raise TypeError(f"no PostgreSQL type for {field.name}: {field.type}")
        fields.append(f'"{field.name}" {PG_TYPES[field.type]}')
    con.exec_driver_sql(f"CREATE TABLE {schema}.{name} ({', '.join(fields)})")
    cursor = con.connection.driver_connection.cursor()
    names = ", ".join(f'"{n}"' for n in frame.column_names)
    with cursor.copy(f"COPY {schema}.{name} ({names}) FROM STDIN") as copy:  # noqa: S608
        for batch in frame.to_batches(10_000):
            for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                copy.write_row(row)
    con.exec_driver_sql(f"ANALYZE {schema}.{name}")
