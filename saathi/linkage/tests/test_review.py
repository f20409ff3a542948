"""Runs, clerical review, merges and decisions remembered across runs (with a matcher of
known answers: see fake_matcher.py)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import make_user
from saathi.linkage import services
from saathi.linkage.imports import read_list
from saathi.linkage.models import (
    Beneficiary,
    CandidatePair,
    LinkageRun,
    PairDecision,
    SourceRecord,
)

from .factories import REGISTER, RELIEF, csv_bytes
from .fake_matcher import fake_match

RATION = [
    (
        "D1",
        "ration",
        "Purnima",
        "Biswas",
        "",
        "F",
        "50",
        "9000022222",
        "",
        "Santipur",
        "Nadia",
        "WB",
    ),
    ("D2", "ration", "Fatema", "Khatoon", "", "F", "40", "", "", "Haringhata", "Nadia", "WB"),
]


@pytest.fixture(autouse=True)
def _fake(monkeypatch):
    monkeypatch.setattr(services, "matcher", lambda: fake_match)


def import_list(world, rows, name, coll="a1", actor=None):
    actor = actor or world.user("a", Role.FACILITATOR)
    return services.list_import(
        organisation=world.orgs["a"],
        collective=world.collectives[coll] if coll else None,
        name=name,
        read=read_list(csv_bytes(rows)),
        file_name=f"{name}.csv",
        actor=actor,
    )


def start_run(client, lists, **extra):
    r = client.post(
        reverse("linkage:run_create"),
        {"lists": [str(lst.uuid) for lst in lists], "threshold": "0.9", **extra},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    return LinkageRun.objects.order_by("-pk").first()


def pair_of(run, left_id, right_id):
    for p in CandidatePair.objects.filter(run=run).select_related("left", "right"):
        ids = {p.left.record_id, p.right.record_id if p.right else None}
        if ids == {left_id, right_id}:
            return p
    raise AssertionError((left_id, right_id))


def ben_of(lst, record_id):
    return SourceRecord.objects.get(beneficiary_list=lst, record_id=record_id).beneficiary


@pytest.mark.django_db
def test_review_merge_reject_and_rerun(world):
    fac = world.user("a", Role.FACILITATOR)
    client = Client()
    client.force_login(fac)
    reg = import_list(world, REGISTER, "Register")
    relief = import_list(world, RELIEF, "Relief")
    ration = import_list(world, RATION, "Ration")
    run = start_run(client, [reg, relief, ration])
    run.refresh_from_db()
    assert run.status == "done" and run.record_count == 8
    assert run.collective == world.collectives["a1"]
    auto = pair_of(run, "C1", "R1")
    assert auto.band == "auto" and pair_of(run, "C2", "R2").band == "auto"
    p_purnima = pair_of(run, "R3", "D1")
    p_fatema = pair_of(run, "C3", "D2")
    assert p_purnima.band == p_fatema.band == "review"
    assert run.beneficiary_count == 6
    assert ben_of(reg, "C1") == ben_of(relief, "R1")

    # the review page shows both doubtful pairs with what agreed
    page = client.get(reverse("linkage:run_review", kwargs={"uuid": run.uuid}))
    body = page.content.decode()
    assert "Purnima" in body and "Khatoon" in body and "70%" in body
    assert "9000011111" not in body and "9000022222" not in body  # phones never shown

    # merge: same person
    before = AuditEvent.objects.count()
    r = client.post(
        reverse("linkage:pair_detail", kwargs={"uuid": p_purnima.uuid}),
        {"decision": "same", "next": reverse("linkage:run_review", kwargs={"uuid": run.uuid})},
    )
    assert r.status_code == 302
    b3, d1 = ben_of(relief, "R3"), ben_of(ration, "D1")
    assert b3 == d1
    # both source rows kept, the emptied beneficiary points at the one that took her row
    assert SourceRecord.objects.filter(beneficiary=b3).count() == 2
    merged = Beneficiary.objects.get(merged_into=b3)
    assert not merged.records.exists()
    d1_row = SourceRecord.objects.get(beneficiary_list=ration, record_id="D1")
    assert d1_row.history.count() == 2  # created, then moved: its history is kept
    actions = list(AuditEvent.objects.filter(seq__gt=before).values_list("object_type", flat=True))
    assert "linkage.candidatepair" in actions and "linkage.beneficiary" in actions

    # different people; a spot-checked automatic match rejected
    client.post(
        reverse("linkage:pair_detail", kwargs={"uuid": p_fatema.uuid}), {"decision": "different"}
    )
    client.post(
        reverse("linkage:pair_detail", kwargs={"uuid": auto.uuid}), {"decision": "different"}
    )
    assert ben_of(reg, "C1") != ben_of(relief, "R1")
    assert PairDecision.objects.count() == 3
    review = client.get(reverse("linkage:run_review", kwargs={"uuid": run.uuid})).content.decode()
    assert "Nothing left to review" in review

    # a new run over the same lists asks nothing again and keeps every decision
    refs = {
        (r.beneficiary_list_id, r.record_id): r.beneficiary.reference
        for r in SourceRecord.objects.select_related("beneficiary")
    }
    run2 = start_run(client, [reg, relief, ration])
    run2.refresh_from_db()
    assert run2.beneficiary_count == 6
    counts = client.get(reverse("linkage:run_review", kwargs={"uuid": run2.uuid}) + "?tab=review")
    assert "Nothing left to review" in counts.content.decode()
    assert ben_of(relief, "R3") == ben_of(ration, "D1")
    assert ben_of(reg, "C1") != ben_of(relief, "R1")
    after = {
        (r.beneficiary_list_id, r.record_id): r.beneficiary.reference
        for r in SourceRecord.objects.select_related("beneficiary")
    }
    assert after == refs  # beneficiaries keep their references across runs
    assert SourceRecord.objects.count() == 8

    # the clean list: one row per person, which rows she merges, nothing personal
    r = clean_list(client, run2)
    text = r.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6
    merged_row = next(x for x in rows if x["given_name"] == "Purnima")
    assert merged_row["record_count"] == "2"
    assert f"{relief.reference}:R3" in merged_row["source_rows"]
    assert f"{ration.reference}:D1" in merged_row["source_rows"]
    assert "9000011111" not in text and "4321" not in text and "phone" not in text
    assert AuditEvent.objects.filter(action="export", object_type="linkage.linkagerun").exists()
    x = clean_list(client, run2, "xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"


@pytest.mark.django_db
def test_unsure_pairs_are_named_in_the_clean_list(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    relief = import_list(world, RELIEF, "Relief")
    ration = import_list(world, RATION, "Ration")
    run = start_run(client, [relief, ration])
    p = pair_of(run, "R3", "D1")
    client.post(reverse("linkage:pair_detail", kwargs={"uuid": p.uuid}), {"decision": "unsure"})
    page = client.get(reverse("linkage:run_review", kwargs={"uuid": run.uuid}) + "?tab=unsure")
    assert "Purnima" in page.content.decode()
    rows = list(csv.DictReader(io.StringIO(clean_list(client, run).content.decode("utf-8-sig"))))
    purnima = [x for x in rows if x["given_name"] == "Purnima"]
    assert len(purnima) == 2
    assert purnima[0]["to_check"] == purnima[1]["beneficiary"]


@pytest.mark.django_db
def test_a_pair_across_collectives_is_seen_only_by_who_sees_both(world):
    """One record on a list of collective A1, the other on a list of A2."""
    admin = world.user("a", Role.FACILITATOR)
    list1 = import_list(world, REGISTER, "A1 register", coll="a1")
    list2 = import_list(world, RELIEF, "A2 relief", coll="a2")
    client = Client()
    client.force_login(admin)
    run = start_run(client, [list1, list2])
    assert run.collective is None  # across two collectives: organisation-wide
    pair = pair_of(run, "C1", "R1")
    pair_url = reverse("linkage:pair_detail", kwargs={"uuid": pair.uuid})
    assert client.get(pair_url).status_code == 200

    leader = world.user("a", Role.COLLECTIVE_LEADER)  # leader of A1
    fac_a1 = make_user("fac_a1", world.orgs["a"], Role.FACILITATOR, world.collectives["a1"])
    for user in (leader, fac_a1):
        c = Client()
        c.force_login(user)
        assert pair not in CandidatePair.objects.visible_to(user)
        assert c.get(pair_url).status_code == 404
        assert c.post(pair_url, {"decision": "same"}).status_code == 404
        r = c.get(reverse("linkage:run_review", kwargs={"uuid": run.uuid}))
        assert r.status_code in (403, 404)
        assert "Lakshmi" not in r.content.decode()
    assert not PairDecision.objects.exists()
    # a facilitator of A1 does see a pair whose two records are both on A1's lists
    list3 = import_list(world, RELIEF, "A1 relief", coll="a1", actor=fac_a1)
    c = Client()
    c.force_login(fac_a1)
    run_a1 = start_run(c, [list1, list3])
    inside = pair_of(run_a1, "C1", "R1")
    assert c.get(reverse("linkage:pair_detail", kwargs={"uuid": inside.uuid})).status_code == 200
    assert c.get(reverse("linkage:run_create")).status_code == 200
    # she cannot start a run over a list of A2
    r = c.post(reverse("linkage:run_create"), {"lists": [str(list2.uuid)], "threshold": "0.9"})
    assert r.status_code == 200 and LinkageRun.objects.count() == 2


@pytest.mark.django_db
def test_run_against_the_registry_links_members(world):
    """Lakshmi Das is a registered member (লক্ষ্মী দাস, phone 9876543210)."""
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    relief = import_list(world, RELIEF, "Relief")
    run = start_run(client, [relief], against_registry="on")
    run.refresh_from_db()
    assert run.member_count == 1
    pair = CandidatePair.objects.get(run=run, right_member__isnull=False)
    assert pair.right_member == world.members["a1"] and pair.left.record_id == "R1"
    ben = ben_of(relief, "R1")
    assert ben.member == world.members["a1"]
    rows = list(csv.DictReader(io.StringIO(clean_list(client, run).content.decode("utf-8-sig"))))
    assert (
        next(x for x in rows if x["given_name"] == "LAXMI")["member_reference"]
        == world.members["a1"].reference
    )
    assert AuditEvent.objects.filter(
        action="view_personal", object_type="linkage.linkagerun"
    ).exists()


@pytest.mark.django_db
def test_clean_list_cells_never_run_as_formulas(world):
    from openpyxl import load_workbook

    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    rows = [("F1", "x", '=HYPERLINK("http://evil")', "@SUM(A1)", "", "", "", "", "", "", "", "")]
    lst = import_list(world, rows, "Formula")
    run = start_run(client, [lst])
    text = clean_list(client, run).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    x = clean_list(client, run, "xlsx")
    ws = load_workbook(io.BytesIO(x.content)).active
    values = [c.value for c in ws[2]]
    # XLSX: the text as typed, in a text cell (no formula, no apostrophe)
    assert '=HYPERLINK("http://evil")' in values and "@SUM(A1)" in values
    assert all(c.data_type != "f" for c in ws[2])


@pytest.mark.django_db
def test_a_collective_run_compares_only_that_collectives_members(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    rows = [("X1", "relief", "Rekha", "Mondal", "", "F", "36", "", "", "", "Howrah", "WB")]
    lst = import_list(world, rows, "A1 relief", coll="a1")
    run = start_run(client, [lst], against_registry="on")
    run.refresh_from_db()
    assert run.collective == world.collectives["a1"]
    assert run.member_count == 1  # Lakshmi (A1); Rekha Mondal is a member of A2
    assert not CandidatePair.objects.filter(run=run, right_member=world.members["a2"]).exists()


def clean_list(client, run, fmt="csv"):
    """Start the clean-list export (a POST) and fetch the file the job made."""
    from types import SimpleNamespace

    from saathi.core.models import Job

    r = client.post(reverse("linkage:run_export", kwargs={"uuid": run.uuid}), {"format": fmt})
    job = Job.objects.filter(kind="linkage.export_clean_list").order_by("-id").first()
    assert r.status_code == 302 and r["Location"] == job.get_absolute_url(), r.status_code
    assert job.status == Job.Status.DONE, job.failure
    download = client.get(reverse("core:job_download", kwargs={"uuid": job.uuid}))
    assert download.status_code == 200
    return SimpleNamespace(
        status_code=200,
        content=b"".join(download.streaming_content)
        if getattr(download, "streaming", False)
        else download.content,
    )


@pytest.mark.django_db
def test_the_clean_list_export_is_a_post_and_a_get_writes_no_audit_row(world):
    """It ran on a GET: a link (or a browser's prefetch) wrote an export audit row."""
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    run = start_run(client, [import_list(world, RELIEF, "Relief")])
    url = reverse("linkage:run_export", kwargs={"uuid": run.uuid})
    before = AuditEvent.objects.filter(action="export").count()
    assert client.get(url).status_code == 405
    assert AuditEvent.objects.filter(action="export").count() == before
    page = client.get(reverse("linkage:run_detail", kwargs={"uuid": run.uuid})).content.decode()
    assert f'<form method="post" action="{url}"' in page
    clean_list(client, run)
    assert (
        AuditEvent.objects.filter(action="export", object_type="linkage.linkagerun").count()
        == before + 1
    )
