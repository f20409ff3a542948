"""Learning the model's m probabilities from the decisions of the people who review.

    params = learn(labelled, prior)   # labelled: [(record_a, record_b, same, probability)]
    match(records, params=params)          # the organisation's next run

``prior`` is the unsupervised model of the organisation (``MatchResult.unsupervised`` of a run
that trained by EM, or ``prior_model()``: the priors written in model.py). The result is
a parameters dict::

    {"version": 1, "labels": 212, "matches": 140, "weight": 7283.0, "lambda": 9.6e-05,
     "comparisons": {"name": {"same name words (any order, any script)":
                              {"m": 0.61, "u": 0.0005, "sql": "3f2a9c1d"}, ...}, ...}}

keyed per comparison by the level's chart label (unique within a comparison), with a
fingerprint of the level's SQL: a level whose SQL has changed since (model.py edited)
is not overlaid, it keeps what the run estimated.

How (docs/adr/0042-learning-from-review.md): people review only the pairs of the review
band, so the accepted pairs are the matches the model was unsure of, not a sample of
matches, and the rejected ones are the non-matches it scored highest; counting their
levels would bias m. EM's M-step weighs every scored pair by the model's probability that
it is a match; a decision replaces that probability by the truth. So the learnt m is the
unsupervised m, as the counts of the ``W`` matches it was estimated on (the expected
matches among the run's scored pairs, at least ``PRIOR_WEIGHT`` pseudo-pairs for
model.py's priors), with each reviewed pair moving ``label - probability`` of a match onto
its levels: an accepted pair the model gave 0.6 adds 0.4, a rejected one it gave 0.97
takes 0.97 away. With no labels the result is the prior; labels outweigh it when their
corrections are large against ``W`` (a small organisation, a model far off). u is never
learnt: it is a property of random pairs, which no review sees, and each trained run
samples its own; lambda stays each run's.

Levels with ``fix_m`` (the household guards, model.py) are never learnt: they are rules
that stand for what the data cannot teach EM, and the review band is the very place
where sisters sharing a phone are shown. Their m is kept and the free levels of that
comparison share what is left.
"""

from __future__ import annotations

import hashlib

import numpy as np

from . import model as M

VERSION = 1
# pseudo-pairs of model.py's priors (a small organisation's first learning): 50 labels
# nudge them, 500 dominate; a trained model weighs as many as its expected matches
PRIOR_WEIGHT = 100.0
# an m never goes below this (a level no label has seen keeps a little mass)
M_FLOOR = 1e-6
# the organisation's runs use learnt m from this many labels on
MIN_LABELS = 20


def level_key(level: M.Level) -> str:
    return level.chart or level.label


def level_fingerprint(level: M.Level) -> str:
    return hashlib.sha256(level.sql.encode()).hexdigest()[:8]


def _free(level: M.Level) -> bool:
    return not level.fix_m


def prior_model() -> dict:
    """The priors written in model.py, as a parameters dict without labels."""
    out: dict = {"version": VERSION, "labels": 0, "matches": 0, "comparisons": {}}
    for name, levels in M.COMPARISONS.items():
        out["comparisons"][name] = {
            level_key(lv): {"m": lv.m, "u": lv.u, "sql": level_fingerprint(lv)} for lv in levels[1:]
        }
    return out


def from_linker(linker) -> dict:
    """The m and u a Splink linker holds now (after training), as a parameters dict, with
    the lambda its scores use."""
    lam = float(linker._settings_obj._probability_two_random_records_match)
    out: dict = {"version": VERSION, "labels": 0, "matches": 0, "lambda": lam, "comparisons": {}}
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        levels = M.COMPARISONS.get(name)
        if levels is None:
            continue
        by_key = {level_key(lv): lv for lv in levels[1:]}
        values = {}
        for cl in comparison._comparison_levels_excluding_null:
            lv = by_key.get(cl.label_for_charts)
            if lv is None:
                continue
            values[cl.label_for_charts] = {
                "m": float(cl.m_probability),
                "u": float(cl.u_probability),
                "sql": level_fingerprint(lv),
            }
        out["comparisons"][name] = values
    return out


def overlay(linker, params: dict, *, u: bool) -> int:
    """Set the learnt m (and u when ``u``: a list too small to sample its own) on the
    linker's levels; fixed levels and levels whose SQL changed keep theirs. Returns the
    number of levels changed."""
    changed = 0
    learnt = params.get("comparisons", {})
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        levels = {level_key(lv): lv for lv in M.COMPARISONS.get(name, [])[1:]}
        values = learnt.get(name, {})
        for cl in comparison._comparison_levels_excluding_null:
            lv, v = levels.get(cl.label_for_charts), values.get(cl.label_for_charts)
            if lv is None or v is None or v.get("sql") != level_fingerprint(lv):
                continue
            if _free(lv):
                cl.m_probability = float(v["m"])
                changed += 1
            if u and not lv.fix_u:
                cl.u_probability = float(v["u"])
    return changed


