"""Identity documents: Aadhaar never stored whole, numbers encrypted, scans checked and sealed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from saathi.core import crypto, vault
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import aadhaar_ending_1234
from saathi.core.tests.samples import exe_bytes, pdf_bytes, png_bytes, upload
from saathi.people import services
from saathi.people.models import IdentityDocument

pytestmark = pytest.mark.django_db
AADHAAR = "876540031234"  # valid (Verhoeff check digit)


def dump_table(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return "\n".join(repr(row) for row in cursor.fetchall())


def dump_database() -> str:
    tables = connection.introspection.table_names()
    return "\n".join(dump_table(t) for t in tables)


def test_aadhaar_is_never_stored_whole(world):
    doc = IdentityDocument.objects.get(member=world.members["a1"], kind="aadhaar")
    number = aadhaar_ending_1234(world.members["a1"].pk)  # the number build_world saved
    assert doc.number_last4 == "1234"
    assert doc.number_hash == crypto.blind_index(number, "aadhaar")
    assert not doc.number  # nothing encrypted either
    assert number not in dump_table("people_identitydocument")
    assert number not in dump_table("people_historicalidentitydocument")
    # nowhere in the database, audit log included; in any spacing
    everything = dump_database()
    assert number not in everything
    assert " ".join((number[:4], number[4:8], number[8:])) not in everything


def test_aadhaar_with_spaces_is_hashed_the_same(world):
    member = world.members["a2"]
    doc = services.document_save(
        member=member,
        data={"kind": "aadhaar", "status": "held", "number": "8765 4003 1234"},
        document=member.documents.get(kind="aadhaar"),
        actor=world.user("a", Role.FACILITATOR),
    )
    assert doc.number_hash == crypto.blind_index(AADHAAR, "aadhaar")
    assert not doc.number


@pytest.mark.parametrize(
    "kind,number,stored",
    [
        ("voter_id", "wb/01/123/456789", "WB01123456789"),
        ("pan", "ABCDE1234F", "ABCDE1234F"),
        ("bank_account", "0012 3456 7890 1", "0012345678901"),
    ],
)
def test_other_numbers_are_encrypted_with_a_blind_index(world, kind, number, stored):
    member = world.members["a2"]
    doc = services.document_save(
        member=member,
        data={"kind": kind, "status": "held", "number": number},
        actor=world.user("a", Role.FACILITATOR),
    )
    doc = IdentityDocument.objects.get(pk=doc.pk)
    assert doc.number.unseal_for_system() == stored
    assert doc.number_last4 == stored[-4:]
    assert doc.number_hash == crypto.blind_index(stored, kind)
    raw = dump_table("people_identitydocument") + dump_table("people_historicalidentitydocument")
    assert stored not in raw and number not in raw
    # the audit row says the number changed, never what it is
    event = AuditEvent.objects.filter(object_id=str(doc.uuid)).get()
    assert "number" in event.fields.split(",")
    assert stored not in str(event.detail)


def test_missing_document_flag(world):
    member = world.members["a2"]
    fac = world.user("a", Role.FACILITATOR)
    assert member.__class__.objects.get(pk=member.pk).has_missing_document  # ration card missing
    ration = member.documents.get(kind="ration_card")
    services.document_save(
        member=member,
        document=ration,
        data={"status": "held", "ration_category": "phh"},
        actor=fac,
    )
    assert not member.__class__.objects.get(pk=member.pk).has_missing_document


def test_name_as_printed_becomes_a_searchable_name(world):
    member = world.members["a2"]
    services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held", "name_as_printed": "Rekha Mondol"},
        actor=world.user("a", Role.FACILITATOR),
    )
    name = member.names.get(text="Rekha Mondol")
    assert name.source_document.kind == "voter_id"


def test_document_needs_edit_documents_in_scope(world):
    member = world.members["a1"]
    for user in (
        world.user("a", Role.VOLUNTEER),
        world.user("a", Role.COLLECTIVE_LEADER),
        world.user("b", Role.FACILITATOR),
    ):
        with pytest.raises(PermissionDenied):
            services.document_save(
                member=member, data={"kind": "pan", "status": "held"}, actor=user
            )


# ------------------------------------------------------------------ scans
@pytest.mark.parametrize(
    "name,content,ctype,mime",
    [
        ("card.png", png_bytes(), "image/png", "image/png"),
        ("card.pdf", pdf_bytes(), "application/pdf", "application/pdf"),
        ("photo.jpg", png_bytes(), "image/jpeg", "image/png"),  # judged by content, not name
    ],
)
def test_scan_is_accepted_and_stored_encrypted(world, name, content, ctype, mime):
    member = world.members["a1"]
    doc = services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held"},
        upload=upload(name, content, ctype),
        actor=world.user("a", Role.FACILITATOR),
    )
    doc.refresh_from_db()
    assert doc.scan_content_type == mime
    assert doc.scan_size == len(content)
    path = services._scan_path(doc.scan_file)
    on_disk = path.read_bytes()
    assert on_disk != content
    assert content not in on_disk
    assert content[:16] not in on_disk  # not even the magic bytes
    assert on_disk.startswith(b"v2:")  # sealed under her own data key (ADR 0034)
    assert name not in doc.scan_file and "." not in doc.scan_file  # random name, no extension
    # bound to this document: another document's id does not decrypt it
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(on_disk, aad=b"another-document")
    assert crypto.decrypt_bytes(on_disk, aad=str(doc.uuid).encode()) == content


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.png", exe_bytes()),
        ("notes.png", b"just some text, not an image\n" * 10),
        ("page.pdf", b"<html><body>not a pdf</body></html>"),
        ("empty.png", b""),
    ],
)
def test_scan_that_is_not_an_image_or_pdf_is_refused(world, name, content):
    member = world.members["a1"]
    before = IdentityDocument.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.document_save(
            member=member,
            data={"kind": "voter_id", "status": "held"},
            upload=upload(name, content),
            actor=world.user("a", Role.FACILITATOR),
        )
    assert "scan" in exc.value.message_dict
    assert IdentityDocument.objects.count() == before


def test_oversize_scan_is_refused(world, settings):
    settings.SAATHI_UPLOAD_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        services.document_save(
            member=world.members["a1"],
            data={"kind": "voter_id", "status": "held"},
            upload=upload("big.png", big),
            actor=world.user("a", Role.FACILITATOR),
        )
    assert "too large" in exc.value.message_dict["scan"][0]
    assert not [p for p in settings.SAATHI_PRIVATE_FILES.rglob("*") if p.is_file()]


def test_replacing_a_scan_removes_the_old_file(world, django_capture_on_commit_callbacks):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    doc = services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held"},
        upload=upload("a.png", png_bytes(2, 2)),
        actor=fac,
    )
    old_path = services._scan_path(doc.scan_file)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_save(
            member=member, document=doc, data={}, upload=upload("b.pdf", pdf_bytes()), actor=fac
        )
    doc.refresh_from_db()
    assert not old_path.exists()
    assert vault.read(doc, "scan_file") == pdf_bytes()
    assert doc.scan_content_type == "application/pdf"


def test_upload_view_shows_the_error_next_to_the_scan_field(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    before = IdentityDocument.objects.count()
    r = client.post(
        reverse("people:document_add", args=[member.uuid]),
        {
            "kind": "voter_id",
            "status": "held",
            "identification_route": "documentary",
            "notes": "kept in the office",
            "scan": upload("virus.png", exe_bytes()),
        },
    )
    assert r.status_code == 200
    assert IdentityDocument.objects.count() == before
    html = r.content.decode()
    block = html[html.index('name="scan"') - 600 : html.index('name="scan"') + 600]
    assert "This file is not one of those" in block
    assert 'value="kept in the office"' in html


def test_upload_view_accepts_a_real_png(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(
        reverse("people:document_add", args=[member.uuid]),
        {
            "kind": "voter_id",
            "status": "held",
            "identification_route": "documentary",
            "number": "WB/01/999",
            "scan": upload("card.png", png_bytes()),
        },
    )
    assert r.status_code == 302
    doc = IdentityDocument.objects.get(member=member, kind="voter_id")
    assert doc.scan_content_type == "image/png"


def test_aadhaar_form_checks_twelve_digits(client, world):
    member = world.members["a2"]
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(
        reverse("people:document_add", args=[member.uuid]),
        {
            "kind": "aadhaar",
            "status": "held",
            "identification_route": "documentary",
            "number": "1234 5678 901",
        },
    )
    assert r.status_code == 200
    assert "An Aadhaar number has 12 digits." in r.content.decode()
    assert member.documents.filter(kind="aadhaar").count() == 1


# ------------------------------------------------------------------ the scan view
@pytest.fixture
def scanned(world):
    return services.document_save(
        member=world.members["a1"],
        data={"kind": "voter_id", "status": "held"},
        upload=upload("card.png", png_bytes()),
        actor=world.user("a", Role.FACILITATOR),
    )


def test_scan_view_returns_the_original_bytes(client, world, scanned):
    fac = world.user("a", Role.FACILITATOR)
    client.force_login(fac)
    r = client.get(reverse("people:document_scan", args=[scanned.uuid]))
    assert r.status_code == 200
    assert r.content == png_bytes()
    assert r["Content-Type"] == "image/png"
    assert "no-store" in r["Cache-Control"]
    assert str(scanned.uuid) in r["Content-Disposition"]
    event = AuditEvent.objects.filter(action="view_document").get()
    assert (event.actor_id, event.object_id) == (fac.pk, str(scanned.uuid))


@pytest.mark.parametrize(
    "org,role",
    [("b", Role.FACILITATOR), ("b", Role.ORG_ADMIN), ("a", Role.VOLUNTEER), ("a", Role.VIEWER)],
)
def test_scan_view_is_404_outside_scope(client, world, scanned, org, role):
    user = world.user(org, role)
    client.force_login(user)
    r = client.get(reverse("people:document_scan", args=[scanned.uuid]))
    assert r.status_code == 404
    assert png_bytes() not in r.content
    assert not AuditEvent.objects.filter(action="view_document").exists()
    assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).exists()


def test_scan_view_without_a_scan_is_404(client, world):
    doc = world.members["a1"].documents.get(kind="aadhaar")
    client.force_login(world.user("a", Role.FACILITATOR))
    assert client.get(reverse("people:document_scan", args=[doc.uuid])).status_code == 404
