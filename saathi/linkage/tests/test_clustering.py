"""The constrained clustering on hand-made scores: which guards hold, which yield."""

import duckdb
import pyarrow as pa

from saathi.linkage.matching import engine
from saathi.linkage.matching import model as M
from saathi.linkage.matching.prepare import add_blocking_keys, prepare

from .test_matching import WB, rec


def cluster(records, scores, threshold=0.9):
    con = duckdb.connect()
    add_blocking_keys(con, prepare(records, []), M.INPUT_TABLE)
    rows = [(min(a, b), max(a, b), p) for a, b, p in scores]
    predictions = pa.table(  # noqa: F841 - read by DuckDB below
        {
            "unique_id_l": [r[0] for r in rows],
            "unique_id_r": [r[1] for r in rows],
            "match_probability": [r[2] for r in rows],
        }
    )
    con.execute("create table predictions as select * from predictions")
    ids = [r["record_id"] for r in records]
    return engine._cluster(con, "predictions", ids, threshold)


def woman(record_id, age, id_last4):
    return rec(record_id, "Jaya", "Roy", relative_name="Amal Roy", age=age, id_last4=id_last4, **WB)


def test_one_mistyped_record_joins_on_a_majority_of_sure_links():
    # a, b, c agree; d's age is mistyped (30 for 41), e's id digits are; d and e are
    # guarded against each other (ages 11 apart, ids differ), nothing else is
    records = [
        woman("a", "41", "1111"),
        woman("b", "41", "1111"),
        woman("c", "41", "1111"),
        woman("d", "30", "1111"),
        woman("e", "41", "2222"),
    ]
    sure = [(x, y, 0.99) for x, y in ["ab", "ac", "bc", "ad", "bd", "cd", "ea", "eb", "ec"]]
    clusters = cluster(records, sure + [("d", "e", 0.3)])
    assert len(set(clusters.values())) == 1
    # with only one sure link against the guard, e stays apart
    clusters = cluster(records, sure[:6] + [("e", "a", 0.99), ("d", "e", 0.3)])
    assert clusters["e"] != clusters["a"]


def test_namesakes_chained_through_one_link_stay_apart():
    records = [
        woman("y1", "25", None),
        woman("y2", "30", None),
        woman("o1", "45", None),
        woman("o2", "50", None),
    ]
    scores = [("y1", "y2", 0.99), ("o1", "o2", 0.99), ("y2", "o1", 0.95)]
    clusters = cluster(records, scores)
    assert clusters["y1"] == clusters["y2"] and clusters["o1"] == clusters["o2"]
    assert clusters["y1"] != clusters["o1"]


def test_a_household_guard_holds_against_any_number_of_links():
    home = dict(relative_name="Ramesh Das", phone="9876543210", **WB)
    records = [
        rec("m1", "Lakshmi", "Das", age="40", **home),
        rec("m2", "Lakshmi", "Das", age="40", **home),
        rec("d1", "Rekha", "Das", age="38", **home),
    ]
    scores = [("m1", "m2", 0.99), ("m1", "d1", 0.95), ("m2", "d1", 0.5)]
    clusters = cluster(records, scores)
    assert clusters["m1"] == clusters["m2"] != clusters["d1"]
