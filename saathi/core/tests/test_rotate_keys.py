"""Key rotation: every encrypted column, history row and scan moves to the new key."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from saathi.core import crypto, keystore, vault
from saathi.core.fields import encrypted_fields
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import build_world
from saathi.people import services
from saathi.people.models import IdentityDocument, Member, MemberPhone

from .samples import pdf_bytes, png_bytes, upload

K1 = "k1:" + base64.b64encode(os.urandom(32)).decode()
K2 = "k2:" + base64.b64encode(os.urandom(32)).decode()


@pytest.fixture(autouse=True)
def _own_keystore(settings, tmp_path):
    """Members' data keys wrapped under this test's K1, in a keystore of its own."""
    settings.SAATHI_KEYSTORE = tmp_path / "keystore.sqlite3"
    keystore.clear_cache()
    yield
    keystore.clear_cache()


def _masters() -> set[str]:
    return {m for (m,) in keystore._conn().execute("SELECT master FROM member_key")}


def all_tokens() -> list[tuple[str, str, str]]:
    """(model, field, token) for every non-empty encrypted value in the database."""
    out = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        for f in fields:
            for sealed in model._base_manager.values_list(f.attname, flat=True):
                if sealed:
                    out.append((model._meta.label, f.name, sealed.token))
    return out


def plaintexts() -> dict[tuple[str, str, int], str]:
    values = {}
    for model in apps.get_models():
        for f in encrypted_fields(model):
            for pk, sealed in model._base_manager.values_list("pk", f.attname):
                values[(model._meta.label, f.name, pk)] = sealed.unseal_for_system()
    return values


@pytest.mark.django_db
def test_rotate_keys_moves_everything_to_the_new_key(settings):
    settings.SAATHI_ENCRYPTION_KEYS = K1
    world = build_world()
    sw = world.user("a", Role.SOCIAL_WORKER)
    member = world.members["a1"]
    # history rows: change confidential and personal fields a few times
    services.member_update(member=member, changes={"trafficking_history": "TH-1"}, actor=sw)
    services.member_update(member=member, changes={"trafficking_history": "TH-2"}, actor=sw)
    services.member_add_phone(member=member, raw="+91 91234 56789", shared=True, actor=sw)
    png, pdf = png_bytes(), pdf_bytes()
    doc_png = services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held", "number": "WB/01/123/456789"},
        upload=upload("card.png", png),
        actor=sw,
    )
    doc_pdf = services.document_save(
        member=world.members["b1"],
        data={"kind": "pan", "status": "held", "number": "ABCDE1234F"},
        upload=upload("pan.pdf", pdf, "application/pdf"),
        actor=world.user("b", Role.SOCIAL_WORKER),
    )
    before = plaintexts()
    tokens = all_tokens()
    labels = {(label, field) for label, field, _ in tokens}
    # the fixture really covers members, their history, phones and documents
    for expected in [
        ("people.Member", "occupation"),
        ("people.Member", "birth_date"),
        ("people.HistoricalMember", "trafficking_history"),
        ("people.MemberPhone", "number"),
        ("people.HistoricalMemberPhone", "number"),
        ("people.IdentityDocument", "number"),
        ("people.HistoricalIdentityDocument", "number"),
    ]:
        assert expected in labels, expected
    # a member's values are sealed under her data key (v2), the rest under k1
    member_kids = {keystore.kid_of_member(m.uuid) for m in Member.objects.all()}
    assert {crypto.token_key_id(t) for *_, t in tokens if not crypto.is_member_sealed(t)} <= {"k1"}
    assert {crypto.token_key_id(t) for *_, t in tokens if crypto.is_member_sealed(t)} <= (
        member_kids
    )
    assert any(crypto.is_member_sealed(t) for *_, t in tokens)
    assert _masters() == {"k1"}
    scans = {doc_png.pk: png, doc_pdf.pk: pdf}
    for doc in IdentityDocument.objects.filter(pk__in=scans):
        blob = services._scan_path(doc.scan_file).read_bytes()
        assert crypto.blob_key_id(blob) == keystore.kid_of_member(doc.member.uuid)

    settings.SAATHI_ENCRYPTION_KEYS = f"{K2},{K1}"
    call_command("rotate_keys", batch=3, stdout=io.StringIO())

    after_tokens = all_tokens()
    assert len(after_tokens) == len(tokens)
    assert {crypto.token_key_id(t) for *_, t in after_tokens if not crypto.is_member_sealed(t)} <= {
        "k2"
    }
    # members' values are not re-encrypted: their data keys are re-wrapped under k2
    assert {t for *_, t in after_tokens if crypto.is_member_sealed(t)} == {
        t for *_, t in tokens if crypto.is_member_sealed(t)
    }
    assert _masters() == {"k2"}
    for doc in IdentityDocument.objects.filter(pk__in=scans):
        blob = services._scan_path(doc.scan_file).read_bytes()
        assert crypto.blob_key_id(blob) == keystore.kid_of_member(doc.member.uuid)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.KEY_ROTATION).get()
    assert event.detail["key_id"] == "k2"
    # the scans are the members': not re-encrypted, their data keys re-wrapped
    assert event.detail["files"] == 0
    assert event.detail["member_keys"] == Member.objects.count()

    # the old key is gone: everything still decrypts to what it was
    settings.SAATHI_ENCRYPTION_KEYS = K2
    keystore.clear_cache()
    assert plaintexts() == before
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.occupation.unseal_for_system() == "SECRET-OCCUPATION"
    assert fresh.trafficking_history.unseal_for_system() == "TH-2"
    numbers = {p.number.unseal_for_system() for p in MemberPhone.objects.filter(member=member)}
    assert numbers == {"9876543210", "9123456789"}
    for doc in IdentityDocument.objects.filter(pk__in=scans):
        assert vault.read(doc, "scan_file") == scans[doc.pk]


@pytest.mark.django_db
def test_rotate_keys_twice_changes_nothing_the_second_time(settings):
    settings.SAATHI_ENCRYPTION_KEYS = K1
    build_world()
    settings.SAATHI_ENCRYPTION_KEYS = f"{K2},{K1}"
    call_command("rotate_keys", stdout=io.StringIO())
    tokens = all_tokens()
    call_command("rotate_keys", stdout=io.StringIO())
    assert all_tokens() == tokens  # nothing re-encrypted
    events = AuditEvent.objects.filter(action=AuditEvent.Action.KEY_ROTATION).order_by("seq")
    assert [e.detail["rows"] for e in events][1] == 0


@pytest.mark.django_db
def test_without_the_old_key_unrotated_data_does_not_decrypt(settings):
    settings.SAATHI_ENCRYPTION_KEYS = K1
    world = build_world()
    settings.SAATHI_ENCRYPTION_KEYS = K2
    keystore.clear_cache()  # her data key is wrapped under K1 only
    member = Member.objects.get(pk=world.members["a1"].pk)
    with pytest.raises(crypto.DecryptionError):
        member.occupation.unseal_for_system()


def _every_kind_of_private_file(world) -> None:
    """One record with a file for every private-file field the apps have, made the way
    the apps make them."""
    from decimal import Decimal

    from django.utils import timezone

    from saathi.core.models import Job
    from saathi.entitlements import services as ent
    from saathi.funds import services as funds
    from saathi.relief import services as relief
    from saathi.relief.tests.helpers import dist_input, make_campaign, make_programme

    admin = world.user("a", Role.ORG_ADMIN)
    services.document_save(
        member=world.members["a1"],
        data={"kind": "voter_id", "status": "held", "number": "WB/01/123/456789"},
        upload=upload("card.png", png_bytes()),
        actor=admin,
    )
    ent.correspondence_add(
        member=world.members["a1"],
        data={"kind": "visit", "authority": "Food office", "on": timezone.localdate()}
        | {"summary": "Visited"},
        upload=upload("letter.pdf", pdf_bytes(), "application/pdf"),
        actor=admin,
    )
    campaign = make_campaign(world)
    relief.distribution_record(
        data=dist_input(make_programme(world), world.members["a2"], ack_method="signature"),
        actor=admin,
        ack_upload=upload("thumb.png", png_bytes(3, 3)),
    )
    funds.expenditure_record(
        campaign=campaign,
        amount=Decimal("400"),
        spent_on=timezone.localdate(),
        description="Ration kits",
        beyond_balance=True,
        beyond_balance_reason="Paid before the donations came in",
        receipt=upload("bill.png", png_bytes(5, 2)),
        actor=admin,
    )
    queued = Job.objects.create(kind="test", title="t", owner=admin)
    vault.store(queued, "input_file", b"member_reference,item\n")
    queued.save()
    finished = Job.objects.create(kind="test", title="t", owner=admin)
    finished.set_result(b"a,b\n", "out.csv", "text/csv")
    finished.save()
    # a form's media file and a photo sent with an ODK submission
    from saathi.relief.surveys.models import Attachment, SurveyMedia
    from saathi.relief.surveys.tests.sweep import _survey_and_response

    survey, response = _survey_and_response(world, "a")
    media = SurveyMedia(
        version=survey.latest_version(),
        name="villages.csv",
        content_type="text/csv",
        size=9,
        md5="0" * 32,
    )
    vault.store(media, "file", b"name\nGosaba\n")
    media.save()
    photo = Attachment(response=response, name="photo.png", content_type="image/png", size=10)
    vault.store(photo, "file", png_bytes(2, 2))
    photo.save()
    # legal: a matter's document, a complaint with its receipt and her affidavit
    from saathi.legal import services as legal
    from saathi.legal.tests.factories import bearer, full_matter

    f = full_matter(world)
    legal.complaint_escalate(
        complaint=f["complaint"],
        data={
            "duty_bearer": bearer(world, title="Chief Judicial Magistrate"),
            "about": "police",
            "ground": "fir_refused",
            "level": "magistrate",
            "sent_on": timezone.localdate(),
        },
        uploads={
            "receipt": upload("receipt.png", png_bytes(4, 4)),
            "affidavit": upload("affidavit.pdf", pdf_bytes(), "application/pdf"),
        },
        actor=world.user("a", Role.LEGAL_ADVOCATE),
    )
    # end legal
    # advocacy: a published piece's scan, an action's document, an outcome's evidence
    from saathi.advocacy.tests.sweep import _records as advocacy_records

    advocacy_records(world, "a")


def _files() -> dict[tuple[str, int], bytes]:
    """Every private file the registry knows, decrypted: (field label, row) -> content."""
    out = {}
    for declared in vault.private_file_fields():
        for obj in declared.model._base_manager.exclude(**{declared.field.attname: ""}):
            out[(declared.label, obj.pk)] = vault.read(obj, declared.field.name)
    return out


@pytest.mark.django_db
def test_after_rotation_without_the_old_key_every_private_file_still_opens(settings):
    settings.SAATHI_ENCRYPTION_KEYS = K1
    world = build_world()
    _every_kind_of_private_file(world)
    before = _files()
    # the fixture holds a file for every field of the registry: none is left untested,
    # acknowledgements and receipts (which rotate_keys skipped) included
    assert {label for label, _pk in before} == {d.label for d in vault.private_file_fields()}
    assert "relief.Distribution.ack_file" in {label for label, _pk in before}
    assert "funds.Expenditure.receipt_file" in {label for label, _pk in before}

    settings.SAATHI_ENCRYPTION_KEYS = f"{K2},{K1}"
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    # a receipt is the organisation's (master key); an acknowledgement is the member's,
    # under her data key, which is re-wrapped instead
    assert "funds.Expenditure.receipt_file: 1 files re-encrypted" in out.getvalue()
    assert "relief.Distribution.ack_file" not in out.getvalue()
    assert "member data keys: " in out.getvalue()

    settings.SAATHI_ENCRYPTION_KEYS = K2  # the old key is gone
    keystore.clear_cache()
    assert _files() == before
    for path in settings.SAATHI_PRIVATE_FILES.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            if crypto.blob_is_member_sealed(blob):  # her data key, re-wrapped under k2
                assert keystore.key_by_id(crypto.blob_key_id(blob)), path.name
            else:
                assert crypto.blob_key_id(blob) == "k2", path.name
    assert _masters() == {"k2"}


@pytest.mark.django_db
def test_a_file_that_cannot_be_re_encrypted_stops_the_command_with_a_warning(settings):
    from django.core.management.base import CommandError

    from saathi.core import files

    settings.SAATHI_ENCRYPTION_KEYS = K1
    world = build_world()
    _every_kind_of_private_file(world)
    doc = IdentityDocument.objects.exclude(scan_file="").first()
    files.private_path(doc.scan_file).unlink()
    settings.SAATHI_ENCRYPTION_KEYS = f"{K2},{K1}"
    err = io.StringIO()
    with pytest.raises(CommandError, match="keep the old keys"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=err)
    assert f"missing file: people.IdentityDocument.scan_file of {doc.uuid}" in err.getvalue()
    # the others were re-encrypted all the same, and the run is in the audit chain
    event = AuditEvent.objects.filter(action=AuditEvent.Action.KEY_ROTATION).get()
    assert event.detail["problems"] == 1 and event.detail["files"] >= 5


@pytest.mark.django_db
def test_every_private_file_and_every_sealed_value_is_in_a_column_the_registry_knows(settings):
    """A model that keeps a private file's name, or a sealed value, in a column the
    registry does not know fails here: rotate_keys would skip it."""
    from django.apps import apps as registry

    settings.SAATHI_ENCRYPTION_KEYS = K1
    world = build_world()
    _every_kind_of_private_file(world)
    known_names = set()
    for declared in vault.private_file_fields():
        known_names |= set(
            declared.model._base_manager.values_list(declared.field.attname, flat=True)
        )
    on_disk = {p.name for p in settings.SAATHI_PRIVATE_FILES.rglob("*") if p.is_file()}
    assert on_disk and on_disk <= known_names
    encrypted = {(d.model, d.field.name) for d in vault.encrypted_fields()}
    for model in registry.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            if (model, field.name) in encrypted:
                continue
            for prefix in ("v1:k1:", "v2:"):
                sealed = model._base_manager.filter(**{f"{field.attname}__startswith": prefix})
                assert not sealed.exists(), f"{model._meta.label}.{field.name} holds sealed values"
