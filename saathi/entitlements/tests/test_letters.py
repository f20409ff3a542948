import subprocess
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.entitlements import services
from saathi.entitlements.models import LetterPrint

from .factories import facilitator, scheme


def _text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext extracts it. (It moves Bengali pre-base vowel signs
    after their consonant in extraction; the rendered page is shaped correctly, so the
    checks use words without them, and the member's name, which extracts intact.)"""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def app(world):
    a = services.application_start(
        member=world.members["a1"],
        scheme=scheme("wb_ration_card", world.orgs["a"]),
        actor=facilitator(world),
        office="Block Food Inspector, Ranaghat II",
    )
    services.application_move(
        application=a,
        to_status="submitted",
        actor=facilitator(world),
        authority_reference="RC/2026/4411",
    )
    return a


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,name,words",
    [
        ("bn", "লক্ষ্মী দাস", ["রেশন", "APP-"]),
        ("hi", "लक्ष्मी", ["आवेदन", "राशन"]),
        ("en", "Lakshmi Das", ["Application", "ration card"]),
    ],
)
def test_letter_pdf_carries_her_name_in_her_script(world, app, tmp_path, language, name, words):
    if language == "hi":  # her native name is in Bengali; a Hindi letter shows it as given
        name = "লক্ষ্মী দাস"
    pdf = services.letter_pdf(
        application=app, kind="cover", language=language, actor=facilitator(world)
    )
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert name in text
    for w in words:
        assert w in text
    assert "SECRET-OCCUPATION" not in text and "SECRET-HIV" not in text
    assert "Ranaghat II" in text


@pytest.mark.django_db
def test_telugu_follow_up_and_rti_letters(world, tmp_path):
    member = world.members["b1"]
    a = services.application_start(
        member=member, scheme=scheme("ap_ntr_bharosa", world.orgs["b"]),
        actor=world.user("b", Role.FACILITATOR),
    )  # fmt: skip
    services.application_move(
        application=a, to_status="submitted", actor=world.user("b", Role.FACILITATOR),
        authority_reference="NTR-77",
    )  # fmt: skip
    for kind in ("follow_up", "rti"):
        text = _text(
            services.letter_pdf(
                application=a, kind=kind, language="te", actor=world.user("b", Role.FACILITATOR)
            ),
            tmp_path,
        )
        assert "NTR-77" in text
        # Telugu vowel signs come out of pdftotext in glyph order: her name's letters are
        # all on the signature line, next to its Latin form
        line = next(x for x in text.splitlines() if "(Gollapudi Padma)" in x)
        assert Counter("గొల్లపూడిపద్మ") <= Counter(line.replace(" ", ""))
    assert "RTI" in text or "2005" in text


@pytest.mark.django_db
def test_printing_is_audited_and_refused_to_volunteers(world, app):
    before = AuditEvent.objects.filter(action="print").count()
    services.letter_pdf(application=app, kind="rti", language="bn", actor=facilitator(world))
    assert AuditEvent.objects.filter(action="print").count() == before + 1
    assert LetterPrint.objects.filter(application=app, kind="rti", language="bn").exists()
    with pytest.raises(PermissionDenied):
        services.letter_pdf(
            application=app, kind="cover", language="bn", actor=world.user("a", Role.VOLUNTEER)
        )


@pytest.mark.django_db
def test_org_admin_edits_a_letter_and_unknown_placeholders_are_refused(world, app, tmp_path):
    admin = world.user("a", Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.letter_template_save(
            organisation=world.orgs["a"], kind="cover", language="bn",
            subject="{scheme}", body="{occupation} {member_name}", actor=admin,
        )  # fmt: skip
    assert "body" in exc.value.message_dict
    services.letter_template_save(
        organisation=world.orgs["a"], kind="cover", language="bn",
        subject="আবেদন: {scheme}", body="আমার স্বাক্ষর {member_name}।", actor=admin,
    )  # fmt: skip
    text = _text(
        services.letter_pdf(application=app, kind="cover", language="bn", actor=admin), tmp_path
    )
    assert "স্বাক্ষর" in text and "রেশন" not in text.split("স্বাক্ষর")[1][:5]
    # organisation B still prints the shipped text
    assert services.letter_template_for(world.orgs["b"].pk, "cover", "bn").organisation is None


@pytest.mark.django_db
def test_letter_page_returns_pdf(world, app, client):
    client.force_login(facilitator(world))
    url = reverse("entitlements:application_letter", kwargs={"uuid": app.uuid})
    r = client.post(url, {"kind": "cover", "language": "bn"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    client.force_login(world.user("a", Role.VOLUNTEER))
    assert client.post(url, {"kind": "cover", "language": "bn"}).status_code == 403


@pytest.mark.django_db
def test_the_letter_history_names_the_language_and_timelines_are_translated(world, app):
    from django.test import Client

    services.letter_pdf(application=app, kind="rti", language="bn", actor=facilitator(world))
    user = facilitator(world)
    user.language = "te"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    html = client.get(reverse("entitlements:application_detail", args=[app.uuid])).content.decode()
    assert "(বাংলা)" in html and "(bn)" not in html
    if app.scheme.typical_timeline.startswith("Not verified"):
        assert "ధృవీకరించలేదు" in html and "Not verified" not in html
