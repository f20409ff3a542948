"""Preparing a list: a long list is prepared in two processes with the same result."""

from saathi.linkage.matching import prepare as P

from .test_matching import AP, WB, rec


def _rows():
    return [
        rec("1", "Lakshmi W/o Ramesh", "Das", age="34", phone="+91 98765 43210", **WB),
        rec("2", "G. Padma", None, relative_name="Venkat", age="৩২", id_last4="0012", **AP),
        rec("3", "पद्मा", "गोल्लापुडी", sex="female", **AP),
        rec("4", "", "", village=None),
        rec("5", "Md. Rafiq", "Sk", phone="9876543210", id_last4="12345", **WB),
    ] * 3


def test_two_processes_give_the_same_table_as_one(monkeypatch):
    rows = [dict(r, record_id=f"{i}") for i, r in enumerate(_rows())]
    monkeypatch.setattr(P, "PARALLEL_MIN", 10**9)
    serial = P.prepare(rows, rows[:2])
    monkeypatch.setattr(P, "PARALLEL_MIN", 4)
    parallel = P.prepare(rows, rows[:2])
    assert parallel.equals(serial)
    assert parallel.num_rows == len(rows) + 2
    assert parallel.column("grp").to_pylist() == ["r"] * len(rows) + ["a", "a"]
    # the relative written into the given-name field is the relative
    assert parallel.column("rel_words").to_pylist()[0] == "rames"  # its phonetic key
