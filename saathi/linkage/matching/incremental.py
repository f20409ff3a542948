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
new records are scored in DuckDB with the model's own weights (``score_sql``): the same
pairs (new x registry, new x new), probabilities and clustering (engine._cluster) as the
full path. A link reads only the rows of the index's tables that the new records' keys
lead to: the tables are Arrow tables, each key a link looks rows up by has a sorted hash
lookup (``lookup_specs``, ``_Lookup``), and each step's SQL runs on the rows found.

The model itself (m, u, lambda) is not re-estimated: ``link`` scores with the parameters
it is given (by default the ones stored in the index, ``MatchResult.model`` of a full run).
See docs/adr/0043-incremental-linking.md.

SQL here is assembled from this package's constants and table names only; values travel
as parameters or Arrow tables (hence the file-wide S608 waiver).
"""

# ruff: noqa: S608

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import struct
import time

import duckdb
import numpy as np
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
    # (a list, each value read once: a run fingerprints every member of the registry)
    text = "\x1f".join(["" if (v := record.get(c)) is None else str(v) for c in COLUMNS])
    return hashlib.blake2b(text.encode(), key=key, digest_size=16).hexdigest()


def _rtok(tok: str = "tok1", n: str = "n1") -> str:
    return f"CASE WHEN {n} <= {WORD_BLOCK_CAP} THEN {tok} END"


def _skel(tok: str = "tok1") -> str:
    return f"CASE WHEN length({tok}) > 2 THEN {SKELETON_SQL.format(w=tok)} END"


# the columns of a record kept beside each of her words, for the rules that compare a
# word with them (village, id digits, age and state, district): one join finds them
WORD_ROW_COLUMNS = ("district", "village", "id4", "age", "state")


def _words_sql(source: str) -> str:
    """Each record's name words (with their skeletons), from prepared rows."""
    cols = ", ".join(WORD_ROW_COLUMNS)
    return (
        f"SELECT unique_id, w, {_skel('w')} AS skel, {cols} FROM (SELECT unique_id, "
        f"{cols}, unnest(string_split(nm_sorted, ' ')) AS w FROM {source})"
    )


def _swapped(rule: str) -> frozenset:
    """A rule's terms with l and r exchanged, each equality's sides in a fixed order."""
    terms = []
    for term in rule.split(" AND "):
        term = re.sub(r"\b([lr])\.", lambda m: "r." if m.group(1) == "l" else "l.", term)
        terms.append(" = ".join(sorted(side.strip() for side in term.split(" = "))))
    return frozenset(terms)


def _normal(rule: str) -> frozenset:
    return frozenset(
        " = ".join(sorted(side.strip() for side in term.split(" = ")))
        for term in rule.split(" AND ")
    )


def _candidate_rules() -> list[str]:
    """The model's blocking rules as joins of a new record ``n`` to a registry row ``r``
    whose capped keys are stored uncapped: a registry record with the new record's key
    value shares its count, so the new record's capped key decides for both. A pair is
    joined one way round only (the new record as ``l``): the rules, as a set, must read
    the same with l and r exchanged (Splink puts the smaller id on the left)."""
    rules = [rule.replace(_NOT_BOTH, "") for rule in M.blocking_rules()]
    normal = {_normal(rule) for rule in rules}
    if any(_swapped(rule) not in normal for rule in rules):
        raise ValueError("the blocking rules are not symmetric in l and r")
    out = []
    for rule in M.blocking_rules():
        rule = rule.replace(_NOT_BOTH, "")
        rule = re.sub(r"\bl\.", "n.", rule)
        out.append(rule.replace("r.phone_blk", "r.phone"))
    return out


# the registry columns that depend on her rarest words, and which word column stands in
_WORD_KEYS = {"r.tok1": "rw.w", "r.tok2": "rw.w", "r.rtok": "rw.w", "r.skel1": "rw.skel"}


