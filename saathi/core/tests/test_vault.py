"""The vault: private-file fields, their associated data, the registry and the one view."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import isolate_apps

from saathi.core import crypto, files, vault
from saathi.core.fields import EncryptedTextField
from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role
from saathi.core.views import private_file_response

from .samples import pdf_bytes, png_bytes

# a photo opened on its own: still sandboxed, no script, no source but itself; the
# browser's image viewer keeps its inline styling
PHOTO_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"

# Every private file the apps hold, with the associated data its files were written under
# before the vault existed: the same strings, or files already stored would not open.
LEGACY_AAD = {
    "core.Job.input_file": "job-input:{uuid}",
    "core.Job.result_file": "job-result:{uuid}",
    "people.IdentityDocument.scan_file": "{uuid}",
    "entitlements.Correspondence.attachment_file": "{uuid}",
    "relief.Distribution.ack_file": "relief-ack:{uuid}",
    "funds.Expenditure.receipt_file": "relief-receipt:{uuid}",
}


def _job(user) -> Job:
    return Job.objects.create(kind="test", title="t", owner=user)


def test_registry_knows_every_private_file_of_the_apps():
    labels = {d.label for d in vault.private_file_fields()}
    assert set(LEGACY_AAD) <= labels
    # history copies of a live table are not walked for files (a replaced file is deleted)
    assert not [label for label in labels if ".Historical" in label]


def test_registry_knows_encrypted_columns_including_history():
    labels = {d.label for d in vault.encrypted_fields()}
    for expected in (
        "people.Member.trafficking_history",
        "people.HistoricalMember.trafficking_history",
        "people.IdentityDocument.number",
    ):
        assert expected in labels
    assert all(isinstance(d.field, EncryptedTextField) for d in vault.encrypted_fields())


@pytest.mark.parametrize("label", sorted(LEGACY_AAD))
def test_field_reproduces_the_associated_data_of_files_written_before(label):
    found = {d.label: d for d in vault.private_file_fields()}[label]
    obj = found.model()
    assert found.field.aad_for(obj) == LEGACY_AAD[label].format(uuid=obj.uuid).encode()


def test_field_deconstructs_to_itself():
    field = vault.PrivateFileField(aad_prefix="x-doc", max_length=100)
    name, path, args, kwargs = field.deconstruct()
    assert path == "saathi.core.vault.PrivateFileField"
    assert kwargs == {"aad_prefix": "x-doc", "max_length": 100}
    again = vault.PrivateFileField(*args, **kwargs)
    assert (again.aad_prefix, again.max_length, again.blank, again.editable) == (
        "x-doc",
        100,
        True,
        False,
    )


@pytest.mark.django_db
def test_store_then_read_and_a_file_written_the_old_way_still_opens(world):
    job = _job(world.user("a", Role.ORG_ADMIN))
    vault.store(job, "input_file", b"a,b\n1,2\n")
    job.save()
    fresh = Job.objects.get(pk=job.pk)
    assert vault.read(fresh, "input_file") == b"a,b\n1,2\n"
    # written by core.files with the string the code used before: opens through the field
    fresh.result_file = files.private_write(b"old", aad=f"job-result:{job.uuid}".encode())
    assert vault.read(fresh, "result_file") == b"old"


@pytest.mark.django_db
def test_a_file_moved_to_another_record_does_not_open(world):
    user = world.user("a", Role.ORG_ADMIN)
    one, two = _job(user), _job(user)
    vault.store(one, "input_file", b"secret")
    two.input_file = one.input_file
    with pytest.raises(crypto.DecryptionError):
        vault.read(two, "input_file")


@pytest.mark.django_db
def test_read_of_an_empty_field_is_file_not_found(world):
    job = _job(world.user("a", Role.ORG_ADMIN))
    with pytest.raises(FileNotFoundError):
        vault.read(job, "input_file")
    with pytest.raises(TypeError):
        vault.read(job, "title")  # not a private file


@pytest.mark.django_db
def test_store_deletes_the_replaced_file_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    job = _job(world.user("a", Role.ORG_ADMIN))
    vault.store(job, "result_file", b"first")
    first = job.result_file
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vault.store(job, "result_file", b"second")
    assert files.private_path(first).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not files.private_path(first).exists()
    assert vault.read(job, "result_file") == b"second"


@pytest.mark.django_db
def test_delete_removes_the_file_and_empties_the_field(world):
    job = _job(world.user("a", Role.ORG_ADMIN))
    vault.store(job, "input_file", b"x")
    name = job.input_file
    vault.delete(job, "input_file")
    assert job.input_file == "" and not files.private_path(name).exists()


def test_the_apps_follow_the_naming_rule():
    assert vault.check_private_file_names() == []


@isolate_apps("saathi.core")
def test_a_private_name_in_a_plain_charfield_is_refused_at_start_up():
    class Leaky(models.Model):
        uuid = models.UUIDField()
        photo_file = models.CharField(max_length=64, blank=True)
        fine_file = vault.PrivateFileField(aad_prefix="fine")

        class Meta:
            app_label = "core"

    errors = vault.check_private_file_names([Leaky._meta.apps.get_app_config("core")])
    assert [(e.id, e.obj.name) for e in errors] == [("saathi.E020", "photo_file")]


# ------------------------------------------------------------------ the one view
def _request(user):
    request = RequestFactory().get("/file/")
    request.user = user
    return request


def _headers(response) -> dict[str, str]:
    return {k: response[k] for k in response.headers}


@pytest.mark.django_db
def test_a_photo_is_shown_inline_with_the_private_headers_and_the_read_audited(world):
    user = world.user("a", Role.ORG_ADMIN)
    job = _job(user)
    vault.store(job, "result_file", png_bytes())
    job.save()
    before = AuditEvent.objects.count()
    response = private_file_response(
        _request(user), job, "result_file", filename="photo.png", content_type="image/png"
    )
    assert response.status_code == 200
    assert response.content == png_bytes()
    headers = _headers(response)
    assert headers["Content-Type"] == "image/png"
    assert headers["Content-Disposition"] == 'inline; filename="photo.png"'
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == PHOTO_CSP
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id, event.fields, event.actor_id) == (
        AuditEvent.Action.VIEW_DOCUMENT,
        str(job.uuid),
        "result_file",
        user.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, mime",
    [(pdf_bytes(), "application/pdf"), (b"a,b\n", "text/csv"), (b"<html>", "")],
)
def test_a_pdf_or_anything_else_is_a_sandboxed_download(world, content, mime):
    user = world.user("a", Role.ORG_ADMIN)
    job = _job(user)
    vault.store(job, "result_file", content)
    response = private_file_response(
        _request(user), job, "result_file", filename="r.pdf", content_type=mime
    )
    headers = _headers(response)
    assert headers["Content-Disposition"] == 'attachment; filename="r.pdf"'
    assert headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert headers["Content-Type"] == (mime or "application/octet-stream")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_missing_or_tampered_file_answers_404_and_is_not_audited(world):
    user = world.user("a", Role.ORG_ADMIN)
    job = _job(user)
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):  # nothing attached
        private_file_response(_request(user), job, "input_file", filename="x", content_type="")
    vault.store(job, "input_file", b"data")
    path = files.private_path(job.input_file)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(Http404):  # fails authentication
        private_file_response(_request(user), job, "input_file", filename="x", content_type="")
    path.unlink()
    with pytest.raises(Http404):  # gone from the disk
        private_file_response(_request(user), job, "input_file", filename="x", content_type="")
    assert AuditEvent.objects.count() == before


def test_store_refuses_a_field_that_is_not_a_private_file():
    with pytest.raises(TypeError):
        vault.store(Job(), "title", b"x")
    with pytest.raises((TypeError, ValidationError)):
        vault.reencrypt(Job(), "kind", "k1")


# ----------------------------------------------------- nothing stores around the vault
# Who may touch the encryption primitives directly, and why. Anyone else writes a private
# file through vault.store (so its field is a PrivateFileField the registry knows) and an
# encrypted value through an EncryptedTextField.
PRIMITIVES = {
    "private_write": {"core/files.py", "core/vault.py"},
    "private_read": {"core/files.py", "core/vault.py"},
    "private_reencrypt": {"core/files.py", "core/vault.py"},
    "private_delete": {"core/files.py", "core/vault.py"},
    # keys wrapped; the registry index, an organisation's derived blob sealed under the
    # master key with its organisation bound in (ADR 0043: not a member's file)
    "encrypt_bytes": {
        "core/crypto.py",
        "core/files.py",
        "core/keystore.py",
        "linkage/registry_index.py",
    },
    "decrypt_bytes": {
        "core/crypto.py",
        "core/files.py",
        "core/keystore.py",
        "linkage/registry_index.py",
    },
    "encrypt_text": {
        "core/crypto.py",
        "core/fields.py",
        "core/reseal.py",  # rotate_keys and member_keys: the registry's values sealed again
        "accounts/adapter.py",  # allauth's MFA secrets: rotate_keys.rotate_mfa walks them
        "core/management/commands/rotate_keys.py",
        "people/management/commands/seed_demo.py",  # bulk rows into EncryptedTextFields
    },
    "decrypt_text": {
        "core/crypto.py",
        "core/fields.py",
        "accounts/adapter.py",
        "core/management/commands/rotate_keys.py",
    },
}


def _uses(tree) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in PRIMITIVES:
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in PRIMITIVES:
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            found |= {a.name for a in node.names if a.name in PRIMITIVES}
    return found


def test_only_the_vault_and_its_named_exceptions_use_the_encryption_primitives():
    root = Path(__file__).resolve().parents[2]  # saathi/
    offenders = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}":
            continue
        for name in _uses(ast.parse(path.read_text(encoding="utf-8"))):
            if rel not in PRIMITIVES[name]:
                offenders.append(f"{rel}: {name}")
    assert offenders == [], "store private files with vault.store, secrets in EncryptedTextField"


def test_the_source_scan_sees_a_direct_write():
    tree = ast.parse("from saathi.core.files import private_write\nx = private_write(b'', aad=b'')")
    assert _uses(tree) == {"private_write"}


@pytest.mark.django_db
def test_the_demo_data_holds_private_files_that_open():
    from django.core.management import call_command

    call_command("seed_demo", members=120, verbosity=0)
    opened = {}
    for declared in vault.private_file_fields():
        for obj in declared.model._base_manager.exclude(**{declared.field.attname: ""}):
            content = vault.read(obj, declared.field.name)
            assert content[:3] == b"\xff\xd8\xff"  # the demo photos, re-encoded as JPEG
            opened[declared.label] = opened.get(declared.label, 0) + 1
    assert opened.get("people.IdentityDocument.scan_file", 0) >= 3
    assert opened.get("entitlements.Correspondence.attachment_file", 0) >= 1
    assert opened.get("funds.Expenditure.receipt_file", 0) == 1


@pytest.mark.django_db
def test_a_job_result_is_a_download_with_the_same_headers(client, world):
    from django.urls import reverse

    user = world.user("a", Role.ORG_ADMIN)
    job = _job(user)
    job.set_result(pdf_bytes(), "list.pdf", "application/pdf")
    job.status = Job.Status.DONE
    job.save()
    client.force_login(user)
    response = client.get(reverse("core:job_download", args=[job.uuid]))
    assert response.status_code == 200 and response.content == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="list.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
