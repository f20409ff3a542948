"""Access: everything we hold about her, as a zip of a PDF, JSON and CSV (background job)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role
from saathi.people import services as people_services
from saathi.rights import services
from saathi.rights.models import RightsSettings

SHOTS = Path("test-artifacts/screenshots")


def _access(world, member, role=Role.SOCIAL_WORKER, language="en"):
    return services.request_record(
        member=member,
        kind="access",
        verification="in_person_known",
        language=language,
        details="I want to see my file",
        actor=world.user("a" if member.organisation.name.endswith("A") else "b", role),
    )


def _open(job) -> zipfile.ZipFile:
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.DONE, job.failure
    return zipfile.ZipFile(io.BytesIO(job.result_bytes()))


def test_export_holds_every_record_and_who_looked_confidential_only_when_released(world):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    # somebody opened her confidential fields: it is in "who looked"
    people_services.member_update(member=member, changes={"health_status": "TB-SECRET"}, actor=sw)
    from saathi.core import confidential

    confidential.reveal(world.user("a", Role.LEGAL_ADVOCATE), member, ["occupation"])
    req = _access(world, member)

    z = _open(services.access_export_start(request=req, release=False, actor=sw))
    names = set(z.namelist())
    assert {"everything.pdf", "everything.json", "people-Member.csv", "audit.csv"} <= names
    data = json.loads(z.read("everything.json"))
    assert data["member"] == member.reference
    phones = data["records"]["people.MemberPhone"]
    assert phones[0]["number"] == "9876543210"  # her own personal data, decrypted
    assert "occupation" not in data["records"]["people.Member"][0]
    assert "SECRET-OCCUPATION" not in z.read("everything.json").decode()
    assert "search_text" not in data["records"]["people.Member"][0]
    assert any("Legal advocate" in row["who"] for row in data["who_looked"])
    assert not any("a_legal_advocate" in row["who"] for row in data["who_looked"])
    assert z.read("everything.pdf").startswith(b"%PDF")

    # released by a social worker: confidential parts in; staff names when the org says so
    RightsSettings.objects.create(
        organisation=member.organisation, contact="Office", show_staff_names=True
    )
    z = _open(services.access_export_start(request=req, release=True, actor=sw))
    data = json.loads(z.read("everything.json"))
    assert data["records"]["people.Member"][0]["occupation"] == "SECRET-OCCUPATION"
    assert any(
        row["who"].startswith(world.user("a", Role.LEGAL_ADVOCATE).username)
        for row in data["who_looked"]
    )
    exports = AuditEvent.objects.filter(action="export", member_id=member.pk)
    assert [e.detail["confidential_released"] for e in exports.order_by("seq")] == [False, True]


def test_only_social_workers_and_advocates_release_and_other_orgs_cannot(world):
    member = world.members["a1"]
    req = _access(world, member)
    with pytest.raises(ValidationError):
        services.access_export_start(
            request=req, release=True, actor=world.user("a", Role.FACILITATOR)
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.access_export_start(
            request=req, release=False, actor=world.user("b", Role.SOCIAL_WORKER)
        )


def test_the_pdf_is_in_her_language_and_script(world):
    member = world.members["b1"]  # Telugu
    req = services.request_record(
        member=member,
        kind="access",
        verification="in_person_known",
        language="te",
        actor=world.user("b", Role.SOCIAL_WORKER),
    )
    z = _open(
        services.access_export_start(
            request=req, release=False, actor=world.user("b", Role.SOCIAL_WORKER)
        )
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "rights-access-export-te.pdf"
    pdf.write_bytes(z.read("everything.pdf"))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(SHOTS / "rights-access-export-te"),
        ],
        check=True,
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "గొల్లపూడి పద్మ" in text or "పద్మ" in text
