"""With the real matching engine: four overlapping lists become one clean list."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role
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
    ben = SourceRecord.objects.get(record_id="C1").beneficiary
    assert ben.member == world.members["a1"]
    assert CandidatePair.objects.filter(run=run).exists()
    page = client.get(reverse("linkage:run_detail", kwargs={"uuid": run.uuid}))
    assert page.status_code == 200
    text = client.get(reverse("linkage:run_export", kwargs={"uuid": run.uuid})).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert len(rows) == run.beneficiary_count
    assert len(rows) <= 5 + 1  # Lakshmi, Rekha, Purnima, Anjali (Rekha may wait for review)
    assert sum(int(r["record_count"]) for r in rows) == 8
