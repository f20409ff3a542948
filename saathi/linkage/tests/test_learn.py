"""Learning m from review decisions (matching/learn.py): direction, prior, fixed levels."""

import numpy as np
import pytest

from saathi.linkage.matching import learn, match
from saathi.linkage.matching import model as M

FIELDS = list(M.FIELDS)


def index_of(field: str, key: str) -> int:
    """Position of a level in COMPARISONS[field] (0 is the missing level)."""
    for i, level in enumerate(M.COMPARISONS[field]):
        if i and learn.level_key(level) == key:
            return i
    raise AssertionError(key)


def at(**levels) -> np.ndarray:
    """One pair's level indices: the given levels, every other comparison missing."""
    row = np.zeros(len(FIELDS), dtype=np.int64)
    for field, key in levels.items():
        row[FIELDS.index(field)] = index_of(field, key)
    return row


def m(params, field, key):
    return params["comparisons"][field][key]["m"]


def u(params, field, key):
    return params["comparisons"][field][key]["u"]


LOOK_ALIKE = "every word that differs has a look-alike"
SAME_WORDS = "same name words (any order, any script)"
NAMES_DIFFER = "names differ"
GUARD = "family name shared, given names clearly differ"


def fit(rows, labels, probabilities, prior=None, **kw):
    prior = prior or learn.prior_model()
    levels = np.array(rows, dtype=np.int64).reshape(len(rows), len(FIELDS))
    return learn.fit(levels, np.array(labels, float), np.array(probabilities, float), prior, **kw)


def test_no_labels_leave_the_prior_unchanged():
    prior = learn.prior_model()
    for params in (fit([], [], []), learn.learn([], prior)):
        assert params["labels"] == 0
        assert params["comparisons"] == prior["comparisons"]


def test_accepted_pairs_raise_m_of_their_level_and_rejected_ones_lower_it():
    prior = learn.prior_model()
    share = m(prior, "name", LOOK_ALIKE) / sum(
        v["m"] for k, v in prior["comparisons"]["name"].items() if k != GUARD
    )
    accepted = fit([at(name=LOOK_ALIKE)] * 40, [1] * 40, [0.6] * 40)
    assert m(accepted, "name", LOOK_ALIKE) > share
    assert m(accepted, "name", SAME_WORDS) < m(prior, "name", SAME_WORDS)
    rejected = fit([at(name=LOOK_ALIKE)] * 40, [0] * 40, [0.8] * 40)
    assert m(rejected, "name", LOOK_ALIKE) < share
    # u is never learnt from labels: random pairs are no review's sample
    for params in (accepted, rejected):
        assert u(params, "name", LOOK_ALIKE) == u(prior, "name", LOOK_ALIKE)
    # m stays a distribution over the comparison's levels
    assert sum(v["m"] for v in accepted["comparisons"]["name"].values()) == pytest.approx(1.0)


def test_a_pair_the_model_was_sure_of_teaches_little():
    sure = fit([at(name=LOOK_ALIKE)] * 40, [1] * 40, [0.999] * 40)
    unsure = fit([at(name=LOOK_ALIKE)] * 40, [1] * 40, [0.5] * 40)
    assert m(sure, "name", LOOK_ALIKE) < m(unsure, "name", LOOK_ALIKE)


def test_fixed_levels_stay_fixed():
    prior = learn.prior_model()
    rows = [at(name=GUARD, age="age differs by more than 10")] * 500
    params = fit(rows, [1] * 500, [0.0] * 500)
    assert m(params, "name", GUARD) == M.COMPARISONS["name"][index_of("name", GUARD)].m
    assert m(params, "age", "age differs by more than 10") == 0.005
    # nor does a learnt prior move them
    moved = {**prior, "comparisons": {**prior["comparisons"]}}
    moved["comparisons"]["name"] = {
        k: {**v, "m": 0.5} if k == GUARD else v for k, v in prior["comparisons"]["name"].items()
    }
    assert m(fit(rows[:1], [1], [0.5], prior=moved), "name", GUARD) == 1e-12


