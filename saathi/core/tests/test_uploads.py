"""Hostile uploads (issue 12 item 10): photos are re-encoded, bombs and broken files are
refused at their field, and every private-file route answers with the same headers."""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from saathi.core import vault
from saathi.core.files import check_upload
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

from .samples import jpeg_with_location, pdf_bytes, png_bytes, png_header, upload

# a photo opened on its own: still sandboxed, no script, no source but itself; the
# browser's image viewer keeps its inline styling
PHOTO_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF_WITH_JS = pdf_bytes().replace(
    b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
)


def _pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGB").tobytes()


def test_a_png_with_html_appended_comes_out_a_clean_png():
    content, mime = check_upload(upload("x.png", png_bytes() + HTML), "scan")
    assert mime == "image/png"
    assert b"<html" not in content and b"script" not in content
    assert content.endswith(b"IEND\xaeB`\x82")
    assert _pixels(content) == _pixels(png_bytes())


def test_a_phone_photo_loses_its_gps_position_and_camera_but_stays_upright():
    original = jpeg_with_location(64, 48, orientation=6)  # "rotate 90" in its EXIF
    assert b"SaathiTestPhone" in original and Image.open(io.BytesIO(original)).getexif()
    content, mime = check_upload(upload("p.jpg", original, "image/jpeg"), "ack_file")
    assert mime == "image/jpeg"
    assert b"SaathiTestPhone" not in content and b"Exif" not in content
    cleaned = Image.open(io.BytesIO(content))
    assert dict(cleaned.getexif()) == {}
    assert cleaned.get_format_mimetype() == "image/jpeg"
    assert cleaned.size == (48, 64)  # the orientation was applied to the pixels


def test_a_photo_that_claims_billions_of_pixels_is_refused_before_it_is_decoded():
    bomb = png_header(60_000, 60_000)  # about 150 bytes that would unpack to 10 GB
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("bomb.png", bomb), "scan")
    assert "too many pixels" in exc.value.message_dict["scan"][0]


def test_the_pixel_bound_is_the_setting(settings):
    settings.SAATHI_UPLOAD_MAX_PIXELS = 30 * 30
    check_upload(upload("ok.png", png_bytes(30, 30)), "scan")
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("big.png", png_bytes(31, 30)), "receipt")
    assert "too many pixels" in exc.value.message_dict["receipt"][0]


@pytest.mark.parametrize(
    "data, mime",
    [
        (png_bytes(40, 40)[:60], "image/png"),  # cut off in its data
        (jpeg_with_location()[:200], "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image/png"),  # the magic bytes only
    ],
)
def test_a_photo_that_does_not_decode_is_refused_with_a_message(data, mime):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("bad", data, mime), "scan")
    message = exc.value.message_dict["scan"][0]
    assert "cannot be read" in message or "not one" in message


def test_a_pdf_is_kept_as_it_is():
    content, mime = check_upload(upload("a.pdf", PDF_WITH_JS, "application/pdf"), "scan")
    assert (content, mime) == (PDF_WITH_JS, "application/pdf")


