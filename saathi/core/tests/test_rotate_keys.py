"""Key rotation: every encrypted column, history row and scan moves to the new key."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.apps import apps
from django.core.management import call_command

from saathi.core import crypto
from saathi.core.fields import encrypted_fields
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import build_world
from saathi.people import services
from saathi.people.models import IdentityDocument, Member, MemberPhone

from .samples import pdf_bytes, png_bytes, upload

K1 = "k1:" + base64.b64encode(os.urandom(32)).decode()
K2 = "k2:" + base64.b64encode(os.urandom(32)).decode()


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
    assert {crypto.token_key_id(t) for *_, t in tokens} == {"k1"}
    scans = {doc_png.pk: png, doc_pdf.pk: pdf}
    for doc in IdentityDocument.objects.filter(pk__in=scans):
        blob = services._scan_path(doc.scan_file).read_bytes()
        assert crypto.blob_key_id(blob) == "k1"

    settings.SAATHI_ENCRYPTION_KEYS = f"{K2},{K1}"
    call_command("rotate_keys", batch=3, stdout=io.StringIO())

    after_tokens = all_tokens()
    assert len(after_tokens) == len(tokens)
    assert {crypto.token_key_id(t) for *_, t in after_tokens} == {"k2"}
    for doc in IdentityDocument.objects.filter(pk__in=scans):
        blob = services._scan_path(doc.scan_file).read_bytes()
        assert crypto.blob_key_id(blob) == "k2"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.KEY_ROTATION).get()
    assert event.detail["key_id"] == "k2"
    assert event.detail["files"] == 2
    assert event.detail["rows"] >= len(labels)

    # the old key is gone: everything still decrypts to what it was
    settings.SAATHI_ENCRYPTION_KEYS = K2
    assert plaintexts() == before
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.occupation.unseal_for_system() == "SECRET-OCCUPATION"
    assert fresh.trafficking_history.unseal_for_system() == "TH-2"
    numbers = {p.number.unseal_for_system() for p in MemberPhone.objects.filter(member=member)}
    assert numbers == {"9876543210", "9123456789"}
    for doc in IdentityDocument.objects.filter(pk__in=scans).select_related("member"):
        actor = world.user("a" if doc.pk == doc_png.pk else "b", Role.FACILITATOR)
        content, _ = services.document_read_scan(document=doc, actor=actor)
        assert content == scans[doc.pk]


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
    member = Member.objects.get(pk=world.members["a1"].pk)
    with pytest.raises(crypto.DecryptionError):
        member.occupation.unseal_for_system()