def _relaxed() -> list[tuple[str, str, str]]:
    """Registry rows (``unique_id``) that a rule depending on her rarest words could pair
    with a new record (``_c_new`` as ``n``) once those words are counted again: any of her
    words (``reg_words`` as ``rw``) standing in for them; and those whose stored
    rarest-word combination key is a new record's (``reg`` as ``r``). A superset: the
    exact keys are computed for these only. Each as (table, alias, join condition)."""
    word_combos = {k: cols for k, cols in COMBO_KEYS.items() if "tok1" in cols or "tok2" in cols}
    out = []
    for rule in _candidate_rules():
        relaxed = rule
        for kind, cols in word_combos.items():
            parts = [f"n.{c} = rw.w" if c in ("tok1", "tok2") else f"n.{c} = r.{c}" for c in cols]
            relaxed = relaxed.replace(f"n.{kind} = r.{kind}", " AND ".join(parts))
        used = {key for key in _WORD_KEYS if re.search(rf"{re.escape(key)}\b", relaxed)}
        if used == set() and relaxed == rule:
            continue  # no rarest word in this rule: stored keys are exact
        if {"r.tok1", "r.tok2"} <= used:
            raise ValueError("a rule comparing both rarest words of one registry row")
        for key, word in _WORD_KEYS.items():
            relaxed = re.sub(rf"{re.escape(key)}\b", word, relaxed)
        for c in WORD_ROW_COLUMNS:
            relaxed = re.sub(rf"\br\.{c}\b", f"rw.{c}", relaxed)
        if re.search(r"\br\.", relaxed):
            raise ValueError("a rule on a registry column not kept beside her words")
        out.append(("reg_words", "rw", relaxed))
    for kind in word_combos:
        out.append(("reg", "r", f"n.{kind} = r.{kind}"))
    return out


def _relaxed_sql(tables: dict[str, str] | None = None) -> list[str]:
    """``_relaxed()`` as queries (``tables``: the table read for each name)."""
    tables = tables or {}
    out = []
    for table, _alias, cond in _relaxed():
        src = tables.get(table, table)
        if table == "reg_words":
            out.append(f"SELECT rw.unique_id FROM _c_new n JOIN {src} rw ON {cond}")
        else:
            out.append(f"SELECT r.unique_id FROM {src} r SEMI JOIN _c_new n ON {cond}")
    return out


def _sides(cond: str, alias: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A join condition of equalities between a new record ``n`` and a row ``alias``:
    the new record's sides and the row's (its alias taken off), term for term."""
    probe, table = [], []
    for term in cond.split(" AND "):
        sides = [side.strip() for side in term.split(" = ")]
        if len(sides) != 2:
            raise ValueError(f"not an equality: {term}")
        a, b = sides
        if re.search(r"\bn\.", b):
            a, b = b, a
        if not re.search(r"\bn\.", a) or re.search(rf"\b{alias}\.", a):
            raise ValueError(f"not a new record's side: {term}")
        if not re.search(rf"\b{alias}\.", b) or re.search(r"\bn\.", b):
            raise ValueError(f"not a row's side: {term}")
        probe.append(a)
        table.append(re.sub(rf"\b{alias}\.", "", b))
    return tuple(probe), tuple(table)


def _hash_sql(exprs: tuple[str, ...]) -> str:
    """One 64-bit hash of the values of ``exprs`` (as text: equal values, equal hashes)."""
    return f"hash({', '.join(f'CAST({e} AS VARCHAR)' for e in exprs)})"


def _not_null_sql(exprs: tuple[str, ...]) -> str:
    return " AND ".join(f"({e}) IS NOT NULL" for e in exprs)


# a word's count is found by word and district (IS NOT DISTINCT FROM: NULL is a district)
_WORD_DISTRICT = ("w", "coalesce(district, '')")


def lookup_specs() -> list[tuple[str, tuple[str, ...]]]:
    """The keys the index can find rows of a table by (table, key expressions): every
    lookup a link makes into the registry's tables, so that a link reads only the rows
    the new records' keys lead to instead of whole tables."""
    specs = [
        ("reg", ("unique_id",)),
        ("reg_words", ("unique_id",)),
        ("n_word", _WORD_DISTRICT),
        ("n_key", ("kind", "key")),
        ("n_phone", ("phone",)),
        ("n_tf", ("col", "value")),
    ]
    for rule in _candidate_rules():
        specs.append(("reg", _sides(rule, "r")[1]))
    for table, alias, cond in _relaxed():
        specs.append((table, _sides(cond, alias)[1]))
    return list(dict.fromkeys(specs))


class _Lookup:
    """A table's rows by one key: the key's hashes sorted, with the rows they come from."""

    def __init__(self, hashes: np.ndarray, rows: np.ndarray):
        self.hashes = hashes
        self.rows = rows

    @classmethod
    def of(cls, con, table: pa.Table, exprs: tuple[str, ...]) -> _Lookup:
        src = table.append_column(  # noqa: F841 - read by DuckDB below
            "_row", pa.array(np.arange(table.num_rows, dtype=np.uint32))
        )
        got = con.execute(
            f"SELECT h, _row FROM (SELECT {_hash_sql(exprs)} AS h, _row FROM src "
            f"WHERE {_not_null_sql(exprs)}) ORDER BY h"
        ).fetchnumpy()
        return cls(np.asarray(got["h"], dtype=np.uint64), np.asarray(got["_row"], np.uint32))

    def find(self, probe: np.ndarray) -> np.ndarray:
        """The rows whose key hashes to one of ``probe`` (a superset of the rows whose
        key equals: hashes can collide, the SQL run on the rows decides)."""
        lo = np.searchsorted(self.hashes, probe, "left")
        hi = np.searchsorted(self.hashes, probe, "right")
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, np.uint32)
        starts = np.cumsum(counts) - counts
        return self.rows[np.repeat(lo - starts, counts) + np.arange(total)]