# ------------------------------------------------- the four private-file routes
def _document(world, data, mime):
    from saathi.people import services

    doc = services.document_save(
        member=world.members["a1"],
        data={"kind": "voter_id", "status": "held"},
        upload=upload("f", data, mime),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    return doc, reverse("people:document_scan", args=[doc.uuid])


def _correspondence(world, data, mime):
    from saathi.entitlements import services

    item = services.correspondence_add(
        member=world.members["a1"],
        application=None,
        data={
            "kind": "visit",
            "authority": "Food office",
            "on": timezone.localdate(),
            "summary": "Visited",
        },
        upload=upload("f", data, mime),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    return item, reverse("entitlements:correspondence_attachment", args=[item.uuid])


def _distribution(world, data, mime):
    from saathi.relief import services
    from saathi.relief.tests.helpers import dist_input, make_programme

    dist = services.distribution_record(
        data=dist_input(make_programme(world), world.members["a1"], ack_method="signature"),
        actor=world.user("a", Role.ORG_ADMIN),
        ack_upload=upload("f", data, mime),
    )
    return dist, reverse("relief:distribution_ack", args=[dist.uuid])


def _expenditure(world, data, mime):
    from saathi.funds import services
    from saathi.relief.tests.helpers import make_campaign

    exp = services.expenditure_record(
        campaign=make_campaign(world, "a"),
        amount=Decimal("500"),
        spent_on=timezone.localdate(),
        description="Ration kits",
        beyond_balance=True,
        beyond_balance_reason="Paid before the donations came in",
        receipt=upload("f", data, mime),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    return exp, reverse("funds:expenditure_receipt", args=[exp.uuid])


ROUTES = {
    "document": (_document, "scan_file"),
    "correspondence": (_correspondence, "attachment_file"),
    "distribution": (_distribution, "ack_file"),
    "expenditure": (_expenditure, "receipt_file"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_stored_photo_is_clean_inline_and_its_read_audited(client, world, route):
    make, field = ROUTES[route]
    obj, url = make(world, png_bytes() + HTML, "image/png")
    assert b"<html" not in vault.read(obj, field)  # what is stored is the clean photo
    client.force_login(world.user("a", Role.ORG_ADMIN))
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_DOCUMENT).count()
    response = client.get(url)
    assert response.status_code == 200
    assert _pixels(response.content) == _pixels(png_bytes())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].endswith('.png"')
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == PHOTO_CSP
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_DOCUMENT)
    assert views.count() == before + 1
    assert views.order_by("-seq").first().fields == field


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["document", "correspondence", "expenditure"])
def test_a_pdf_is_a_sandboxed_download_never_shown_inline(client, world, route):
    make, _field = ROUTES[route]
    _obj, url = make(world, PDF_WITH_JS, "application/pdf")
    client.force_login(world.user("a", Role.ORG_ADMIN))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF_WITH_JS
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_refused_upload_in_the_form_keeps_what_was_typed(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    response = client.post(
        reverse("people:document_add", args=[member.uuid]),
        {
            "kind": "voter_id",
            "status": "held",
            "identification_route": "documentary",
            "notes": "kept at the office",
            "scan": SimpleUploadedFile("bomb.png", png_header(60_000, 60_000), "image/png"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    near_the_field = html[html.index('name="scan"') - 600 : html.index('name="scan"') + 600]
    assert "too many pixels" in near_the_field
    assert 'value="kept at the office"' in html
    assert not member.documents.filter(notes="kept at the office").exists()


# ------------------------------------------------------------------ request size
@pytest.mark.django_db
def test_a_request_larger_than_the_cap_is_refused_with_413_before_it_is_read(
    client, world, settings
):
    settings.SAATHI_REQUEST_MAX_BYTES = 4096
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("people:document_add", args=[member.uuid])
    fields = {"kind": "voter_id", "status": "held", "identification_route": "documentary"}
    before = member.documents.count()
    big = client.post(url, fields | {"scan": upload("s.png", png_bytes() + b"\0" * 8192)})
    assert big.status_code == 413
    assert "File too large" in big.content.decode()
    assert member.documents.count() == before
    small = client.post(url, fields | {"scan": upload("s.png", png_bytes())})
    assert small.status_code == 302 and member.documents.count() == before + 1


def test_the_documented_nginx_cap_is_the_servers_default():
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    caps = re.findall(r"client_max_body_size (\d+)m;", readme)
    assert caps, "the README's nginx section caps the request size"
    default = max(50 * 2**20, 5 * 2**20) + 2**20  # config/settings.py without environment
    assert [int(c) * 2**20 for c in caps] == [default]
    if "SAATHI_REQUEST_MAX_BYTES" not in os.environ:
        assert default == settings.SAATHI_REQUEST_MAX_BYTES


def test_a_cut_off_photo_is_refused_even_after_weasyprint_made_pillow_lenient():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("cut.png", png_bytes(40, 40)[:60]), "scan")
    assert "cannot be read" in exc.value.message_dict["scan"][0]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as the letters need it


# ------------------------------------------- photos stored before re-encoding
def test_what_reencoding_writes_is_clean_and_what_phones_send_is_not():
    from saathi.core.files import is_clean_image, reencode_image

    phone = jpeg_with_location()
    assert not is_clean_image(phone, "image/jpeg")
    assert is_clean_image(reencode_image(phone, "image/jpeg", "f"), "image/jpeg")
    assert not is_clean_image(png_bytes() + HTML, "image/png")
    assert is_clean_image(png_bytes(), "image/png")
    cleaned = reencode_image(phone, "image/jpeg", "f")
    assert not is_clean_image(cleaned + HTML, "image/jpeg")


@pytest.mark.django_db
def test_reencode_photos_cleans_the_photos_stored_before_and_only_those(world):
    from django.core.management import call_command

    from saathi.people.models import IdentityDocument

    docs = list(IdentityDocument.objects.filter(member__organisation=world.orgs["a"])[:3])
    old = [(jpeg_with_location(), "image/jpeg"), (png_bytes() + HTML, "image/png")]
    old.append((PDF_WITH_JS, "application/pdf"))
    for doc, (content, mime) in zip(docs, old, strict=True):
        vault.store(doc, "scan_file", content)  # as uploads were stored before: unchanged
        doc.scan_content_type, doc.scan_size = mime, len(content)
        doc.save()
    names = {doc.pk: doc.scan_file for doc in docs}
    out = io.StringIO()
    call_command("reencode_photos", stdout=out, stderr=io.StringIO())
    assert "people.IdentityDocument.scan_file: 2 photos re-encoded" in out.getvalue()
    jpeg, png, pdf = (IdentityDocument.objects.get(pk=d.pk) for d in docs)
    assert b"SaathiTestPhone" not in vault.read(jpeg, "scan_file")
    assert dict(Image.open(io.BytesIO(vault.read(jpeg, "scan_file"))).getexif()) == {}
    assert jpeg.scan_size == len(vault.read(jpeg, "scan_file"))
    assert b"<html" not in vault.read(png, "scan_file")
    assert _pixels(vault.read(png, "scan_file")) == _pixels(png_bytes())
    assert pdf.scan_file == names[pdf.pk] and vault.read(pdf, "scan_file") == PDF_WITH_JS
    assert AuditEvent.objects.filter(actor_username="reencode_photos").exists()
    # a second run finds nothing to do (a JPEG is not re-compressed again)
    again = io.StringIO()
    call_command("reencode_photos", stdout=again)
    assert "Done: 0 photos re-encoded" in again.getvalue()
    assert IdentityDocument.objects.get(pk=jpeg.pk).scan_file == jpeg.scan_file
