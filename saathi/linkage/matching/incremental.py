"""Incremental linking: a new list against an already-linked registry, without re-linking it.

    index = RegistryIndex.build(registry, model=result.model)   # once: minutes at 1,000,000
    index.add(joined)                                            # members who joined since
    result = index.link(new_records)                             # a MatchResult, like match()

The index holds the registry's prepared rows (``prepare.prepare`` + the per-record part of
``prepare.add_blocking_keys``), each record's name words, and the counts every
list-dependent key is made of: name words per district (her two rarest words), phones,
the capped combinations (``prepare.COMBO_KEYS``) and the values the model adjusts for
term frequencies. Linking a list keys the new records only, against those counts plus the
new records' own: exactly the keys ``match(new, against=registry)`` would give every
record. Registry records whose rarest words the new records change (a word of theirs now
more common) are keyed again; nobody else's keys can change, because counts only grow.
The candidate registry records (those sharing a blocking key with a new record) and the
new records go to Splink's own ``predict`` as a small table, with term-frequency tables
registered from the counts: the same model, the same pairs (new x registry, new x new)
and the same probabilities as the full path, and the same clustering (engine._cluster).

The model itself (m, u, lambda) is not re-estimated: ``link`` scores with the parameters
it is given (by default the ones stored in the index, ``MatchResult.model`` of a full run).
See docs/adr/0043-incremental-linking.md.

SQL here is assembled from this package's constants and table names only; values travel
as parameters or Arrow tables (hence the file-wide S608 waiver).
"""

# ruff: noqa: S608

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import struct
import time

import duckdb
import pyarrow as pa
import pyarrow.ipc

from . import MatchResult
from . import model as M
from .prepare import (
    COLUMNS,
    COMBO_BLOCK_CAP,
    COMBO_KEYS,
    PHONE_BLOCK_CAP,
    SKELETON_SQL,
    WORD_BLOCK_CAP,
    add_blocking_keys,
    combo_key_sql,
    prepare,
)

FORMAT = "saathi-registry-index/1"
# the keys that depend on the whole list (computed here from the counts)
CONTEXT_COLUMNS = ("tok1", "tok2", "rtok", "skel1", "phone_blk", *COMBO_KEYS)
TABLES = ("reg", "reg_words", "n_word", "n_phone", "n_key", "n_tf")
# the columns the model adjusts for term frequencies (name key, village)
TF_COLUMNS = tuple(
    dict.fromkeys(level.tf for levels in M.COMPARISONS.values() for level in levels if level.tf)
)
_NOT_BOTH = f" AND {M.NOT_BOTH_AGAINST}"


def fingerprint(record: dict, key: bytes = b"") -> str:
    """A (keyed) digest of the record's fields: tells a changed record from an unchanged
    one without keeping its values."""
    text = "\x1f".join("" if record.get(c) is None else str(record.get(c)) for c in COLUMNS)
    return hashlib.blake2b(text.encode(), key=key, digest_size=16).hexdigest()


def _rtok(tok: str = "tok1", n: str = "n1") -> str:
    return f"CASE WHEN {n} <= {WORD_BLOCK_CAP} THEN {tok} END"


def _skel(tok: str = "tok1") -> str:
    return f"CASE WHEN length({tok}) > 2 THEN {SKELETON_SQL.format(w=tok)} END"


def _candidate_rules() -> list[str]:
    """The model's blocking rules as joins of a new record ``n`` to a registry row ``r``
    whose capped keys are stored uncapped: a registry record with the new record's key
    value shares its count, so the new record's capped key decides for both."""
    out = []
    for rule in M.blocking_rules():
        rule = rule.replace(_NOT_BOTH, "")
        rule = re.sub(r"\bl\.", "n.", rule)
        out.append(rule.replace("r.phone_blk", "r.phone"))
    return out


def _has_tf(params: dict) -> bool:
    return any(
        "tf_adjustment_column" in level
        for comparison in params.get("comparisons", ())
        for level in comparison.get("comparison_levels", ())
    )


