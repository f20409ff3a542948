"""Reading beneficiary lists: good rows kept, bad rows reported by line and reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role
from saathi.linkage.imports import read_list
from saathi.linkage.models import BeneficiaryList, SourceRecord

from .factories import REGISTER, RELIEF, csv_bytes, xlsx_bytes


def test_csv_rows_are_read_in_any_script_and_case():
    rows = [
        *REGISTER,
        ("B1", "ration", "লক্ষ্মী", "দাস", "", "মহিলা", "৩৪", "৯৮৭৬৫৪৩২১০", "", "রানাঘাট", "নদিয়া", ""),
    ]
    read = read_list(csv_bytes(rows), "list.csv")
    assert not read.errors
    assert [r.record_id for r in read.rows] == ["C1", "C2", "C3", "B1"]
    bengali = read.rows[3]
    assert bengali.given_name == "লক্ষ্মী" and bengali.age == 34 and bengali.phone == "9876543210"
    assert bengali.sex == "female"
    assert read.rows[0].line == 2 and bengali.line == 5


def test_every_row_with_a_name_is_kept_and_bad_fields_are_warned_by_line():
    """Issue 20, item 1: a mistyped phone, age or ID never throws a woman out of the list;
    only a row with no name at all is refused."""
    rows = [
        REGISTER[0],
        ("C2", "x", "Rekha", "", "", "", "abc", "", "", "", "", ""),  # bad age
        ("C3", "x", "Mina", "", "", "", "200", "", "", "", "", ""),  # age out of range
        ("C4", "x", "Rina", "", "", "", "", "98765432", "", "", "", ""),  # digits dropped
        ("C5", "x", "Sima", "", "", "", "", "", "123456781234", "", "", ""),  # whole Aadhaar
        ("C1", "x", "Tumpa", "", "", "", "", "", "", "", "", ""),  # duplicate id
        ("", "x", "Putul", "", "", "", "", "", "", "", "", ""),  # missing id
        ("C8", "x", "", "", "", "", "40", "", "", "", "", ""),  # no name
        ("C9", "x", "Arati", "", "", "", "", "+91 98765-43210", "0042", "", "", ""),
        ("C10", "x", "Gita", "", "", "", "", "987654321099", "12a4", "", "", ""),  # two bad
    ]
    read = read_list(csv_bytes(rows))
    kept = {r.line: r for r in read.rows}
    assert sorted(kept) == [2, 3, 4, 5, 6, 7, 8, 10, 11]
    assert [r.record_id for r in read.rows] == [
        "C1", "C2", "C3", "C4", "C5", "line-7", "line-8", "C9", "C10"
    ]  # fmt: skip
    assert kept[3].given_name == "Rekha" and kept[3].age is None
    assert kept[5].phone == "" and kept[6].id_last4 == ""
    assert kept[10].phone == "9876543210" and kept[10].id_last4 == "0042"
    assert kept[11].phone == "" and kept[11].id_last4 == ""
    assert dict(read.errors) == {9: "no name (given_name and family_name are both empty)"}
    warned: dict[int, list[str]] = {}
    for line, reason in read.warnings:
        warned.setdefault(line, []).append(reason)
    assert sorted(warned) == [3, 4, 5, 6, 7, 8, 11]
    assert "age ignored" in warned[3][0] and "age ignored" in warned[4][0]
    assert "phone ignored" in warned[5][0]
    assert "id_last4 ignored" in warned[6][0]
    assert "repeats line 2" in warned[7][0] and "line-7" in warned[7][0]
    assert "no record_id" in warned[8][0]
    assert len(warned[11]) == 2
    # reasons never repeat a value of the row
    every = " ".join(r for _line, r in read.warnings + read.errors)
    assert "98765432" not in every and "Tumpa" not in every and "1234" not in every


def test_generated_ids_never_clash_with_the_file_ids():
    rows = [
        ("line-3", "x", "Rekha", "", "", "", "", "", "", "", "", ""),
        ("", "x", "Putul", "", "", "", "", "", "", "", "", ""),
    ]
    read = read_list(csv_bytes(rows))
    ids = [r.record_id for r in read.rows]
    assert ids[0] == "line-3" and ids[1] != "line-3" and len(set(ids)) == 2


def test_overlong_fields_are_shortened_with_a_warning():
    rows = [("C1", "x", "Rekha", "", "", "", "", "", "", "v" * 150, "", "")]
    read = read_list(csv_bytes(rows))
    assert len(read.rows[0].village) == 100
    assert "village is too long" in read.warnings[0][1]


def test_xlsx_with_numbers_as_cells():
    rows = [("X1", "relief", "Lakshmi", "Das", "", "F", 34, 9876543210, 4321, "", "", "")]
    read = read_list(xlsx_bytes(rows), "list.xlsx")
    assert not read.errors
    assert read.rows[0].age == 34 and read.rows[0].phone == "9876543210"
    assert read.rows[0].id_last4 == "4321"


def test_semicolon_csv_and_extra_columns_and_missing_optional_columns():
    data = b"record_id;given_name;notes\nA;Lakshmi;x\nB;Rekha;y\n"
    read = read_list(data)
    assert [r.record_id for r in read.rows] == ["A", "B"]
    assert read.ignored_columns == ["notes"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"name,age\nLakshmi,34\n", "header"),
        (b"given_name,age\nLakshmi,34\n", "record_id"),
        (b"record_id,age\nA,34\n", "given_name"),
        (b"%PDF-1.4 binary", "not a CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        (b"PK\x03\x04 not really a zip", "not a CSV"),
        ("record_id,given_name\nA,Lakshmi\n".encode("cp1252") + b"B,Ren\xe9e\n", None),
        ("record_id,given_nàme\n".encode("latin-1") + b"A,x\n", "UTF-8"),
    ],
)
def test_unreadable_files(data, message):
    if message is None:
        read = read_list(data)  # one bad line: reported, the other kept
        assert [r.record_id for r in read.rows] == ["A"]
        assert read.errors and read.errors[0][0] == 3 and "encoding" in read.errors[0][1]
        return
    with pytest.raises(ValidationError) as exc:
        read_list(data)
    assert message in " ".join(exc.value.messages)


def test_utf16_and_bom():
    text = "record_id,given_name\nA,লক্ষ্মী\n"
    assert read_list(text.encode("utf-16")).rows[0].given_name == "লক্ষ্মী"
    assert read_list(b"\xef\xbb\xbf" + text.encode()).rows[0].record_id == "A"


def test_quoted_newline_keeps_line_numbers():
    data = b'record_id,given_name,village\nA,Lakshmi,"two\nlines"\nB,Rekha,x\nC,,\n'
    read = read_list(data)
    assert [r.line for r in read.rows] == [2, 4]
    assert read.errors[0][0] == 5


@pytest.mark.django_db
def test_import_page_starts_a_job_that_stores_the_list_encrypted(world, client):
    user = world.user("a", Role.FACILITATOR)
    client.force_login(user)
    rows = [*RELIEF, ("R4", "relief", "Mina", "", "", "", "old", "", "", "", "", "")]
    upload = csv_bytes(rows)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        reverse("linkage:list_import"),
        {
            "name": "Relief list Nadia",
            "collective": str(world.collectives["a1"].uuid),
            "file": SimpleUploadedFile("relief.csv", upload, content_type="text/csv"),
        },
    )
    assert r.status_code == 302
    job = Job.objects.get(kind="linkage.import_list")
    assert r["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.failure
    assert job.errors == [{"line": 5, "reason": job.errors[0]["reason"]}]
    assert "age ignored" in job.errors[0]["reason"]
    lst = BeneficiaryList.objects.get()
    assert lst.name == "Relief list Nadia" and lst.collective == world.collectives["a1"]
    # the row with a bad age is kept, without its age, and counted as warned
    assert (lst.row_count, lst.bad_row_count, lst.warned_row_count) == (4, 0, 1)
    assert (job.done, job.total) == (4, 4)
    recs = list(SourceRecord.objects.filter(beneficiary_list=lst).order_by("line"))
    assert [r.record_id for r in recs] == ["R1", "R2", "R3", "R4"]
    assert recs[3].age is None
    assert all(r.beneficiary_id for r in recs) and len({r.beneficiary_id for r in recs}) == 4
    assert recs[0].phone.unseal_for_system() == "9876543210"
    with connection.cursor() as c:
        c.execute("SELECT phone, id_last4 FROM linkage_sourcerecord")
        stored = " ".join(" ".join(row) for row in c.fetchall())
    assert "9876543210" not in stored and "4321" not in stored
    assert AuditEvent.objects.filter(object_type="linkage.beneficiarylist").exists()
    # the job page shows the warned line; the list page the rows and the warned count
    page = client.get(job.get_absolute_url()).content.decode()
    assert "5" in page and "age ignored" in page
    r = client.get(reverse("linkage:list_detail", kwargs={"uuid": lst.uuid}))
    html = r.content.decode()
    assert "LAXMI" in html and "9876543210" not in html
    assert "1 kept with a warning" in html


@pytest.mark.django_db
def test_import_of_a_bad_file_fails_with_its_reason(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(
        reverse("linkage:list_import"),
        {"file": SimpleUploadedFile("x.csv", b"name,age\nA,3\n", content_type="text/csv")},
    )
    job = Job.objects.get(kind="linkage.import_list")
    assert r.status_code == 302 and job.status == Job.Status.FAILED
    assert "header" in job.failure
    assert not BeneficiaryList.objects.exists()


@pytest.mark.django_db
def test_lists_are_scoped(world, client):
    from saathi.linkage.services import list_import

    read = read_list(csv_bytes(RELIEF))
    lst = list_import(
        organisation=world.orgs["a"],
        collective=None,
        name="A list",
        read=read,
        file_name="a.csv",
        actor=world.user("a", Role.FACILITATOR),
    )
    client.force_login(world.user("b", Role.FACILITATOR))
    assert client.get(reverse("linkage:list_detail", kwargs={"uuid": lst.uuid})).status_code == 404
    assert "A list" not in client.get(reverse("linkage:index")).content.decode()
