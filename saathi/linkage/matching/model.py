"""The Splink (Fellegi-Sunter) model: comparisons, priors, blocking and training.

See docs/adr/0011-record-linkage-model.md for the reasoning behind every choice here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

# Lists smaller than this (records + against) are too small for EM and u sampling to
# say anything: the model keeps its documented priors (ADR 0011).
MIN_RECORDS_TO_TRAIN = 1000
U_MAX_PAIRS = 300_000
EM_MAX_PAIRS = 400_000
EM_MIN_PAIRS = 100  # an EM rule blocking fewer pairs than this on the list is skipped
SEED = 20251125
# Prior probability that two random records are the same person, for untrained lists.
PRIOR_LAMBDA = 0.01

# Pairs inside the against list (the registry) are never compared: it is already deduped.
NOT_BOTH_AGAINST = "NOT (l.grp = 'a' AND r.grp = 'a')"

# A name's words, sorted, sit in plain columns w1..w4, her given name's words in g1..g3
# and her relative's in r1..r3 (further words are left out of these word-by-word tests;
# the whole-name keys still hold them): comparisons of plain strings run several times
# faster in DuckDB than list functions, and the pairs carry no lists.
WORD_COLUMNS = {"w": 4, "g": 3, "r": 3}


def _cols(prefix: str, side: str) -> list[str]:
    return [f"{prefix}{i}_{side}" for i in range(1, WORD_COLUMNS[prefix] + 1)]


def _in_other(prefix: str, side: str, other: str) -> str:
    """Every word of ``side`` is a word of ``other``."""
    others = ", ".join(_cols(prefix, other))
    return " AND ".join(
        f"({c} IS NULL OR coalesce({c} IN ({others}), false))" for c in _cols(prefix, side)
    )


def _subset(prefix: str) -> str:
    """One side's words are all words of the other."""
    return f"(({_in_other(prefix, 'l', 'r')}) OR ({_in_other(prefix, 'r', 'l')}))"


def _any_word(prefix: str) -> str:
    """A word in common."""
    pairs = [f"coalesce({a} = {b}, false)" for a in _cols(prefix, "l") for b in _cols(prefix, "r")]
    return "(" + " OR ".join(pairs) + ")"


_SUBSET = _subset("w")
_ANY_WORD = _any_word("w")
# both have given names and they have no word in common
_GIVEN_DIFFER = f"(g1_l IS NOT NULL AND g1_r IS NOT NULL AND NOT {_any_word('g')})"
_REL_SUBSET = _subset("r")


def _given_count(side: str) -> str:
    return " + ".join(f"({c} IS NOT NULL)::int" for c in _cols("g", side))


# A word of her given name in common, where at least one record wrote the family name
# apart (so its given words are given names only): the same woman under her married or
# her father's family name, or with Devi, Kumari, Begum, Khatun or Bibi standing for it.
# Sisters and co-wives share the family name, not the given name: this is not a household.
_GIVEN_SHARED = (
    f"(g1_l IS NOT NULL AND g1_r IS NOT NULL AND {_any_word('g')} "
    f"AND ({_given_count('l')} < nm_len_l OR {_given_count('r')} < nm_len_r))"
)

# Levels that test the phone as well are guards, not evidence: their u is fixed too
# (sampling would find them as rare among random pairs as a shared phone is, and the
# Bayes factor would cancel out). The household guards stand down when the ID digits agree:
# two sisters do not share the last digits of their Aadhaar, one woman written twice does
# (give or take a mistyped digit).
ID_NOT_EQUAL = "(id4_l IS NULL OR id4_r IS NULL OR damerau_levenshtein(id4_l, id4_r) > 1)"
# cheap first: when every word is alike, the whole keys are too (DuckDB evaluates the
# rest of an AND only on the rows that passed its first part)
_SAME_LENGTH = "jaro_winkler_similarity(nm_key_l, nm_key_r) >= 0.7 AND nm_len_l = nm_len_r"


def _alike(threshold: float) -> str:
    """Same number of words and, word by word in sorted order, Jaro-Winkler of the
    phonetic keys at least ``threshold`` (equal words count as alike). Built-in
    functions only: no lambdas, so a few million pairs a minute on two cores."""
    parts = [
        f"coalesce(jaro_winkler_similarity(w{i}_l, w{i}_r) >= {threshold}, true)"
        for i in (1, 2, 3, 4)
    ]
    return "(" + " AND ".join(parts) + ")"