def has_tf(params: dict) -> bool:
    return any(
        "tf_adjustment_column" in level
        for comparison in params.get("comparisons", ())
        for level in comparison.get("comparison_levels", ())
    )


def score_sql(params: dict, floor: float) -> str:
    """The model's match weight and probability of each pair of ``_c_pairs``, from the
    records in ``beneficiaries`` (with their term frequencies ``tf_<column>``): Splink's
    own formulas (splink.internals.predict, comparison_level: levels' log2(m/u) clamped
    as Splink clamps them, term-frequency adjustment in log space, the prior's weight),
    pairs below ``floor`` left out as ``predict(threshold_match_probability=floor)``
    leaves them."""
    from splink.internals.comparison_level import M_U_CLAMP_MIN
    from splink.internals.misc import prob_to_match_weight

    gammas, weights, terms = [], [], []
    for comparison in params["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        value = sum(1 for level in levels if not level.get("is_null_level")) - 1
        whens, mws, tfs = [], [], []
        for level in levels:
            cond = level["sql_condition"].strip()
            if level.get("is_null_level"):
                gamma, mw = -1, 0.0
            else:
                gamma, value = value, value - 1
                m = max(level["m_probability"], M_U_CLAMP_MIN)
                u = max(level["u_probability"], M_U_CLAMP_MIN)
                mw = math.log2(m / u)
            whens.append(f"ELSE {gamma}" if cond.upper() == "ELSE" else f"WHEN {cond} THEN {gamma}")
            mws.append(f"WHEN gamma_{name} = {gamma} THEN cast({mw!r} as float8)")
            col, weight = level.get("tf_adjustment_column"), level.get("tf_adjustment_weight", 1.0)
            if col and gamma != -1 and weight != 0 and cond.upper() != "ELSE":
                exact = [lv for lv in levels if lv["sql_condition"].strip() == f"{col}_l = {col}_r"]
                if not exact:
                    raise ValueError(f"no exact-match level for the term frequencies of {col}")
                log2_u = math.log2(exact[0]["u_probability"])
                least = level.get("tf_minimum_u_value", 0.0)
                lr, rl = f"coalesce(tf_{col}_l, tf_{col}_r)", f"coalesce(tf_{col}_r, tf_{col}_l)"
                tfs.append(
                    f"WHEN gamma_{name} = {gamma} THEN CASE WHEN {lr} IS NOT NULL THEN "
                    f"cast({weight!r} as float8) * (cast({log2_u!r} as float8) - "
                    f"log2(greatest({lr}, {rl}, cast({least!r} as float8)))) "
                    f"ELSE cast(0 as float8) END"
                )
        gammas.append(f"CASE {' '.join(whens)} END AS gamma_{name}")
        weights.append(f"CASE {' '.join(mws)} END AS mw_{name}")
        terms.append(f"mw_{name}")
        if tfs:
            weights.append(f"CASE {' '.join(tfs)} ELSE cast(0 as float8) END AS mw_tf_{name}")
            terms.append(f"mw_tf_{name}")
    prior = prob_to_match_weight(params["probability_two_random_records_match"])
    mw = f"cast({prior!r} as float8) + " + " + ".join(terms)
    prob = (
        f"CASE WHEN ({mw}) >= 0 THEN 1.0 / (1.0 + POWER(cast(2 as float8), -({mw}))) "
        f"ELSE POWER(cast(2 as float8), ({mw})) / (1.0 + POWER(cast(2 as float8), ({mw}))) END"
    )
    cols = ("unique_id", *M.INPUT_COLUMNS, *(f"tf_{c}" for c in TF_COLUMNS))
    sides = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in cols)
    where = f"WHERE match_weight >= {prob_to_match_weight(floor)!r}" if floor > 0 else ""
    return (
        f"SELECT unique_id_l, unique_id_r, match_weight, match_probability FROM ("
        f"SELECT unique_id_l, unique_id_r, {mw} AS match_weight, {prob} AS match_probability "
        f"FROM (SELECT unique_id_l, unique_id_r, {', '.join(weights)} FROM ("
        f"SELECT *, {', '.join(gammas)} FROM (SELECT {sides} FROM _c_pairs p "
        f"JOIN {M.INPUT_TABLE} l ON l.unique_id = p.unique_id_l "
        f"JOIN {M.INPUT_TABLE} r ON r.unique_id = p.unique_id_r)))) {where}"
    )


