"""With the real matching engine: four overlapping lists become one clean list."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role
from saathi.linkage.imports import read_list
from saathi.linkage.models import BeneficiaryList, CandidatePair, LinkageRun, SourceRecord

from .factories import csv_bytes
from .test_dedupe_command import ROWS


@pytest.mark.django_db
def test_four_lists_one_clean_list(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    sources = {}
    for row in ROWS:
        sources.setdefault(row[1], []).append(row)
    assert len(sources) == 4
    for name, rows in sources.items():
        r = client.post(
            reverse("linkage:list_import"),
            {"name": name, "file": SimpleUploadedFile(f"{name}.csv", csv_bytes(rows))},
        )
        assert r.status_code == 302
    lists = list(BeneficiaryList.objects.all())
    r = client.post(
        reverse("linkage:run_create"),
        {"lists": [str(x.uuid) for x in lists], "threshold": "0.9", "against_registry": "on"},
    )
    assert r.status_code == 302
    run = LinkageRun.objects.get()
    assert run.status == "done"
    lakshmi = {
        r.beneficiary_id
        for r in SourceRecord.objects.filter(record_id__in=["C1", "R1", "R2", "D1"])
    }
    assert len(lakshmi) == 1
    # the registry's Lakshmi Das has other Aadhaar digits (…1234) than three of the rows:
    # those pairs are put to a person; Lokkhi (no ID on her row) is linked to her
    member_pairs = list(CandidatePair.objects.filter(run=run, right_member=world.members["a1"]))
    assert member_pairs
    for p in member_pairs:
        if p.fields.get("id_last4") == "differ":
            assert p.band == "review"
    assert SourceRecord.objects.get(record_id="R2").beneficiary.member == world.members["a1"]
    assert CandidatePair.objects.filter(run=run).exists()
    page = client.get(reverse("linkage:run_detail", kwargs={"uuid": run.uuid}))
    assert page.status_code == 200
    text = clean_list(client, run).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert len(rows) == run.beneficiary_count
    assert len(rows) <= 5 + 1  # Lakshmi, Rekha, Purnima, Anjali (Rekha may wait for review)
    assert sum(int(r["record_count"]) for r in rows) == 8


@pytest.mark.django_db
def test_a_namesake_on_the_family_phone_is_put_to_a_person(world):
    from saathi.linkage import services

    rows = [
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
            "WB",
        ),
        (
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
            "WB",
        ),
        (
            "R1",
            "relief",
            "LAXMI",
            "DASS",
            "GOPAL DAS",
            "F",
            "35",
            "9876543210",
            "4321",
            "Ranaghat",
            "Nadia",
            "WB",
        ),
    ]
    actor = world.user("a", Role.FACILITATOR)
    lst = services.list_import(
        organisation=world.orgs["a"],
        collective=None,
        name="L",
        read=read_list(csv_bytes(rows)),
        file_name="",
        actor=actor,
    )
    run = services.run_create(
        actor=actor, organisation=world.orgs["a"], lists=[lst], against_registry=False
    )
    services.run_execute(run, actor=actor)
    bens = {r.record_id: r.beneficiary_id for r in SourceRecord.objects.all()}
    assert bens["C1"] == bens["R1"] != bens["C2"]
    c2 = CandidatePair.objects.filter(
        run=run, left__record_id="C1", right__record_id="C2"
    ) | CandidatePair.objects.filter(run=run, left__record_id="C2", right__record_id="C1")
    assert [p.band for p in c2] == ["review"]


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