@dataclass(frozen=True)
class Level:
    label: str  # agree / close / differ / missing, as reported in Pair.fields
    sql: str
    m: float
    u: float
    tf: str | None = None
    fix_m: bool = False
    chart: str = ""
    fix_u: bool = False


def _level_dict(level: Level, null: bool, tf: bool) -> dict:
    d = {
        "sql_condition": level.sql,
        "label_for_charts": level.chart or level.label,
        "m_probability": level.m,
        "u_probability": level.u,
    }
    if null:
        d["is_null_level"] = True
        d.pop("m_probability")
        d.pop("u_probability")
    if level.tf and tf:
        d["tf_adjustment_column"] = level.tf
        d["tf_adjustment_weight"] = 1.0
    if level.fix_m:
        d["fix_m_probability"] = True
    if level.fix_u:
        d["fix_u_probability"] = True
    return d


def _missing(*cols: str) -> Level:
    cond = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols)
    return Level("missing", cond, 0, 0)


# Each comparison: output column name, then its levels from the null level down to "else".
COMPARISONS: dict[str, list[Level]] = {
    "name": [
        _missing("nm_key"),
        Level(
            "close",
            "nm_key_l = nm_key_r AND nm_sig_l <> nm_sig_r",
            0.04,
            0.0005,
            chart="same name words, initials differ or missing",
        ),
        Level(
            "agree",
            "nm_key_l = nm_key_r",
            0.66,
            0.0005,
            tf="nm_key",
            chart="same name words (any order, any script)",
        ),
        Level(
            "close",
            f"{_SUBSET} AND nm_sig_l = nm_sig_r",
            0.08,
            0.00005,
            chart="one name written as its initial (G. Padma / Padma Gollapudi)",
        ),
        Level(
            "close",
            f"{_SAME_LENGTH} AND {_alike(0.88)}",
            0.12,
            0.002,
            chart="every word that differs has a look-alike",
        ),
        Level(
            "close",
            _SUBSET,
            0.05,
            0.002,
            chart="one name missing or initials differ",
        ),
        Level(
            "close",
            "nm_len_l <> nm_len_r AND jaro_winkler_similarity(nm_join_l, nm_join_r) >= 0.92",
            0.04,
            0.002,
            chart="words run together or split (Venkatalakshmi / Venkata Lakshmi)",
        ),
        Level(
            "close",
            f"{_SAME_LENGTH} AND {_alike(0.85)}",
            0.04,
            0.005,
            chart="every word that differs is somewhat alike",
        ),
        # The household guard. A word in common (the family name) while the given
        # names have nothing in common: sisters, mother and daughter, who share a phone,
        # a village and a relative's name. Phone, village and relative agree for the
        # whole household (they are not independent evidence), so this level's m is
        # fixed very low: the given names' disagreement outweighs the household's
        # agreement. EM on lists where households dominate would otherwise learn
        # "same household" instead of "same person".
        Level(
            "differ",
            f"{_ANY_WORD} AND {_GIVEN_DIFFER} "
            f"AND (phone_l = phone_r OR phone_l IS NULL OR phone_r IS NULL) AND {ID_NOT_EQUAL}",
            1e-12,
            0.05,
            fix_m=True,
            chart="family name shared, given names clearly differ",
        ),
        # Two phones that differ: not one household's shared phone, so the given names'
        # disagreement is strong evidence, not proof (a given name replaced by a
        # nickname or a clerk's mistake): learnt, and never a cannot-link.
        Level(
            "differ",
            f"{_ANY_WORD} AND {_GIVEN_DIFFER}",
            0.01,
            0.05,
            chart="family name shared, given names clearly differ, phones differ",
        ),
        Level(
            "close",
            _GIVEN_SHARED,
            0.04,
            0.003,
            chart="given name shared, family name differs",
        ),
        Level(
            "differ",
            f"{_ANY_WORD} AND phone_l = phone_r AND {ID_NOT_EQUAL}",
            1e-9,
            0.5,
            fix_m=True,
            fix_u=True,
            chart="a word shared, the others differ, same phone",
        ),
        Level(
            "differ",
            _ANY_WORD,
            0.02,
            0.01,
            chart="a word shared, the other words clearly differ",
        ),
        # Nothing in common and the same phone: another member of the household.
        Level(
            "differ",
            f"phone_l = phone_r AND {ID_NOT_EQUAL}",
            1e-9,
            0.5,
            fix_m=True,
            fix_u=True,
            chart="names differ, same phone",
        ),
        Level("differ", "ELSE", 0.003, 0.94, chart="names differ"),
    ],
    "relative_name": [
        _missing("rel_key"),
        Level("agree", "rel_key_l = rel_key_r", 0.70, 0.002, chart="same relative"),
        Level(
            "close",
            f"{_REL_SUBSET} OR jaro_winkler_similarity(rel_key_l, rel_key_r) >= 0.9",
            0.18,
            0.01,
            chart="relative's name alike",
        ),
        Level("differ", "ELSE", 0.12, 0.988),
    ],
    "sex": [
        _missing("sex"),
        Level("agree", "sex_l = sex_r", 0.97, 0.6),
        Level("differ", "ELSE", 0.03, 0.4),
    ],
    "age": [
        _missing("age"),
        Level("agree", "age_l = age_r", 0.45, 0.03, chart="same age"),
        Level("close", "abs(age_l - age_r) <= 2", 0.33, 0.08, chart="age within 2 years"),
        Level("close", "abs(age_l - age_r) <= 5", 0.14, 0.12, chart="age within 5 years"),
        Level("differ", "abs(age_l - age_r) <= 10", 0.06, 0.2, chart="age within 10 years"),
        # Ages on these lists are guesses, but rarely by more than ten years; with the
        # same phone, two ages that far apart are two generations of one household
        # (a namesake mother-in-law): fixed, as EM would learn the household instead.
        Level(
            "differ",
            f"phone_l = phone_r AND {ID_NOT_EQUAL}",
            1e-6,
            0.5,
            fix_m=True,
            fix_u=True,
            chart="age differs by more than 10, same phone",
        ),
        # Fixed as well: namesakes of one district, who share a name and differ in age,
        # would otherwise teach EM that a duplicate's age is often far off.
        Level("differ", "ELSE", 0.005, 0.57, fix_m=True, chart="age differs by more than 10"),
    ],
    "phone": [
        _missing("phone"),
        Level("agree", "phone_l = phone_r", 0.60, 0.0005),
        Level(
            "close",
            "damerau_levenshtein(phone_l, phone_r) <= 1",
            0.05,
            0.0005,
            chart="one digit differs",
        ),
        Level("differ", "ELSE", 0.35, 0.999),
    ],
    "id_last4": [
        _missing("id4"),
        Level("agree", "id4_l = id4_r", 0.85, 0.0002),
        Level("close", "damerau_levenshtein(id4_l, id4_r) <= 1", 0.05, 0.003),
        Level("differ", "ELSE", 0.10, 0.9968),
    ],
    "village": [
        _missing("village"),
        Level("agree", "village_l = village_r", 0.85, 0.02, tf="village"),
        Level("close", "jaro_winkler_similarity(village_l, village_r) >= 0.88", 0.07, 0.01),
        Level("differ", "ELSE", 0.08, 0.97),
    ],
    "district": [
        _missing("district"),
        Level("agree", "district_l = district_r", 0.95, 0.2),
        Level("close", "jaro_winkler_similarity(district_l, district_r) >= 0.88", 0.02, 0.01),
        Level("differ", "ELSE", 0.03, 0.79),
    ],
}

