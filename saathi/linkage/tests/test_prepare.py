"""Preparing a list: a long list is prepared in two processes with the same result."""

import pytest

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


@pytest.mark.parametrize(
    "value", ["NA", "N/A", "n.a.", "nil", "None", "0", "--", "Not known", "xx"]
)
def test_what_clerks_write_for_not_known_is_missing_in_every_column(value):
    row = rec("r1", "Lakshmi", value, relative_name=value, age=value, phone=value)
    row.update(village=value, district=value, id_last4=value)
    (prepared,) = P.prepare([row], []).to_pylist()
    assert prepared["nm_key"] == P.prepare([rec("r2", "Lakshmi")], []).to_pylist()[0]["nm_key"]
    for column in ("rel_key", "age", "phone", "id4", "village", "district"):
        assert prepared[column] is None, column


def test_renamed_districts_meet_their_old_names_in_any_script():
    assert P._place_of("Osmanabad") == P._place_of("DHARASHIV") == P._place_of("उस्मानाबाद")
    assert P._place_of("ALLAHABAD") == P._place_of("Prayagraj")
    assert P._place_of("Mysore") == P._place_of("Mysuru")
    assert P._place_of("Gram Rasulpur") == P._place_of("Rasulpur")
    assert P._place_of("A/p Mirajgaon") == P._place_of("Mirajgaon")


def test_the_same_whole_name_is_a_candidate_pair_wherever_it_was_written():
    """No shared village, age, phone or id: a whole name that few records carry still
    brings the two records together to be scored."""
    from saathi.linkage.matching import match

    records = [
        rec("a", "Kalpana", "Sa", age="14", village="Kamarnagar", district="North 24 Parganas"),
        rec("b", "Kalpana Sa", None, age="10", village=None, district=None),
        rec("c", "Rekha", "Mondal", age="30", village="Basirhat"),
    ]
    pairs = {(p.left_id, p.right_id) for p in match(records, review_floor=0.0).pairs}
    assert ("a", "b") in pairs


def test_a_hindi_or_marathi_forms_abbreviated_sex_column():
    assert (P._sex("पु"), P._sex("म"), P._sex("महिला")) == ("m", "f", "f")