class RegistryIndex:
    """An already-linked registry, prepared and counted once, linked against new lists."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, model=None, fp_key: bytes = b""):
        self.con = con
        self.model = model
        self.fp_key = fp_key
        self._base_columns: list[str] | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, records: list[dict], *, model=None, fp_key: bytes = b"") -> RegistryIndex:
        """Index ``records`` (deduplicated already) from scratch."""
        con = _connect()
        index = cls(con, model=model, fp_key=fp_key)
        frame = prepare([], records)
        add_blocking_keys(con, frame, "_b_keyed")
        con.register("_b_prep", frame)
        fps = pa.table(  # noqa: F841 - read by DuckDB below
            {
                "unique_id": frame.column("unique_id"),
                "fp": pa.array([fingerprint(r, fp_key) for r in records], pa.string()),
            }
        )
        con.execute(
            "CREATE TABLE reg_words AS SELECT unique_id, district, "
            "unnest(string_split(nm_sorted, ' ')) AS w FROM _b_prep"
        )
        con.execute(
            "CREATE TABLE n_word AS SELECT w, district, count(*)::BIGINT AS n "
            "FROM reg_words GROUP BY w, district"
        )
        base = index._base(table="_b_keyed")
        raw = ", ".join(f"{combo_key_sql(cols)} AS {kind}" for kind, cols in COMBO_KEYS.items())
        con.execute(
            f"CREATE TABLE reg AS SELECT {', '.join(f'k.{c}' for c in base)}, "
            f"k.tok1, k.tok2, nw.n AS n1, k.rtok, k.skel1, {raw}, f.fp "
            f"FROM _b_keyed k LEFT JOIN n_word nw ON nw.w = k.tok1 "
            f"AND nw.district IS NOT DISTINCT FROM k.district "
            f"JOIN fps f USING (unique_id)"
        )
        con.execute(
            "CREATE TABLE n_phone AS SELECT phone, count(*)::BIGINT AS n FROM reg "
            "WHERE phone IS NOT NULL GROUP BY phone"
        )
        keys = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, {kind} AS key, count(*)::BIGINT AS n FROM reg "
            f"WHERE {kind} IS NOT NULL GROUP BY {kind}"
            for kind in COMBO_KEYS
        )
        con.execute(f"CREATE TABLE n_key AS {keys}")
        tf = " UNION ALL ".join(
            f"SELECT '{c}' AS col, {c} AS value, count(*)::BIGINT AS n FROM reg "
            f"WHERE {c} IS NOT NULL GROUP BY {c}"
            for c in TF_COLUMNS
        )
        con.execute(f"CREATE TABLE n_tf AS {tf}")
        con.unregister("_b_prep")
        con.execute("DROP TABLE _b_keyed")
        return index

    def __len__(self) -> int:
        return self.con.execute("SELECT count(*) FROM reg").fetchall()[0][0]

    def _base(self, table: str = "reg") -> list[str]:
        """The per-record columns (everything but the list-dependent keys)."""
        if self._base_columns is None:
            cols = [d[0] for d in self.con.execute(f"SELECT * FROM {table} LIMIT 0").description]
            skip = set(CONTEXT_COLUMNS) | {"n1", "fp"}
            self._base_columns = [c for c in cols if c not in skip]
        return self._base_columns

    # ------------------------------------------------------------------ the new records' keys
    def _context(self, records: list[dict]) -> None:
        """Temp tables for ``records`` keyed in the registry's context: ``_c_new`` (their
        rows, raw combination keys), ``_c_aff`` (registry rows whose rarest words change),
        ``_c_dw`` / ``_c_dp`` / ``_c_dk`` / ``_c_dt`` (what the new records add to the
        word, phone, combination and term-frequency counts)."""
        con = self.con
        frame = prepare(records, [])
        add_blocking_keys(con, frame, "_c_new0")
        con.register("_c_prep", frame)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_words AS SELECT unique_id, district, "
            "unnest(string_split(nm_sorted, ' ')) AS w FROM _c_prep"
        )
        con.unregister("_c_prep")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_dw AS SELECT w, district, count(*)::BIGINT AS n "
            "FROM _c_words GROUP BY w, district"
        )
        # a word's count in her district, with the new records
        with_new = (
            "(SELECT x.unique_id, x.w, coalesce(b.n, 0) + coalesce(d.n, 0) AS n FROM {src} x "
            "LEFT JOIN n_word b ON b.w = x.w AND b.district IS NOT DISTINCT FROM x.district "
            "LEFT JOIN _c_dw d ON d.w = x.w AND d.district IS NOT DISTINCT FROM x.district)"
        )
        toks = (
            "SELECT unique_id, min_by(w, struct_pack(n := n, w := w), 2) AS t, min(n) AS n1 "
            "FROM {counted} GROUP BY unique_id"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_tok AS "
            + toks.format(counted=with_new.format(src="_c_words"))
        )
        # registry rows one of whose two rarest words the new records carry in her district
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_affected AS "
            "SELECT unique_id FROM reg r SEMI JOIN _c_dw d ON d.w = r.tok1 "
            "AND d.district IS NOT DISTINCT FROM r.district UNION "
            "SELECT unique_id FROM reg r SEMI JOIN _c_dw d ON d.w = r.tok2 "
            "AND d.district IS NOT DISTINCT FROM r.district"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_afftok AS "
            + toks.format(
                counted=with_new.format(
                    src="(SELECT * FROM reg_words SEMI JOIN _c_affected USING (unique_id))"
                )
            )
        )
        ta = COMBO_KEYS["ta_blk"]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_aff AS SELECT unique_id, tok1, tok2, n1, "
            f"{_rtok()} AS rtok, {_skel()} AS skel1, {combo_key_sql(ta)} AS ta_blk, "
            "old_ta_blk FROM (SELECT r.unique_id, t.t[1] AS tok1, t.t[2] AS tok2, t.n1, "
            "r.age, r.state, r.ta_blk AS old_ta_blk "
            "FROM _c_afftok t JOIN reg r USING (unique_id)) k"
        )
        base = ", ".join(f"n0.{c}" for c in self._base())
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_new1 AS SELECT {base}, "
            "t.t[1] AS tok1, t.t[2] AS tok2, t.n1 "
            "FROM _c_new0 n0 LEFT JOIN _c_tok t USING (unique_id)"
        )
        raw = ", ".join(f"{combo_key_sql(cols)} AS {kind}" for kind, cols in COMBO_KEYS.items())
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_new AS SELECT k.* EXCLUDE (n1), n1, "
            f"{_rtok('k.tok1', 'k.n1')} AS rtok, {_skel('k.tok1')} AS skel1, {raw} FROM _c_new1 k"
        )
        con.execute("DROP TABLE _c_new0")
        con.execute("DROP TABLE _c_new1")
        # what the new records (and the registry rows keyed again) add to the counts
        new_keys = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, {kind} AS key, 1 AS d FROM _c_new WHERE {kind} IS NOT NULL"
            for kind in COMBO_KEYS
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_dk AS SELECT kind, key, sum(d)::BIGINT AS d FROM ("
            f"{new_keys} UNION ALL "
            "SELECT 'ta_blk', old_ta_blk, -1 FROM _c_aff WHERE old_ta_blk IS NOT NULL "
            "AND old_ta_blk IS DISTINCT FROM ta_blk UNION ALL "
            "SELECT 'ta_blk', ta_blk, 1 FROM _c_aff WHERE ta_blk IS NOT NULL "
            "AND old_ta_blk IS DISTINCT FROM ta_blk) GROUP BY kind, key"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_dp AS SELECT phone, count(*)::BIGINT AS d "
            "FROM _c_new WHERE phone IS NOT NULL GROUP BY phone"
        )
        tf = " UNION ALL ".join(
            f"SELECT '{c}' AS col, {c} AS value, count(*)::BIGINT AS d FROM _c_new "
            f"WHERE {c} IS NOT NULL GROUP BY {c}"
            for c in TF_COLUMNS
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE _c_dt AS {tf}")

    def _drop_context(self) -> None:
        for t in ("_c_words", "_c_dw", "_c_tok", "_c_affected", "_c_afftok", "_c_aff"):
            self.con.execute(f"DROP TABLE IF EXISTS {t}")
        for t in ("_c_new", "_c_dk", "_c_dp", "_c_dt"):
            self.con.execute(f"DROP TABLE IF EXISTS {t}")

    # ------------------------------------------------------------------ adding members
    def add(self, records: list[dict]) -> None:
        """Records that joined the registry (new ids): their rows, the rows whose rarest
        words they change, and only the counts they touch."""
        if not records:
            return
        con = self.con
        self._context(records)
        try:
            con.execute("BEGIN")
            fps = pa.table(  # noqa: F841 - read by DuckDB below
                {
                    "unique_id": pa.array([str(r["record_id"]).strip() for r in records]),
                    "fp": pa.array([fingerprint(r, self.fp_key) for r in records], pa.string()),
                }
            )
            cols = [d[0] for d in con.execute("SELECT * FROM reg LIMIT 0").description]
            select = ", ".join("f.fp" if c == "fp" else f"n.{c}" for c in cols)
            con.execute(
                f"INSERT INTO reg SELECT {select} FROM _c_new n JOIN fps f USING (unique_id)"
            )
            con.execute(
                "UPDATE reg SET tok1 = a.tok1, tok2 = a.tok2, n1 = a.n1, rtok = a.rtok, "
                "skel1 = a.skel1, ta_blk = a.ta_blk FROM _c_aff a "
                "WHERE reg.unique_id = a.unique_id"
            )
            con.execute("INSERT INTO reg_words SELECT unique_id, district, w FROM _c_words")
            _upsert(con, "n_word", ("w", "district"), "SELECT w, district, n AS d FROM _c_dw")
            _upsert(con, "n_phone", ("phone",), "SELECT phone, d FROM _c_dp")
            _upsert(con, "n_key", ("kind", "key"), "SELECT kind, key, d FROM _c_dk")
            _upsert(con, "n_tf", ("col", "value"), "SELECT col, value, d FROM _c_dt")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            self._drop_context()

    def diff(self, records: list[dict]) -> tuple[list[dict], set[str]]:
        """Against the registry as it is now: the records the index lacks, and the ids it
        holds that changed or left (those need a new index)."""
        current = pa.table(  # noqa: F841 - read by DuckDB below
            {
                "unique_id": pa.array([str(r["record_id"]).strip() for r in records]),
                "fp": pa.array([fingerprint(r, self.fp_key) for r in records], pa.string()),
            }
        )
        missing = {
            row[0]
            for row in self.con.execute(
                "SELECT unique_id FROM current ANTI JOIN reg USING (unique_id)"
            ).fetchall()
        }
        stale = {
            row[0]
            for row in self.con.execute(
                "SELECT r.unique_id FROM reg r LEFT JOIN current c USING (unique_id) "
                "WHERE c.fp IS DISTINCT FROM r.fp"
            ).fetchall()
        }
        new = [r for r in records if str(r["record_id"]).strip() in missing]
        return new, stale

    # ------------------------------------------------------------------ linking
    def link(
        self,
        new_records: list[dict],
        params: dict | None = None,
        *,
        threshold: float = 0.9,
        review_floor: float = 0.5,
    ) -> MatchResult:
        """``match(new_records, against=<the registry>)`` with the model ``params`` (the
        index's model by default; the priors when it has none), without re-linking the
        registry: pairs new x registry and new x new only."""
        from .engine import _cluster, _pairs

        t0 = time.perf_counter()
        params = params if params is not None else self.model
        if params is None:
            params = M.settings(False)
        ids = [str(r["record_id"]).strip() for r in new_records]
        if len(set(ids)) != len(ids):
            raise ValueError("record_id must be unique across records and against")
        stats: dict = {"records": len(ids) + len(self), "incremental": True}
        if not new_records:
            return MatchResult(clusters={}, pairs=[], stats=stats, model=params)
        con = self.con
        self._context(new_records)
        try:
            clash = con.execute("SELECT count(*) FROM _c_new SEMI JOIN reg USING (unique_id)")
            if clash.fetchall()[0][0]:
                raise ValueError("record_id must be unique across records and against")
            stats["prepare_s"] = round(time.perf_counter() - t0, 3)
            small = self._candidates()
            tf = self._tf_tables(small) if _has_tf(params) else {}
        finally:
            self._drop_context()
        stats["candidates"] = small.num_rows - len(ids)
        stats["block_s"] = round(time.perf_counter() - t0, 3)

        from splink import Linker
        from splink.backends.duckdb import DuckDBAPI

        M.quiet_splink()
        score = duckdb.connect()
        try:
            score.execute("SET threads TO 2")
            score.register("_small", small)
            score.execute(f"CREATE TABLE {M.INPUT_TABLE} AS SELECT * FROM _small")
            score.unregister("_small")
            db_api = DuckDBAPI(connection=score)
            linker = Linker(db_api.register(M.INPUT_TABLE), copy.deepcopy(params), log_level=None)
            for col, table in tf.items():
                score.register(f"_tf_{col}", table)
                score.execute(f"CREATE TABLE tf_{col} AS SELECT * FROM _tf_{col}")
                linker.table_management.register_term_frequency_lookup(
                    db_api.register(f"tf_{col}"), col
                )
            predictions = linker.inference.predict(
                threshold_match_probability=min(threshold, review_floor)
            )
            table = predictions.physical_name
            count_sql = f"select count(*) from {table}"
            stats["pairs_scored"] = score.execute(count_sql).fetchall()[0][0]
            stats["predict_s"] = round(time.perf_counter() - t0, 3)
            all_ids = small.column("unique_id").to_pylist()
            clusters = _cluster(score, table, all_ids, threshold)
            pairs = _pairs(score, table, review_floor)
        finally:
            score.close()
        stats["total_s"] = round(time.perf_counter() - t0, 3)
        return MatchResult(
            clusters=clusters, pairs=pairs, trained=_has_tf(params), stats=stats, model=params
        )

    def _candidates(self) -> pa.Table:
        """The new records and every registry record sharing a blocking key with one of
        them, with the keys of the whole list (new records and registry together)."""
        con = self.con
        base = self._base()
        # the new records' capped keys, from the counts with them
        con.execute("CREATE OR REPLACE TEMP TABLE _c_newb AS " + self._capped("_c_new", "n"))
        # the registry rows keyed again, with their other columns
        over = ("tok1", "tok2", "rtok", "skel1", "ta_blk")
        keep = ", ".join(f"r.{c}" for c in base) + ", "
        keep += ", ".join(
            f"a.{c}" if c in over else f"r.{c}" for c in ("tok1", "tok2", "rtok", "skel1")
        )
        keep += ", " + ", ".join(f"a.{k}" if k in over else f"r.{k}" for k in COMBO_KEYS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_affrows AS SELECT {keep} "
            "FROM _c_aff a JOIN reg r USING (unique_id)"
        )
        found = []
        for rule in _candidate_rules():
            for source in ("reg", "_c_affrows"):
                found.append(f"SELECT r.unique_id FROM {source} r JOIN _c_newb n ON {rule}")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_cand AS SELECT DISTINCT unique_id FROM ("
            + " UNION ALL ".join(found)
            + ")"
        )
        cols = ", ".join(base) + ", tok1, tok2, rtok, skel1, " + ", ".join(COMBO_KEYS)
        # a candidate's keys: the rows keyed again where they were, the stored ones else
        rows = (
            f"(SELECT {cols} FROM _c_affrows SEMI JOIN _c_cand USING (unique_id) "
            f"UNION ALL SELECT {cols} FROM reg SEMI JOIN _c_cand USING (unique_id) "
            f"ANTI JOIN _c_aff USING (unique_id))"
        )
        con.execute("CREATE OR REPLACE TEMP TABLE _c_regb AS " + self._capped(rows, "r"))
        small = con.sql(
            f"SELECT {cols}, phone_blk FROM _c_newb UNION ALL "
            f"SELECT {cols}, phone_blk FROM _c_regb ORDER BY unique_id"
        ).to_arrow_table()
        for t in ("_c_newb", "_c_affrows", "_c_cand", "_c_regb"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        if isinstance(small, pa.RecordBatchReader):
            small = small.read_all()
        return small

    def _capped(self, source: str, alias: str) -> str:
        """``source`` with phone_blk and the combination keys capped by the counts of the
        registry plus the new records."""
        a = alias
        joins = [
            f"LEFT JOIN n_phone bp ON bp.phone = {a}.phone",
            f"LEFT JOIN _c_dp dp ON dp.phone = {a}.phone",
        ]
        cols = [
            f"CASE WHEN coalesce(bp.n, 0) + coalesce(dp.d, 0) <= {PHONE_BLOCK_CAP} "
            f"THEN {a}.phone END AS phone_blk"
        ]
        for i, kind in enumerate(COMBO_KEYS):
            joins.append(f"LEFT JOIN n_key b{i} ON b{i}.kind = '{kind}' AND b{i}.key = {a}.{kind}")
            joins.append(f"LEFT JOIN _c_dk d{i} ON d{i}.kind = '{kind}' AND d{i}.key = {a}.{kind}")
            cols.append(
                f"CASE WHEN coalesce(b{i}.n, 0) + coalesce(d{i}.d, 0) <= {COMBO_BLOCK_CAP} "
                f"THEN {a}.{kind} END AS {kind}"
            )
        return (
            f"SELECT {a}.* EXCLUDE ({', '.join(COMBO_KEYS)}), {', '.join(cols)} "
            f"FROM {source} {a} {' '.join(joins)}"
        )

    def _tf_tables(self, small: pa.Table) -> dict[str, pa.Table]:
        """Splink's term-frequency lookups (count / non-null count over registry and new
        records), for the values of the small table."""
        con = self.con
        out = {}
        con.register("_c_small", small)
        try:
            for c in TF_COLUMNS:
                total = con.execute(
                    "SELECT (SELECT coalesce(sum(n), 0) FROM n_tf WHERE col = ?) + "
                    "(SELECT coalesce(sum(d), 0) FROM _c_dt WHERE col = ?)",
                    [c, c],
                ).fetchall()[0][0]
                # c is one of TF_COLUMNS, total an integer: no value from outside
                table = con.sql(
                    f"SELECT v AS {c}, "
                    f"cast(coalesce(b.n, 0) + coalesce(d.d, 0) AS float8) / {int(total)}::BIGINT "
                    f"AS tf_{c} "
                    f"FROM (SELECT DISTINCT {c} AS v FROM _c_small WHERE {c} IS NOT NULL) s "
                    f"LEFT JOIN n_tf b ON b.col = '{c}' AND b.value = s.v "
                    f"LEFT JOIN _c_dt d ON d.col = '{c}' AND d.value = s.v"
                ).to_arrow_table()
                if isinstance(table, pa.RecordBatchReader):
                    table = table.read_all()
                out[c] = table
        finally:
            con.unregister("_c_small")
        return out

    # ------------------------------------------------------------------ storing
    def tables(self) -> dict[str, pa.Table]:
        """The index's tables, rows in a stable order (for storing and comparing)."""
        out = {}
        for name in TABLES:
            cols = [d[0] for d in self.con.execute(f"SELECT * FROM {name} LIMIT 0").description]
            order = ", ".join(f"{c} NULLS FIRST" for c in cols)
            t = self.con.sql(f"SELECT * FROM {name} ORDER BY {order}").to_arrow_table()
            out[name] = t.read_all() if isinstance(t, pa.RecordBatchReader) else t
        return out

    def to_bytes(self) -> bytes:
        """The whole index as one blob (Arrow IPC streams behind a JSON header)."""
        parts = []
        for name in TABLES:
            t = self.con.sql(f"SELECT * FROM {name}").to_arrow_table()
            t = t.read_all() if isinstance(t, pa.RecordBatchReader) else t
            sink = io.BytesIO()
            with pa.ipc.new_stream(sink, t.schema) as writer:
                writer.write_table(t)
            parts.append((name, sink.getvalue()))
        header = json.dumps(
            {"format": FORMAT, "model": self.model, "tables": [[n, len(b)] for n, b in parts]}
        ).encode()
        return struct.pack(">I", len(header)) + header + b"".join(b for _n, b in parts)

    @classmethod
    def from_bytes(cls, data: bytes, *, fp_key: bytes = b"") -> RegistryIndex:
        (size,) = struct.unpack(">I", data[:4])
        header = json.loads(data[4 : 4 + size])
        if header.get("format") != FORMAT:
            raise ValueError("not a registry index of this version")
        con = _connect()
        offset = 4 + size
        for name, length in header["tables"]:
            if name not in TABLES:
                raise ValueError("unexpected table in a registry index")
            stored = pa.ipc.open_stream(data[offset : offset + length]).read_all()  # noqa: F841
            offset += length
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM stored")
        return cls(con, model=header.get("model"), fp_key=fp_key)

    def close(self) -> None:
        self.con.close()


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    return con


def _upsert(con, table: str, keys: tuple[str, ...], deltas: str) -> None:
    """Add ``deltas`` (key columns, d) to ``table``'s counts n; a count that falls to
    zero goes (a registry record keyed again leaves its old block)."""
    on = " AND ".join(f"t.{k} IS NOT DISTINCT FROM x.{k}" for k in keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _c_delta AS {deltas}")
    con.execute(f"UPDATE {table} t SET n = t.n + x.d FROM _c_delta x WHERE {on}")
    con.execute(
        f"INSERT INTO {table} SELECT {', '.join(f'x.{k}' for k in keys)}, x.d "
        f"FROM _c_delta x WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})"
    )
    con.execute(f"DELETE FROM {table} WHERE n = 0")
    con.execute("DROP TABLE _c_delta")
