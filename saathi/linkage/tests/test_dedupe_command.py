"""manage.py dedupe: known clusters, bad rows on stderr, unreadable files, the registry."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saathi.core.models import AuditEvent

from .factories import csv_bytes, xlsx_bytes

# The same woman on four lists, spelt four ways (one in Bengali); Rekha on two lists;
# Purnima and Anjali once each.
ROWS = [
    (
        "C1",
        "collective",
        "Lakshmi",
        "Das",
        "Gopal Das",
        "F",
        "34",
        "9876543210",
        "4321",
        "Ranaghat",
        "Nadia",
        "West Bengal",
    ),
    (
        "R1",
        "relief1",
        "LAXMI",
        "DASS",
        "GOPAL DAS",
        "female",
        "35",
        "9876543210",
        "4321",
        "Ranaghat",
        "Nadia",
        "WB",
    ),
    (
        "R2",
        "relief2",
        "Lokkhi",
        "Das",
        "Gopal",
        "F",
        "34",
        "9876543210",
        "",
        "Ranaghat",
        "Nadia",
        "WB",
    ),
    ("D1", "ration", "লক্ষ্মী", "দাস", "গোপাল দাস", "মহিলা", "৩৪", "", "4321", "রানাঘাট", "নদিয়া", ""),
    (
        "C3",
        "collective",
        "Rekha",
        "Mondal",
        "Sunil Mondal",
        "F",
        "28",
        "9123456780",
        "",
        "Chakdaha",
        "Nadia",
        "West Bengal",
    ),
    (
        "R3",
        "relief1",
        "Rekha",
        "Mandal",
        "Sunil",
        "F",
        "29",
        "9123456780",
        "",
        "Chakdaha",
        "Nadia",
        "WB",
    ),
    (
        "R4",
        "relief1",
        "Purnima",
        "Biswas",
        "Ratan Biswas",
        "F",
        "52",
        "9000011111",
        "",
        "Santipur",
        "Nadia",
        "WB",
    ),
    (
        "D2",
        "ration",
        "Anjali",
        "Sarkar",
        "Bimal Sarkar",
        "F",
        "23",
        "9830098300",
        "",
        "Kalyani",
        "Nadia",
        "WB",
    ),
]
BAD = [
    ("X1", "relief1", "Mina", "", "", "F", "abc", "", "", "", "", ""),
    ("X2", "relief1", "Sima", "Biswas", "", "F", "", "123", "", "", "", ""),
    ("C1", "relief2", "Tumpa", "", "", "F", "", "", "", "", "", ""),
]


def run(tmp_path, data, name="in.csv", *args):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.csv"
    err = StringIO()
    call_command("dedupe", str(src), "--out", str(out), *args, stderr=err)
    return list(csv.DictReader(out.open(encoding="utf-8"))), err.getvalue()


def clusters(rows):
    groups = {}
    for r in rows:
        groups.setdefault(r["cluster_id"], set()).add(r["record_id"])
    return sorted(sorted(g) for g in groups.values())


@pytest.mark.django_db
def test_known_clusters_and_bad_rows(tmp_path):
    rows, err = run(tmp_path, csv_bytes(ROWS + BAD))
    # every row with a name has a cluster (issue 20): the bad fields are dropped, the
    # repeated id is replaced by one made from its line
    assert [r["record_id"] for r in rows] == [r[0] for r in ROWS] + ["X1", "X2", "line-12"]
    assert clusters(rows) == [
        ["C1", "D1", "R1", "R2"], ["C3", "R3"], ["D2"], ["R4"], ["X1"], ["X2"], ["line-12"]
    ]  # fmt: skip
    assert next(r for r in rows if r["record_id"] == "R1")["cluster_id"] == "C1"
    assert "line 10: age ignored" in err and "line 11: phone ignored" in err
    assert "line 12: record_id repeats line 2" in err
    assert "3 kept with a warning" in err
    assert "Tumpa" not in err and "123" not in err.replace("line 1", "")


@pytest.mark.django_db
def test_xlsx_input(tmp_path):
    rows, _ = run(tmp_path, xlsx_bytes(ROWS[:2] + ROWS[6:]), "in.xlsx")
    assert clusters(rows) == [["C1", "R1"], ["D2"], ["R4"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4", "not a CSV"),
        (b"name,age\nA,1\n", "header"),
        (
            csv_bytes([("N1", "x", "", "", "", "F", "30", "", "", "", "", "")]),
            "No row could be read",
        ),
    ],
)
def test_nothing_readable_exits_non_zero(tmp_path, data, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, data)


@pytest.mark.django_db
def test_against_the_registry_reports_the_member(tmp_path, world):
    member = world.members["a1"]  # Lakshmi Das, লক্ষ্মী দাস, 9876543210, Aadhaar …1234
    same_id = [tuple("1234" if v == "4321" else v for v in row) for row in ROWS]
    rows, _ = run(
        tmp_path,
        csv_bytes(same_id[:2] + same_id[6:]),
        "in.csv",
        "--against-registry",
        "--organisation",
        str(world.orgs["a"].pk),
    )
    by_id = {r["record_id"]: r for r in rows}
    assert by_id["C1"]["member_reference"] == member.reference
    assert by_id["R1"]["member_reference"] == member.reference
    assert by_id["R4"]["member_reference"] == ""
    # with other Aadhaar digits she is not linked without a person's review
    rows, _ = run(
        tmp_path,
        csv_bytes(ROWS[:2]),
        "in.csv",
        "--against-registry",
        "--organisation",
        "Org A",
    )
    assert {r["member_reference"] for r in rows} == {""}
    assert "Rekha" not in {r["record_id"] for r in rows}  # members are not output rows
    assert AuditEvent.objects.filter(
        action="view_personal", actor_username="manage.py dedupe"
    ).exists()
    with pytest.raises(CommandError, match="organisation"):
        run(tmp_path, csv_bytes(ROWS[:2]), "in.csv", "--against-registry", "--organisation", "nope")


@pytest.mark.django_db
def test_a_namesake_sharing_the_family_phone_is_not_merged(tmp_path):
    """Her mother-in-law is also Lakshmi Das, in the same village, on the family phone;
    27 years older, another husband: the engine scores the pair high, but it is put to a
    person (review page) and the command keeps them apart."""
    namesake = (
        "C2",
        "collective",
        "Lakshmi",
        "Das",
        "Haren Das",
        "F",
        "61",
        "9876543210",
        "",
        "Ranaghat",
        "Nadia",
        "West Bengal",
    )
    rows, _ = run(tmp_path, csv_bytes([*ROWS, namesake]))
    assert clusters(rows) == [["C1", "D1", "R1", "R2"], ["C2"], ["C3", "R3"], ["D2"], ["R4"]]
