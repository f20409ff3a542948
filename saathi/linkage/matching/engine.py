"""Running the model: prepare, train (or keep priors), predict, cluster.

The SQL below is assembled only from Splink's own table names and this package's
constants; values always travel as parameters (hence the S608 waivers).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

import duckdb
import pyarrow as pa

from . import MatchResult, Pair, learn
from . import model as M
from .prepare import add_blocking_keys, prepare

log = logging.getLogger(__name__)

STEPS = 6


def _noop(done: int, total: int) -> None:
    return None


def run(
    records, *, against, threshold, review_floor, progress, params=None, backend="duckdb"
) -> MatchResult:
    progress = progress or _noop
    t0 = time.perf_counter()
    frame = prepare(records, against or [])
    ids = frame.column("unique_id").to_pylist()
    if len(set(ids)) != len(ids):
        raise ValueError("record_id must be unique across records and against")
    progress(1, STEPS)
    stats: dict = {"records": len(ids)}
    if len(ids) < 2:
        progress(STEPS, STEPS)
        return MatchResult(clusters={i: i for i in ids}, pairs=[], stats=stats)

    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    M.quiet_splink()
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        db_api = DuckDBAPI(connection=con)
        add_blocking_keys(con, frame, M.INPUT_TABLE)
        del frame
        stats["prepare_s"] = round(time.perf_counter() - t0, 2)
        sdf = db_api.register(M.INPUT_TABLE)
        trained = len(ids) >= M.MIN_RECORDS_TO_TRAIN
        linker = Linker(sdf, M.settings(trained), log_level=None)
        progress(2, STEPS)
        if trained:
            trained = _train(linker, con, stats, len(ids))
        stats["trained"] = trained
        unsupervised = learn.from_linker(linker)
        if params:  # EM ran all the same: its m is the prior of the next learning
            stats["learnt_levels"] = learn.overlay(linker, params, u=not trained)
            stats["learnt_labels"] = params.get("labels", 0)
        progress(4, STEPS)

        if backend == "duckdb":
            predictions = linker.inference.predict(
                threshold_match_probability=min(threshold, review_floor)
            )
            table = predictions.physical_name
        else:  # Spark or PostgreSQL scores the pairs; they come back into `con` (ADR 0041)
            from .backends import predict as predict_on

            table = predict_on(backend, linker, con, min(threshold, review_floor))
            stats["backend"] = backend
        count_sql = f"select count(*) from {table}"  # noqa: S608
        stats["pairs_scored"] = con.execute(count_sql).fetchall()[0][0]
        # the matches this model stands for: the weight of its m when it is learnt from
        unsupervised["weight"] = con.execute(
            f"select coalesce(sum(match_probability), 0) from {table}"  # noqa: S608
        ).fetchall()[0][0]
        stats["predict_s"] = round(time.perf_counter() - t0, 2)
        progress(5, STEPS)

        clusters = _cluster(con, table, ids, threshold)
        stats["cluster_s"] = round(time.perf_counter() - t0, 2)
        pairs = _pairs(con, table, review_floor)
        model = linker.misc.save_model_to_json()
    finally:
        con.close()
    stats["total_s"] = round(time.perf_counter() - t0, 2)
    progress(STEPS, STEPS)
    return MatchResult(
        clusters=clusters,
        pairs=pairs,
        trained=trained,
        stats=stats,
        unsupervised=unsupervised,
        model=model,
    )


def _train(linker, con, stats, n: int) -> bool:
    """Unsupervised estimation: lambda from strict rules, u by sampling, m by EM."""
    t = time.perf_counter()
    settings_obj = linker._settings_obj
    try:
        recall = _deterministic_recall(con)
        stats["deterministic_recall"] = round(recall, 3)
        linker.training.estimate_probability_two_random_records_match(
            M.DETERMINISTIC_RULES, recall=recall
        )
    except Exception as exc:  # noqa: BLE001 - no deterministic pairs at all: keep the prior
        log.info("linkage: prior kept for lambda (%s)", type(exc).__name__)
    # no pair met the strict rules (a list without ids or phones, matched against a
    # large registry): the estimate is 0, whose match weight does not exist. Keep a
    # prior instead: at most one true match per record, never above PRIOR_LAMBDA.
    if not 0 < settings_obj._probability_two_random_records_match < 1:
        settings_obj._probability_two_random_records_match = min(M.PRIOR_LAMBDA, 2 / max(1, n - 1))
        stats["lambda_prior"] = True
    linker.training.estimate_u_using_random_sampling(max_pairs=M.U_MAX_PAIRS, seed=M.SEED)
    stats["u_s"] = round(time.perf_counter() - t, 2)
    sessions = 0
    lam = settings_obj._probability_two_random_records_match
    for columns in M.EM_RULES:
        if _count_pairs(con, columns) < M.EM_MIN_PAIRS:
            continue
        rule = " AND ".join(f"l.{c} = r.{c}" for c in columns) + f" AND {M.NOT_BOTH_AGAINST}"
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=M.EM_MAX_PAIRS
            )
            sessions += 1
        except Exception as exc:  # noqa: BLE001 - a rule that blocks no pairs on this list
            log.info("linkage: EM session skipped (%s)", type(exc).__name__)
        # a session never moves lambda (Splink's default), even one that fails midway
        settings_obj._probability_two_random_records_match = lam
    stats["train_s"] = round(time.perf_counter() - t, 2)
    stats["em_sessions"] = sessions
    return True


def _deterministic_recall(con) -> float:
    """Recall of the deterministic rules, from how complete the list is: a pair can only
    meet them when both records carry an id, or both carry a phone and an age."""
    p_id, p_phone_age = con.execute(
        f"select avg((id4 is not null)::int), "  # noqa: S608
        f"avg((phone is not null and age is not null)::int) from {M.INPUT_TABLE}"
    ).fetchall()[0]
    present = 1 - (1 - (p_id or 0) ** 2) * (1 - (p_phone_age or 0) ** 2)
    return min(0.95, max(0.05, M.DETERMINISTIC_AGREEMENT * present))


def _count_pairs(con, columns: tuple[str, ...]) -> int:
    """Pairs an equi-join on ``columns`` generates (both sides non-null)."""
    cols = ", ".join(columns)
    present = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    sql = (
        f"select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n "  # noqa: S608
        f"from {M.INPUT_TABLE} where {present} group by {cols})"
    )
    return int(con.execute(sql).fetchall()[0][0])


def _find(parent: dict, x: str) -> str:
    while parent[x] != x:
        parent[x] = x = parent[parent[x]]  # path halving
    return x


# a direct score at least this high (the default clustering threshold) overrides the
# anti-chaining guards for that pair
SURE_DIRECT = 0.9


def _components(edges, parent: dict) -> None:
    """Union of every edge (plain connected components), in ``parent``."""
    for a, b, _p in edges:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[rb] = ra


def _cluster(con, table: str, ids: list[str], threshold: float) -> dict[str, str]:
    """Greedy constrained clustering: strongest links first; never join two groups that
    hold a pair the model scored as a clear non-match (guards against chaining).
    Only records with a link take part: the others are clusters of one."""
    edges = con.execute(
        f"select unique_id_l, unique_id_r, match_probability from {table} "  # noqa: S608
        f"where match_probability >= ? order by match_probability desc, unique_id_l, unique_id_r",
        [threshold],
    ).fetchall()
    parent: dict[str, str] = {}
    for a, b, _p in edges:
        parent[a] = a
        parent[b] = b
    # plain connected components first, to find where constraints can matter
    _components(edges, parent)
    component = {i: _find(parent, i) for i in parent}
    sizes: dict[str, int] = defaultdict(int)
    for root in component.values():
        sizes[root] += 1
    big = {i: root for i, root in component.items() if sizes[root] >= 3}
    # guards inside those components, each with whether the model scored that very pair
    # as a sure match: such a guard is evidence, not a chain (a typed year of birth or a
    # mistyped ID must not split one person) and does not by itself keep groups apart
    cannot = _cannot_links(con, big, table) if big else []
    hard = [(a, b) for a, b, sure, _household in cannot if not sure]
    household = [(a, b) for a, b, sure, household in cannot if household and not sure]
    if hard:
        # again, with the guards, only inside the components that hold a hard guard
        # (elsewhere no guard can refuse a link: the plain components stand)
        guarded = {component[a] for a, _b in hard}
        sub = {i for i, root in big.items() if root in guarded}
        sub_edges = [e for e in edges if e[0] in sub]
        parent = {i: i for i in sub}
        members: dict[str, set[str]] = {i: {i} for i in sub}
        forbid_all, forbid_hard, linked = defaultdict(set), defaultdict(set), defaultdict(set)
        forbid_household: dict[str, set[str]] = defaultdict(set)
        sure = [(a, b) for a, b, p in sub_edges if p >= SURE_DIRECT]
        for pairs, index in (
            (cannot, forbid_all),
            (hard, forbid_hard),
            (household, forbid_household),
            (sure, linked),
        ):
            for a, b, *_rest in pairs:
                if a in sub:
                    index[a].add(b)
                    index[b].add(a)

        def between(index: dict, small: set[str], large: set[str]) -> int:
            return sum(len(index[x] & large) for x in small if x in index)

        for a, b, _p in sub_edges:
            ra, rb = _find(parent, a), _find(parent, b)
            if ra == rb:
                continue
            small, large = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
            # Two groups stay apart when a hard guard lies between them: always if it
            # is a household guard (two women of one family) or both groups hold several
            # records; a single record joins only when its sure links to the group
            # outnumber all its guards against it by half again: one woman written five
            # times, once with a mistyped age, joins on four links against one guard; a
            # namesake chained through one look-alike link does not.
            if between(forbid_household, members[small], members[large]):
                continue
            if between(forbid_hard, members[small], members[large]):
                if len(members[small]) > 1:
                    continue
                against = between(forbid_all, members[small], members[large])
                if 2 * between(linked, members[small], members[large]) <= 3 * against:
                    continue
            parent[small] = large
            members[large] |= members.pop(small)
        component.update({i: _find(parent, i) for i in sub})
    # cluster id: the smallest record id of the cluster (stable across runs)
    label: dict[str, str] = {}
    for i, root in component.items():
        if root not in label or i < label[root]:
            label[root] = i
    return {i: label[component[i]] if i in component else i for i in ids}


def _cannot_links(con, big: dict[str, str], table: str) -> list[tuple[str, str, bool, bool]]:
    """Pairs inside one component (of three or more records) that are clearly two people:
    a household guard of the name comparison, ages more than ten years apart (unless the
    id digits agree), or two different id numbers (more than one digit apart) with ages
    not within two years. Chains of links must not join them (namesakes of one district chained through their look-alike records). Each
    comes with whether the model scored the pair itself at SURE_DIRECT or above, and
    whether it is a household guard of the name comparison."""
    members = pa.table({"uid": list(big), "cid": list(big.values())})  # noqa: F841
    con.execute("create or replace temp table _big as select * from members")
    cols = ", ".join(f"l.{c} as {c}_l, r.{c} as {c}_r" for c in M.INPUT_COLUMNS)
    sql = (
        f"select g.uid_l, g.uid_r, coalesce(t.match_probability >= {SURE_DIRECT}, false), "  # noqa: S608
        f"g.household from (select * from (select uid_l, uid_r, age_l, age_r, id4_l, id4_r, "
        f"({M.guard_sql('name')}) as household "
        f"from (select a.uid as uid_l, b.uid as uid_r, {cols} "
        f"from _big a join _big b on a.cid = b.cid and a.uid < b.uid "
        f"join {M.INPUT_TABLE} l on l.unique_id = a.uid "
        f"join {M.INPUT_TABLE} r on r.unique_id = b.uid)) "
        f"where household "
        f"or (coalesce(abs(age_l - age_r) > 10, false) and {M.ID_NOT_EQUAL}) "
        f"or (coalesce(damerau_levenshtein(id4_l, id4_r) > 1, false) "
        f"and coalesce(abs(age_l - age_r) > 2, true))) g "
        f"left join {table} t on t.unique_id_l = g.uid_l and t.unique_id_r = g.uid_r"
    )
    return con.execute(sql).fetchall()


def _pairs(con, table: str, floor: float) -> list[Pair]:
    """Pairs at or above the review floor, with a verdict per compared field (the same
    CASE expressions as the model's comparison levels, evaluated on the pair)."""
    cols = ", ".join(f"l.{c} as {c}_l, r.{c} as {c}_r" for c in M.INPUT_COLUMNS)
    cases = ", ".join(M.case_sql(f) for f in M.FIELDS)
    rows = con.execute(
        f"select unique_id_l, unique_id_r, match_probability, {cases} from ("  # noqa: S608
        f"select t.unique_id_l, t.unique_id_r, t.match_probability, {cols} "
        f"from {table} t join {M.INPUT_TABLE} l on l.unique_id = t.unique_id_l "
        f"join {M.INPUT_TABLE} r on r.unique_id = t.unique_id_r "
        f"where t.match_probability >= ?) order by match_probability desc, 1, 2",
        [floor],
    ).fetchall()
    return [
        Pair(row[0], row[1], float(row[2]), dict(zip(M.FIELDS, row[3:], strict=True)))
        for row in rows
    ]