def level_indices(pairs: list[tuple[dict, dict]]) -> np.ndarray:
    """For each pair of raw records, the index of the level it falls on in each
    comparison (0: the missing level), with the model's own SQL; shape (pairs, fields)."""
    if not pairs:
        return np.zeros((0, len(M.FIELDS)), dtype=np.int64)
    import duckdb

    from .prepare import add_blocking_keys, prepare

    records: dict[str, dict] = {}
    ids = []
    for i, (a, b) in enumerate(pairs):
        ka, kb = f"a{i}", f"b{i}"
        records[ka] = {**a, "record_id": ka}
        records[kb] = {**b, "record_id": kb}
        ids.append((i, ka, kb))
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 1")
        add_blocking_keys(con, prepare(list(records.values()), []), "labelled")
        con.execute("create temp table _pairs (i integer, id_l varchar, id_r varchar)")
        con.executemany("insert into _pairs values (?, ?, ?)", ids)
        cols = ", ".join(f"l.{c} as {c}_l, r.{c} as {c}_r" for c in M.INPUT_COLUMNS)
        cases = ", ".join(_index_sql(f) for f in M.FIELDS)
        rows = con.execute(
            f"select i, {cases} from (select p.i, {cols} from _pairs p "  # noqa: S608
            f"join labelled l on l.unique_id = p.id_l "
            f"join labelled r on r.unique_id = p.id_r) order by i"
        ).fetchall()
    finally:
        con.close()
    return np.array([row[1:] for row in rows], dtype=np.int64)


def _index_sql(field: str) -> str:
    whens = []
    for i, level in enumerate(M.COMPARISONS[field]):
        if level.sql == "ELSE":
            whens.append(f"ELSE {i}")
        else:
            whens.append(f"WHEN {level.sql} THEN {i}")
    return f"CASE {' '.join(whens)} END"


def learn(
    labelled: list[tuple],
    prior: dict | None = None,
    *,
    weight: float | None = None,
) -> dict:
    """m per level from labelled pairs of raw records, ``(record_a, record_b, same)`` or
    ``(record_a, record_b, same, probability)`` with the probability the run gave the
    pair, starting from ``prior`` (an unsupervised parameters dict; model.py's priors when
    None). u and the fixed levels stay the prior's."""
    prior = prior or prior_model()
    levels_of = level_indices([(t[0], t[1]) for t in labelled])
    y = np.array([1.0 if t[2] else 0.0 for t in labelled])
    p = np.array([_probability(t) for t in labelled])
    return fit(levels_of, y, p, prior, weight=weight)


def _probability(t: tuple) -> float:
    # without the run's probability a label is a plain count: a match adds one
    # observation at its levels, a non-match adds nothing to m
    return float(t[3]) if len(t) > 3 and t[3] is not None else float("nan")


def _prior_values(prior: dict, name: str) -> tuple[np.ndarray, np.ndarray]:
    levels = M.COMPARISONS[name][1:]
    given = prior.get("comparisons", {}).get(name, {})
    m = np.empty(len(levels))
    u = np.empty(len(levels))
    for k, lv in enumerate(levels):
        v = given.get(level_key(lv))
        ok = v is not None and v.get("sql") == level_fingerprint(lv)
        m[k] = float(v["m"]) if ok and not lv.fix_m else lv.m
        u[k] = float(v["u"]) if ok else lv.u
    return np.clip(m, 0.0, 1.0), np.clip(u, 1e-12, 1.0)


def fit(
    levels_of: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    prior: dict,
    *,
    weight: float | None = None,
) -> dict:
    """The M-step of the unsupervised model with the reviewed pairs' weights corrected
    (see the module docstring): per comparison, the free levels' m are proportional to

        W * m0[k] + sum over labelled pairs at level k of (label - probability)

    W, the prior's weight, is the number of matches the unsupervised model was estimated
    on (its ``weight``: the expected matches among the run's scored pairs), at least
    PRIOR_WEIGHT; a count never falls below M_FLOOR * W (a level no one has seen is still
    possible). The fixed levels keep their m, the free ones share the rest."""
    if weight is None:
        weight = max(float(prior.get("weight") or 0.0), PRIOR_WEIGHT)
    n = len(y)
    out: dict = {
        "version": VERSION,
        "labels": int(n),
        "matches": int(y.sum()) if n else 0,
        "comparisons": {},
    }
    if "lambda" in prior:
        out["lambda"] = prior["lambda"]
    out["weight"] = weight
    # a label without a probability: a match counts one, a non-match nothing
    delta = np.where(np.isnan(p), y, y - np.nan_to_num(p)) if n else y
    for j, name in enumerate(M.FIELDS):
        levels = M.COMPARISONS[name][1:]
        m0, u = _prior_values(prior, name)
        free = np.array([_free(lv) for lv in levels])
        m = m0.copy()
        if n and free.any():
            fixed_mass = float(m0[~free].sum())
            share = m0[free] / max(float(m0[free].sum()), 1e-300)
            counts = np.zeros(len(levels))
            counts[free] = weight * share
            idx = levels_of[:, j]
            for k in range(1, len(levels) + 1):
                if free[k - 1]:
                    counts[k - 1] += float(delta[idx == k].sum())
            counts[free] = np.maximum(counts[free], M_FLOOR * weight)
            m[free] = (1 - fixed_mass) * counts[free] / counts[free].sum()
        out["comparisons"][name] = {
            level_key(lv): {"m": float(m[k]), "u": float(u[k]), "sql": level_fingerprint(lv)}
            for k, lv in enumerate(levels)
        }
    return out