FIELDS = tuple(COMPARISONS)
INPUT_TABLE = "beneficiaries"
INPUT_COLUMNS = (
    "nm_key",
    "nm_sig",
    "nm_join",
    "nm_len",
    "w1",
    "w2",
    "w3",
    "w4",
    "g1",
    "g2",
    "g3",
    "rel_key",
    "r1",
    "r2",
    "r3",
    "sex",
    "age",
    "phone",
    "id4",
    "village",
    "district",
)


def guard_sql(field: str) -> str:
    """SQL true when a pair falls on one of the field's guard levels (m fixed at almost
    zero: two people of one household), in the model's level order."""
    whens = []
    for level in COMPARISONS[field]:
        guard = "true" if (level.fix_m and level.m < 1e-5) else "false"
        if level.sql == "ELSE":
            whens.append(f"ELSE {guard}")
        else:
            whens.append(f"WHEN {level.sql} THEN {guard}")
    return f"CASE {' '.join(whens)} END"


def case_sql(field: str, alias: bool = True) -> str:
    """SQL giving agree/close/differ/missing for one comparison of a pair."""
    whens = []
    for level in COMPARISONS[field]:
        if level.sql == "ELSE":
            whens.append(f"ELSE '{level.label}'")
        else:
            whens.append(f"WHEN {level.sql} THEN '{level.label}'")
    case = f"CASE {' '.join(whens)} END"
    return f"{case} AS {field}" if alias else case


