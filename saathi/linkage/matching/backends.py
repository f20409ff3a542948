"""The model's predictions on Splink's Spark backend (ADR 0041).

``match(..., backend="spark")`` prepares the records, adds the blocking keys
and trains exactly as on DuckDB (engine.py); only the prediction, the SQL that scores
every candidate pair, runs on Spark. The trained model travels as Splink's
settings dictionary (``linker.misc.save_model_to_json()``), the finished input table as
an Arrow table, and the scored pairs come back as an Arrow table into the DuckDB
connection, where ``engine._cluster`` and ``engine._pairs`` read them as before.

The model's SQL (model.py) is written once, with DuckDB's string functions
``jaro_winkler_similarity``, ``damerau_levenshtein`` and ``hamming``. Spark has none of
them, and Splink's Spark jar is not DuckDB (it returns 0.0 for a NULL input where DuckDB
returns NULL, and scores with Apache Commons Text's Jaro-Winkler), so this module gives
Spark the three functions as DuckDB computes them, to the last bit of the double: the
Python functions below, as UDFs, tested against DuckDB itself.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
from fractions import Fraction

import pyarrow as pa

from . import model as M

log = logging.getLogger(__name__)

BACKENDS = ("duckdb", "spark")
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