class RegistryIndex:
    """An already-linked registry, prepared and counted once, linked against new lists."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, model=None, fp_key: bytes = b""):
        self.con = con
        self.model = model
        self.fp_key = fp_key
        self._base_columns: list[str] | None = None
        # the tables as Arrow, registered in ``con`` under their names (read only; a
        # change makes them DuckDB tables again until ``_freeze``), and the lookups
        self._arrow: dict[str, pa.Table] | None = None
        self._lookups: dict[tuple[str, tuple[str, ...]], _Lookup] | None = None
        self._tf_total: dict[str, int] | None = None
        self._subs: list[str] = []

    # ------------------------------------------------------------------ the tables' state
    def _freeze(self, arrow: dict[str, pa.Table] | None = None) -> None:
        """The tables as Arrow tables registered under their names (``arrow``, or the
        DuckDB tables converted): a link reads rows of them by position, found through
        the lookups, instead of scanning them."""
        con = self.con
        if arrow is None:
            arrow = {}
            for name in TABLES:
                t = con.sql(f"SELECT * FROM {name}").to_arrow_table()
                arrow[name] = t.read_all() if isinstance(t, pa.RecordBatchReader) else t
                con.execute(f"DROP TABLE {name}")
        for name, table in arrow.items():
            con.register(name, table)
        self._arrow = arrow
        self._lookups = None
        self._tf_total = None

    def _thaw(self) -> None:
        """DuckDB tables again (to be changed); the lookups go."""
        if self._arrow is None:
            return
        con = self.con
        for name in TABLES:
            con.execute(f"CREATE TABLE _thaw AS SELECT * FROM {name}")
            con.unregister(name)
            con.execute(f"ALTER TABLE _thaw RENAME TO {name}")
        self._arrow = None
        self._lookups = None
        self._tf_total = None

    def lookups(self) -> dict[tuple[str, tuple[str, ...]], _Lookup]:
        """Every lookup of ``lookup_specs()``, computed once per state of the tables."""
        if self._arrow is None:
            self._freeze()
        if self._lookups is None:
            self._lookups = {
                spec: _Lookup.of(self.con, self._arrow[spec[0]], spec[1]) for spec in lookup_specs()
            }
        return self._lookups

    def _sub(
        self,
        table: str,
        probes: list[tuple[tuple[str, ...], str, tuple[str, ...]]],
        columns: tuple[str, ...] | None = None,
        *,
        hits: bool = False,
    ) -> str:
        """The rows of ``table`` whose key, for one of ``probes`` (the key's expressions
        on the table, a source of probe rows as ``x`` or ``n``, the same key's
        expressions on the probe rows), is one of the probe rows' (a superset: the SQL
        that reads them applies its own conditions), with ``columns`` (all by default).
        With ``hits``, a column ``_hit``: bit i set when probe i found the row.
        Registered as a small table; its name is returned."""
        if len(probes) > 31:
            raise ValueError("more probes than bits of _hit")
        lookups = self.lookups()
        source = self._arrow[table]
        rows = np.zeros(source.num_rows, dtype=np.int32)
        for i, (exprs, src, probe) in enumerate(probes):
            alias = "n" if any(re.search(r"\bn\.", e) for e in probe) else "x"
            hashes = self.con.execute(
                f"SELECT DISTINCT {_hash_sql(probe)} AS h FROM {src} {alias} "
                f"WHERE {_not_null_sql(probe)} ORDER BY h"
            ).fetchnumpy()["h"]
            rows[lookups[(table, exprs)].find(np.asarray(hashes, dtype=np.uint64))] |= 1 << i
        if columns is not None:
            source = source.select(list(dict.fromkeys(columns)))
        picked = np.flatnonzero(rows)
        found = source.take(pa.array(picked))
        if hits:
            found = found.append_column("_hit", pa.array(rows[picked]))
        name = f"_s_{table}_{len(self._subs)}"
        self.con.register(name, found)
        self._subs.append(name)
        return name

    def _by_id(
        self,
        table: str,
        source: str,
        column: str = "unique_id",
        columns: tuple[str, ...] | None = None,
    ) -> str:
        """``table``'s rows of the ids in ``source``.``column``."""
        return self._sub(table, [(("unique_id",), source, (f"x.{column}",))], columns)

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
        con.execute("CREATE TABLE reg_words AS " + _words_sql("_b_prep"))
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
        index._freeze()
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
    def _context(self, records: list[dict], *, relevant: bool = False) -> None:
        """Temp tables for ``records`` keyed in the registry's context: ``_c_new`` (their
        rows, raw combination keys), ``_c_aff`` (registry rows whose rarest words change),
        ``_c_dw`` / ``_c_dp`` / ``_c_dk`` / ``_c_dt`` (what the new records add to the
        word, phone, combination and term-frequency counts)."""
        con = self.con
        # for a link, the registry's tables are read through lookups (the rows the new
        # records' keys lead to); for an addition, whole
        if relevant:
            sub, by_id = self._sub, self._by_id
        else:

            def sub(table, _probes, _columns=None):
                return table

            def by_id(table, _source, _column="unique_id", columns=None):
                return table

        def word_counts(src: str) -> str:
            """n_word (for a link: its rows of the words and districts in ``src``)."""
            return sub("n_word", [(_WORD_DISTRICT, src, ("x.w", "coalesce(x.district, '')"))])

        frame = prepare(records, [])
        add_blocking_keys(con, frame, "_c_new0")
        con.register("_c_prep", frame)
        con.execute("CREATE OR REPLACE TEMP TABLE _c_words AS " + _words_sql("_c_prep"))
        con.unregister("_c_prep")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_dw AS SELECT w, district, count(*)::BIGINT AS n "
            "FROM _c_words GROUP BY w, district"
        )
        # a word's count in her district, with the new records
        with_new = (
            "(SELECT x.unique_id, x.w, coalesce(b.n, 0) + coalesce(d.n, 0) AS n FROM {src} x "
            "LEFT JOIN {nw} b ON b.w = x.w AND b.district IS NOT DISTINCT FROM x.district "
            "LEFT JOIN _c_dw d ON d.w = x.w AND d.district IS NOT DISTINCT FROM x.district)"
        )
        toks = (
            "SELECT unique_id, min_by(w, struct_pack(n := n, w := w), 2) AS t, min(n) AS n1 "
            "FROM {counted} GROUP BY unique_id"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_tok AS "
            + toks.format(counted=with_new.format(src="_c_words", nw=word_counts("_c_words")))
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
        # registry rows one of whose two rarest words the new records carry in her district
        # (for a link, only those a rule could pair with a new record, or whose stored
        # key of the capped combination with her rarest word is a new record's: a
        # registry row whose keys are never compared with a new record's cannot matter)
        changed = (
            "SELECT unique_id FROM {src} r SEMI JOIN _c_dw d ON d.w = r.tok1 "
            "AND d.district IS NOT DISTINCT FROM r.district UNION "
            "SELECT unique_id FROM {src} r SEMI JOIN _c_dw d ON d.w = r.tok2 "
            "AND d.district IS NOT DISTINCT FROM r.district"
        )
        if relevant:
            probes: dict[str, list] = {"reg": [], "reg_words": []}
            read: dict[str, set] = {"reg": {"unique_id"}, "reg_words": {"unique_id"}}
            for table, alias, cond in _relaxed():
                probe, exprs = _sides(cond, alias)
                probes[table].append((exprs, "_c_new", probe))
                read[table] |= set(re.findall(rf"\b{alias}\.(\w+)", cond))
            subs = {t: sub(t, p, tuple(sorted(read[t]))) for t, p in probes.items()}
            near = " UNION ".join(_relaxed_sql(subs))
            con.execute(f"CREATE OR REPLACE TEMP TABLE _c_near AS {near}")
            near_rows = by_id("reg", "_c_near", columns=("unique_id", "tok1", "tok2", "district"))
            src = f"(SELECT * FROM {near_rows} SEMI JOIN _c_near USING (unique_id))"
        else:
            src = "reg"
        con.execute("CREATE OR REPLACE TEMP TABLE _c_affected AS " + changed.format(src=src))
        aff_words = by_id("reg_words", "_c_affected", columns=("unique_id", "w", "district"))
        rw = f"(SELECT * FROM {aff_words} SEMI JOIN _c_affected USING (unique_id))"
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_afftok AS "
            + toks.format(counted=with_new.format(src=rw, nw=word_counts(rw)))
        )
        ta = COMBO_KEYS["ta_blk"]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_aff AS SELECT unique_id, tok1, tok2, n1, "
            f"{_rtok()} AS rtok, {_skel()} AS skel1, {combo_key_sql(ta)} AS ta_blk, "
            "old_ta_blk FROM (SELECT r.unique_id, t.t[1] AS tok1, t.t[2] AS tok2, t.n1, "
            "r.age, r.state, r.ta_blk AS old_ta_blk "
            f"FROM _c_afftok t JOIN {by_id('reg', '_c_afftok', columns=('unique_id', 'age', 'state', 'ta_blk'))} r USING (unique_id)) k"
        )
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
        for name in self._subs:
            self.con.unregister(name)
        self._subs = []
        for t in ("_c_words", "_c_dw", "_c_tok", "_c_near", "_c_affected", "_c_afftok", "_c_aff"):
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
        self._thaw()
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
            # members of the registry: group "a", as built
            select = ", ".join(
                "f.fp" if c == "fp" else "'a'" if c == "grp" else f"n.{c}" for c in cols
            )
            con.execute(
                f"INSERT INTO reg SELECT {select} FROM _c_new n JOIN fps f USING (unique_id)"
            )
            con.execute(
                "UPDATE reg SET tok1 = a.tok1, tok2 = a.tok2, n1 = a.n1, rtok = a.rtok, "
                "skel1 = a.skel1, ta_blk = a.ta_blk FROM _c_aff a "
                "WHERE reg.unique_id = a.unique_id"
            )
            con.execute("INSERT INTO reg_words SELECT * FROM _c_words")
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
            self._freeze()

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
        self._context(new_records, relevant=True)
        try:
            clash = con.execute(
                f"SELECT count(*) FROM _c_new SEMI JOIN {self._by_id('reg', '_c_new', columns=('unique_id',))} "
                "USING (unique_id)"
            )
            if clash.fetchall()[0][0]:
                raise ValueError("record_id must be unique across records and against")
            stats["prepare_s"] = round(time.perf_counter() - t0, 3)
            self._candidate_pairs()
            stats["candidates"] = con.execute(
                "SELECT count(*) FROM beneficiaries WHERE grp = 'a'"
            ).fetchall()[0][0]
            stats["block_s"] = round(time.perf_counter() - t0, 3)
            floor = min(threshold, review_floor)
            con.execute("CREATE OR REPLACE TEMP TABLE _c_predict AS " + score_sql(params, floor))
            stats["pairs_scored"] = con.execute("SELECT count(*) FROM _c_predict").fetchall()[0][0]
            stats["predict_s"] = round(time.perf_counter() - t0, 3)
            all_ids = [r[0] for r in con.execute("SELECT unique_id FROM beneficiaries").fetchall()]
            clusters = _cluster(con, "_c_predict", all_ids, threshold)
            pairs = _pairs(con, "_c_predict", review_floor)
        finally:
            for t in ("_c_predict", "_c_pairs", "_big", M.INPUT_TABLE):
                con.execute(f"DROP TABLE IF EXISTS {t}")
            self._drop_context()
        stats["total_s"] = round(time.perf_counter() - t0, 3)
        return MatchResult(
            clusters=clusters, pairs=pairs, trained=has_tf(params), stats=stats, model=params
        )

    def _candidate_pairs(self) -> None:
        """``_c_pairs``: the pairs the blocking rules give between the new records and
        the registry and among the new records, with the keys of the whole list; and
        ``beneficiaries``: the records of those pairs and every new record, with their
        term frequencies."""
        con = self.con
        base = self._base()
        # the new records' capped keys, from the counts with them
        # the registry's counts of the new records' keys only (one pass over each table)
        n_key = self._sub("n_key", [(("kind", "key"), "_c_dk", ("x.kind", "x.key"))])
        n_phone = self._sub("n_phone", [(("phone",), "_c_dp", ("x.phone",))])
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_bk AS SELECT b.* FROM {n_key} b "
            "SEMI JOIN _c_dk d ON d.kind = b.kind AND d.key = b.key"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_bp AS SELECT b.* FROM {n_phone} b "
            "SEMI JOIN _c_dp d ON d.phone = b.phone"
        )
        con.execute("CREATE OR REPLACE TEMP TABLE _c_newb AS " + self._capped("_c_new", "n"))
        # the registry rows keyed again (their combination keys stay uncapped: a new
        # record holding the same value has the same count)
        over = {"tok1", "tok2", "rtok", "skel1", "ta_blk"}
        rules = _candidate_rules()
        used = set(re.findall(r"\br\.(\w+)", " ".join(rules)))  # what the rules read
        cols = [c for c in (*base, "tok1", "tok2", "rtok", "skel1", *COMBO_KEYS) if c in used]
        cols = ["unique_id", *(c for c in cols if c != "unique_id")]
        keep = ", ".join(f"a.{c}" if c in over else f"r.{c}" for c in cols)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_affrows AS SELECT {keep} "
            f"FROM _c_aff a JOIN {self._by_id('reg', '_c_aff', columns=tuple(cols))} r USING (unique_id)"
        )
        # the stored rows a rule's lookup found, marked per rule (bit i of _hit: rule i)
        reg = self._sub(
            "reg",
            [(_sides(rule, "r")[1], "_c_newb", _sides(rule, "r")[0]) for rule in rules],
            tuple(cols),
            hits=True,
        )
        found = []
        for i, rule in enumerate(rules):
            # a stored row as it is; where the rule reads a key that is keyed again, not
            # for the rows keyed again (those are taken from _c_affrows); a rule that
            # reads none of those keys finds the same in a stored row as in its new one
            rekeyed = bool(set(re.findall(r"\br\.(\w+)", rule)) & over)
            found.append(
                f"SELECT n.unique_id AS n_id, r.unique_id AS r_id, {str(not rekeyed).lower()} "
                f"AS again FROM {reg} r JOIN _c_newb n ON {rule} AND (r._hit & {1 << i}) <> 0"
            )
            if rekeyed:
                found.append(
                    f"SELECT n.unique_id, r.unique_id, true FROM _c_affrows r "
                    f"JOIN _c_newb n ON {rule}"
                )
            m = re.sub(r"\br\.", "m.", rule)
            found.append(
                f"SELECT n.unique_id, m.unique_id, true FROM _c_newb m JOIN _c_newb n ON {m} AND n.unique_id <> m.unique_id"
            )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_found AS SELECT DISTINCT n_id, r_id, again FROM ("
            + " UNION ALL ".join(found)
            + ")"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_pairs AS SELECT DISTINCT "
            "least(n_id, r_id) AS unique_id_l, greatest(n_id, r_id) AS unique_id_r FROM ("
            "SELECT n_id, r_id FROM _c_found WHERE again UNION ALL "
            "SELECT n_id, r_id FROM _c_found f WHERE NOT again "
            "AND NOT EXISTS (SELECT 1 FROM _c_aff a WHERE a.unique_id = f.r_id))"
        )
        cols = ("unique_id", "grp", *M.INPUT_COLUMNS)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _c_ids AS SELECT unique_id_l AS u FROM _c_pairs "
            "UNION SELECT unique_id_r FROM _c_pairs"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _c_rows AS SELECT {', '.join(cols)} FROM _c_new "
            f"UNION ALL SELECT {', '.join(cols)} FROM {self._by_id('reg', '_c_ids', 'u', cols)} "
            "r SEMI JOIN _c_ids i ON i.u = r.unique_id"
        )
        n_tf = self._sub(
            "n_tf", [(("col", "value"), "_c_rows", (f"'{c}'", f"x.{c}")) for c in TF_COLUMNS]
        )
        if self._tf_total is None:
            self._tf_total = {
                c: con.execute(
                    "SELECT coalesce(sum(n), 0) FROM n_tf WHERE col = ?", [c]
                ).fetchall()[0][0]
                for c in TF_COLUMNS
            }
        tf_joins = []
        tf_select = []
        for i, c in enumerate(TF_COLUMNS):
            # Splink's lookup: count / non-null count over the whole list (as BIGINT)
            total = (
                self._tf_total[c]
                + con.execute(
                    "SELECT coalesce(sum(d), 0) FROM _c_dt WHERE col = ?", [c]
                ).fetchall()[0][0]
            )
            tf_joins.append(
                f"LEFT JOIN {n_tf} tb{i} ON tb{i}.col = '{c}' AND tb{i}.value = x.{c} "
                f"LEFT JOIN _c_dt td{i} ON td{i}.col = '{c}' AND td{i}.value = x.{c}"
            )
            tf_select.append(
                f"CASE WHEN x.{c} IS NOT NULL THEN cast(coalesce(tb{i}.n, 0) + "
                f"coalesce(td{i}.d, 0) AS float8) / {int(total)}::BIGINT END AS tf_{c}"
            )
        inputs = ", ".join(f"x.{c}" for c in ("unique_id", "grp", *M.INPUT_COLUMNS))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {M.INPUT_TABLE} AS SELECT {inputs}, "
            f"{', '.join(tf_select)} FROM _c_rows x {' '.join(tf_joins)}"
        )
        for t in ("_c_newb", "_c_affrows", "_c_found", "_c_bk", "_c_bp", "_c_rows", "_c_ids"):
            con.execute(f"DROP TABLE IF EXISTS {t}")

    def _capped(self, source: str, alias: str) -> str:
        """``source`` with phone_blk and the combination keys capped by the counts of the
        registry plus the new records."""
        a = alias
        joins = [
            f"LEFT JOIN _c_bp bp ON bp.phone = {a}.phone",
            f"LEFT JOIN _c_dp dp ON dp.phone = {a}.phone",
        ]
        cols = [
            f"CASE WHEN coalesce(bp.n, 0) + coalesce(dp.d, 0) <= {PHONE_BLOCK_CAP} "
            f"THEN {a}.phone END AS phone_blk"
        ]
        for i, kind in enumerate(COMBO_KEYS):
            joins.append(f"LEFT JOIN _c_bk b{i} ON b{i}.kind = '{kind}' AND b{i}.key = {a}.{kind}")
            joins.append(f"LEFT JOIN _c_dk d{i} ON d{i}.kind = '{kind}' AND d{i}.key = {a}.{kind}")
            cols.append(
                f"CASE WHEN coalesce(b{i}.n, 0) + coalesce(d{i}.d, 0) <= {COMBO_BLOCK_CAP} "
                f"THEN {a}.{kind} END AS {kind}"
            )
        return (
            f"SELECT {a}.* EXCLUDE ({', '.join(COMBO_KEYS)}), {', '.join(cols)} "
            f"FROM {source} {a} {' '.join(joins)}"
        )

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
        """The whole index as one blob (Arrow IPC streams behind a JSON header): its
        tables, then its lookups (``lookup_specs()``, valid for this DuckDB's hash)."""
        parts = []
        specs = list(self.lookups())  # freezes the tables too
        stored = [(name, self._arrow[name]) for name in TABLES]
        for spec in specs:
            lookup = self._lookups[spec]
            stored.append(("lookup", pa.table({"h": lookup.hashes, "row": lookup.rows})))
        for name, t in stored:
            sink = io.BytesIO()
            with pa.ipc.new_stream(sink, t.schema) as writer:
                writer.write_table(t)
            parts.append((name, sink.getvalue()))
        header = json.dumps(
            {
                "format": FORMAT,
                "model": self.model,
                "tables": [[n, len(b)] for n, b in parts],
                "lookups": {"duckdb": duckdb.__version__, "specs": specs},
            }
        ).encode()
        return struct.pack(">I", len(header)) + header + b"".join(b for _n, b in parts)

    @classmethod
    def from_bytes(cls, data: bytes, *, fp_key: bytes = b"") -> RegistryIndex:
        (size,) = struct.unpack(">I", data[:4])
        header = json.loads(data[4 : 4 + size])
        if header.get("format") != FORMAT:
            raise ValueError("not a registry index of this version")
        offset = 4 + size
        arrow, lookups = {}, []
        buffer = pa.py_buffer(data)  # the tables are read in place, not copied
        for name, length in header["tables"]:
            if name not in (*TABLES, "lookup"):
                raise ValueError("unexpected table in a registry index")
            t = pa.ipc.open_stream(buffer.slice(offset, length)).read_all()
            offset += length
            if name == "lookup":
                lookups.append(t)
            else:
                arrow[name] = t
        if set(arrow) != set(TABLES):
            raise ValueError("a registry index without all its tables")
        index = cls(_connect(), model=header.get("model"), fp_key=fp_key)
        index._freeze(arrow)
        # the stored lookups, if this DuckDB hashes as the one that wrote them and the
        # keys are this version's (else they are computed again at the first link)
        stored = header.get("lookups") or {}
        specs = [(table, tuple(exprs)) for table, exprs in stored.get("specs", ())]
        if stored.get("duckdb") == duckdb.__version__ and specs == lookup_specs():
            index._lookups = {
                spec: _Lookup(
                    t.column("h").to_numpy().astype(np.uint64, copy=False),
                    t.column("row").to_numpy().astype(np.uint32, copy=False),
                )
                for spec, t in zip(specs, lookups, strict=True)
            }
        return index

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