def test_fifty_labels_nudge_and_five_hundred_contradicting_ones_dominate():
    prior = learn.prior_model()
    before = m(prior, "name", NAMES_DIFFER)
    nudged = fit([at(name=NAMES_DIFFER)] * 50, [1] * 50, [0.1] * 50)
    dominated = fit([at(name=NAMES_DIFFER)] * 500, [1] * 500, [0.1] * 500)
    assert before < m(nudged, "name", NAMES_DIFFER) < 0.5
    assert m(dominated, "name", NAMES_DIFFER) > 0.75
    # against a model trained on 7,000 matches the same 500 labels only nudge
    trained = {**prior, "weight": 7000.0}
    assert (
        m(fit([at(name=NAMES_DIFFER)] * 500, [1] * 500, [0.1] * 500, trained), "name", NAMES_DIFFER)
        < 0.1
    )
    # and 500 rejections of pairs on the same phone take that level's m almost to nothing
    phone = fit([at(phone="agree")] * 500, [0] * 500, [0.95] * 500)
    assert m(phone, "phone", "agree") < 0.01


RECORD = {
    "record_id": "a",
    "source": "register",
    "given_name": "Lakshmi",
    "family_name": "Das",
    "relative_name": "Gopal Das",
    "sex": "F",
    "age": "34",
    "phone": "9876543210",
    "id_last4": "",
    "village": "Ranaghat",
    "district": "Nadia",
    "state": "West Bengal",
}


def test_levels_of_raw_records_follow_the_model():
    laxmi = {**RECORD, "record_id": "b", "given_name": "Laxmi", "age": "36"}
    sister = {**RECORD, "record_id": "c", "given_name": "Rekha", "age": "30"}
    levels = learn.level_indices([(RECORD, laxmi), (RECORD, sister)])
    assert levels[0][FIELDS.index("name")] == index_of("name", SAME_WORDS)
    assert levels[0][FIELDS.index("age")] == index_of("age", "age within 2 years")
    assert levels[1][FIELDS.index("name")] == index_of("name", GUARD)
    assert levels[0][FIELDS.index("id_last4")] == 0  # missing on both


def test_match_lays_learnt_params_over_the_model():
    far = {
        **RECORD,
        "record_id": "b",
        "given_name": "Lakshmy",
        "family_name": "Dsa",
        "age": "44",
        "phone": "9876500000",
        "village": "Santipur",
        "relative_name": "",
    }
    plain = match([RECORD, far])
    assert plain.pairs == [] and "learnt_levels" not in plain.stats
    assert plain.unsupervised["comparisons"]["name"][SAME_WORDS]["m"] == 0.66
    # reviewers said 200 times that pairs like this one are the same woman
    params = learn.learn([(RECORD, far, True, 0.05)] * 200)
    learnt = match([RECORD, far], params=params)
    assert learnt.stats["learnt_labels"] == 200 and learnt.stats["learnt_levels"] > 0
    assert [(p.left_id, p.right_id) for p in learnt.pairs] == [("a", "b")]
    # the unsupervised model is reported as it was before the overlay (the next prior)
    assert learnt.unsupervised["comparisons"] == plain.unsupervised["comparisons"]


def test_a_level_whose_sql_changed_is_not_overlaid():
    params = learn.learn([(RECORD, {**RECORD, "record_id": "b"}, True, 0.0)] * 100)
    stale = {**params, "comparisons": {**params["comparisons"]}}
    stale["comparisons"]["name"] = {
        k: {**v, "sql": "00000000"} for k, v in params["comparisons"]["name"].items()
    }
    n_all = match([RECORD, {**RECORD, "record_id": "b"}], params=params).stats["learnt_levels"]
    n_stale = match([RECORD, {**RECORD, "record_id": "b"}], params=stale).stats["learnt_levels"]
    free_name_levels = sum(1 for lv in M.COMPARISONS["name"][1:] if not lv.fix_m)
    assert n_all - n_stale == free_name_levels