def comparisons(tf: bool = True) -> list[dict]:
    out = []
    for name, levels in COMPARISONS.items():
        out.append(
            {
                "output_column_name": name,
                "comparison_description": name,
                "comparison_levels": [
                    _level_dict(level, null=(i == 0), tf=tf) for i, level in enumerate(levels)
                ],
            }
        )
    return out


def blocking_rules() -> list[str]:
    """Candidate pairs: any one rule generates a pair (union)."""
    rules = [
        "l.phone_blk = r.phone_blk",
        # the same id digits: with the same initials or the same rarest-word skeleton
        # (in the same district, the mistyped-digit rules below hold them already)
        "l.id4 = r.id4 AND l.nm_sig = r.nm_sig",
        "l.id4 = r.id4 AND l.skel1 = r.skel1",
        "l.rtok = r.rtok AND l.district = r.district",
        # within a village: her rarest word's skeleton, her two rarest words crossed or
        # her initials (equi-joins: one join on the village alone with these as a filter
        # would first build every pair of a village, 62 million at 200k)
        "l.village = r.village AND l.skel1 = r.skel1",
        "l.village = r.village AND l.tok1 = r.tok2",
        "l.village = r.village AND l.tok2 = r.tok1",
        "l.village = r.village AND l.nm_sig = r.nm_sig",
        "l.nm_sig = r.nm_sig AND l.district = r.district AND l.age = r.age",
        # the whole name and an age; a village and an age; her rarest word, an age and a
        # state; a relative, an age and a district: only where at most COMBO_BLOCK_CAP
        # records share them
        "l.na_blk = r.na_blk",
        "l.va_blk = r.va_blk",
        "l.ta_blk = r.ta_blk",
        "l.rel_blk = r.rel_blk",
        "l.rs_blk = r.rs_blk",
        "l.rd_blk = r.rd_blk",
        "l.ph_blk = r.ph_blk",
        # the same whole name, wherever it was written, where at most COMBO_BLOCK_CAP
        # records carry it (a village spelt two ways, an age from another year)
        "l.nm_blk = r.nm_blk",
        # a mistyped id digit: the other three in place, in the same district
        "left(l.id4, 3) = left(r.id4, 3) AND l.district = r.district",
        "right(l.id4, 3) = right(r.id4, 3) AND l.district = r.district",
    ]
    return [f"{rule} AND {NOT_BOTH_AGAINST}" for rule in rules]


def settings(trained: bool, lam: float = PRIOR_LAMBDA) -> dict:
    """Term-frequency adjustments only when the list is large enough to count names on."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": lam,
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "comparisons": comparisons(tf=trained),
        "additional_columns_to_retain": ["grp"],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


# Rules that admit almost no false positives, for estimating the share of matches.
DETERMINISTIC_RULES = [
    f"l.nm_key = r.nm_key AND l.id4 = r.id4 AND {NOT_BOTH_AGAINST}",
    f"l.nm_key = r.nm_key AND l.phone = r.phone AND abs(l.age - r.age) <= 2 AND {NOT_BOTH_AGAINST}",
]
# Share of true duplicates whose name keys and id (or phone and age) agree exactly, when
# both records carry those fields. The recall passed to Splink is this times the share of
# pairs that carry the fields at all, measured on the list (no labels involved).
DETERMINISTIC_AGREEMENT = 0.6

# Person-level evidence for EM (not "same phone": that finds households, not people).
EM_RULES = [("nm_key", "village"), ("id4", "village")]


def quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
