"""Letters: four kinds in four languages, no confidential field, BNS s.72, printing audited."""

import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.models import AuditEvent
from saathi.legal import letters, services

from .factories import ACCUSED, STATEMENT, THREAT, advocate, full_matter, matter

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(letters.TEXTS))
@pytest.mark.parametrize("language", letters.LANGS)
def test_every_letter_renders_without_confidential_data(world, kind, language):
    f = full_matter(world)
    services.identifier_add(
        matter=f["matter"],
        data={"kind": "fir", "number": "112", "year": 2025, "police_station": "Basirhat PS"},
        actor=advocate(world),
    )
    html = letters.render_html(f["matter"], kind, language)
    for secret in (ACCUSED, STATEMENT, THREAT, "SECRET-OCCUPATION", "SBI"):
        assert secret not in html
    assert "{" not in html.split("</style>")[1]  # every placeholder filled
    if kind != "sp_complaint":  # a refused FIR has no number yet
        assert "112/2025" in html and "Basirhat PS" in html
    name = world.members["a1"].native_name if language != "en" else "Lakshmi Das"
    assert name in html


@pytest.mark.django_db
def test_sexual_offence_letter_leaves_her_name_blank_without_written_authorisation(world):
    m = matter(world, sexual_offence=True)
    html = letters.render_html(m, "dlsa_compensation", "bn")
    assert "লক্ষ্মী দাস" not in html and "Lakshmi" not in html
    assert letters.WITHHELD["bn"] in html
    consent = services.disclosure_consent_record(
        matter=m,
        data={"given_on": m.created_at.date(), "method": "thumbprint", "witness_name": "Rina"},
        actor=advocate(world),
    )
    assert "লক্ষ্মী দাস" in letters.render_html(m, "dlsa_compensation", "bn")
    services.disclosure_consent_withdraw(consent=consent, actor=advocate(world))
    assert "লক্ষ্মী দাস" not in letters.render_html(m, "dlsa_compensation", "bn")


@pytest.mark.django_db
def test_dlsa_application_in_bengali_prints_and_is_audited(world):
    f = full_matter(world)
    c = Client()
    c.force_login(advocate(world))
    r = c.post(
        reverse("legal:letter", args=[f["matter"].uuid]),
        {"kind": "dlsa_compensation", "language": "bn"},
    )
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="print").last()
    assert (
        event.detail["letter"] == "dlsa_compensation" and event.object_type == "legal.legalmatter"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "legal-dlsa-bn.pdf"
    pdf.write_bytes(r.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "legal-dlsa-bn")],
        check=True,
    )
    # the facilitator may not print
    c.force_login(world.user("a", "facilitator"))
    r = c.post(reverse("legal:letter", args=[f["matter"].uuid]), {"kind": "sp_complaint"})
    assert r.status_code == 403
