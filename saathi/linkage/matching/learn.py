"""Learning the model's m probabilities from the decisions of the people who review.

    params = learn(labelled, prior)        # labelled: [(record_a, record_b, is_match)]
    match(records, params=params)          # the organisation's next run

``prior`` is the unsupervised model of the organisation (``MatchResult.model`` of a run
that trained by EM, or ``prior_model()``: the priors written in model.py). The result is
a parameters dict::

    {"version": 1, "labels": 212, "matches": 140,
     "comparisons": {"name": {"same name words (any order, any script)":
                              {"m": 0.61, "u": 0.0005, "sql": "3f2a9c1d"}, ...}, ...}}

keyed per comparison by the level's chart label (unique within a comparison), with a
fingerprint of the level's SQL: a level whose SQL has changed since (model.py edited)
is not overlaid, it keeps what the run estimated.

Why a discriminative fit and not counts (docs/adr/0042-learning-from-review.md): people
review only the pairs of the review band, so the accepted pairs are the matches the model
was unsure of, not a sample of matches; counting their levels would bias m towards
disagreement. Their labels are a sample of P(match | levels) though, whatever decided
which pairs were shown, so m is chosen to maximise the conditional likelihood of the
labels under the Fellegi-Sunter score (lambda and u held at the unsupervised values: u is
a property of random pairs, which no review sees), plus a Dirichlet prior of
``PRIOR_WEIGHT`` pseudo-pairs per comparison centred on the unsupervised m. With no
labels the result is the prior; 50 labels nudge it; 500 outweigh it.

Levels with ``fix_m`` (the household guards, model.py) are never learnt: they are rules
that stand for what the data cannot teach EM, and the review band is the very place
where sisters sharing a phone are shown. Their m is kept and the free levels of that
comparison share what is left.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np

from . import model as M

VERSION = 1
# pseudo-pairs of the unsupervised model, per comparison: 50 labels nudge, 500 dominate
PRIOR_WEIGHT = 100.0
# an m never goes below this (a level no label has seen keeps a little mass)
M_FLOOR = 1e-6
# the organisation's runs use learnt m from this many labels on
MIN_LABELS = 20
_STEPS = 400
_RATE = 0.05


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
    labelled: list[tuple[dict, dict, bool]],
    prior: dict | None = None,
    *,
    lam: float | None = None,
    weight: float = PRIOR_WEIGHT,
) -> dict:
    """m per level from labelled pairs of raw records (True: same person), starting from
    ``prior`` (an unsupervised parameters dict; model.py's priors when None). u and the
    fixed levels are the prior's. ``lam``: the prior probability of a match among random
    pairs the scores were computed with (model.PRIOR_LAMBDA when None)."""
    prior = prior or prior_model()
    levels_of = level_indices([(a, b) for a, b, _y in labelled])
    y = np.array([1.0 if same else 0.0 for _a, _b, same in labelled])
    return fit(levels_of, y, prior, lam=lam, weight=weight)


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
    return np.clip(m, 1e-12, 1.0), np.clip(u, 1e-12, 1.0)


def fit(
    levels_of: np.ndarray,
    y: np.ndarray,
    prior: dict,
    *,
    lam: float | None = None,
    weight: float = PRIOR_WEIGHT,
) -> dict:
    """The MAP estimate of m (see the module docstring) from level indices and labels."""
    lam = lam if lam is not None else prior.get("lambda") or M.PRIOR_LAMBDA
    names = list(M.FIELDS)
    m0, u, free, theta, fixed_mass = {}, {}, {}, {}, {}
    for name in names:
        m0[name], u[name] = _prior_values(prior, name)
        free[name] = np.array([_free(lv) for lv in M.COMPARISONS[name][1:]])
        fixed_mass[name] = float(m0[name][~free[name]].sum())
        share = m0[name][free[name]] / max(m0[name][free[name]].sum(), 1e-300)
        theta[name] = np.log(np.clip(share, 1e-12, None))
    n = len(y)
    if n:
        offset = math.log(lam / (1 - lam))
        # one-hot of each pair's level per comparison (the missing level adds nothing)
        hot = {}
        for j, name in enumerate(names):
            idx = levels_of[:, j]
            k = len(M.COMPARISONS[name]) - 1
            h = np.zeros((n, k))
            seen = idx > 0
            h[np.nonzero(seen)[0], idx[seen] - 1] = 1.0
            hot[name] = h
        # Adam on the logits of the free levels' shares
        mom = {name: np.zeros_like(theta[name]) for name in names}
        vel = {name: np.zeros_like(theta[name]) for name in names}

        def m_of(name):
            p = np.exp(theta[name] - theta[name].max())
            p /= p.sum()
            m = m0[name].copy()
            m[free[name]] = (1 - fixed_mass[name]) * p
            return m, p

        for step in range(1, _STEPS + 1):
            ms = {name: m_of(name) for name in names}
            score = np.full(n, offset)
            for name in names:
                m, _p = ms[name]
                score += hot[name] @ (np.log(np.maximum(m, 1e-300)) - np.log(u[name]))
            resid = y - 1 / (1 + np.exp(-np.clip(score, -50, 50)))
            for name in names:
                m, p = ms[name]
                f = free[name]
                # d log m_k / d theta_j = [k == j] - p_j, for free k; 0 for fixed k
                at_free = hot[name][:, f]
                data = resid @ at_free - (resid * at_free.sum(axis=1)).sum() * p
                target = weight * share_of(m0[name], f)
                prior_grad = target - target.sum() * p
                grad = data + prior_grad
                mom[name] = 0.9 * mom[name] + 0.1 * grad
                vel[name] = 0.999 * vel[name] + 0.001 * grad**2
                mhat = mom[name] / (1 - 0.9**step)
                vhat = vel[name] / (1 - 0.999**step)
                theta[name] = theta[name] + _RATE * mhat / (np.sqrt(vhat) + 1e-8)
    out: dict = {
        "version": VERSION,
        "labels": int(n),
        "matches": int(y.sum()) if n else 0,
        "comparisons": {},
    }
    for name in names:
        levels = M.COMPARISONS[name][1:]
        if n:
            p = np.exp(theta[name] - theta[name].max())
            p /= p.sum()
            m = m0[name].copy()
            m[free[name]] = np.maximum((1 - fixed_mass[name]) * p, M_FLOOR)
        else:
            m = m0[name]
        out["comparisons"][name] = {
            level_key(lv): {
                "m": float(m[k]),
                "u": float(u[name][k]),
                "sql": level_fingerprint(lv),
            }
            for k, lv in enumerate(levels)
        }
    return out


def share_of(m: np.ndarray, free: np.ndarray) -> np.ndarray:
    """The free levels' m as shares of theirs (the prior's Dirichlet centre)."""
    s = m[free]
    return s / max(s.sum(), 1e-300)
