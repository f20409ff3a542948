"""Members' data keys (ADR 0034): each member's values sealed under her own key, found
through the record; existing data moved to the keys without loss; keys destroyed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from saathi.core import crypto, files, keystore, subjects, vault
from saathi.core.fields import Sealed
from saathi.people.models import HistoricalMember, IdentityDocument, Member, MemberPhone

from .samples import png_bytes


def test_the_member_of_a_record_is_found_through_it():
    from saathi.legal.models import CompensationPayment, LegalMatter, Threat

    assert subjects.path_of(Member) == ("",)
    assert subjects.path_of(HistoricalMember) == ("",)
    assert subjects.path_of(MemberPhone) == ("member",)
    assert subjects.path_of(LegalMatter) == ("member",)
    assert subjects.path_of(Threat) == ("matter", "member")
    assert subjects.path_of(CompensationPayment) == ("compensation", "matter", "member")
    # an organisation's own records stay under the master keys
    from saathi.core.models import Job
    from saathi.funds.models import Donation

    assert subjects.path_of(Job) is None
    assert subjects.path_of(Donation) is None


def test_each_member_has_her_own_key(world):
    a1, a2 = world.members["a1"], world.members["a2"]
    k1, k2 = keystore.kid_of_member(a1.uuid), keystore.kid_of_member(a2.uuid)
    assert k1 and k2 and k1 != k2
    a1 = Member.objects.get(pk=a1.pk)
    assert crypto.token_key_id(a1.occupation.token) == k1
    phone = MemberPhone.objects.filter(member=a1).first()
    assert crypto.token_key_id(phone.number.token) == k1
    # her history rows are sealed under her key too
    for row in HistoricalMember.objects.filter(id=a1.pk):
        if row.occupation:
            assert crypto.token_key_id(row.occupation.token) == k1


@pytest.mark.django_db
def test_member_keys_moves_existing_data_to_member_keys_without_loss(world):
    member = world.members["a1"]
    # data written before data keys existed: under the master key
    Member.objects.filter(pk=member.pk).update(
        occupation=Sealed(crypto.encrypt_text("OLD-OCCUPATION")),
        hiv_status=Sealed(crypto.encrypt_text("OLD-HIV")),
    )
    doc = IdentityDocument.objects.create(member=member, kind="pan", status="held")
    doc.scan_file = files.private_write(png_bytes(), aad=str(doc.uuid).encode())
    doc.save()
    assert not crypto.blob_is_member_sealed(files.private_path(doc.scan_file).read_bytes())
    out = io.StringIO()
    call_command("member_keys", stdout=out)
    kid = keystore.kid_of_member(member.uuid)
    fresh = Member.objects.get(pk=member.pk)
    assert crypto.token_key_id(fresh.occupation.token) == kid
    assert fresh.occupation.unseal_for_system() == "OLD-OCCUPATION"
    assert fresh.hiv_status.unseal_for_system() == "OLD-HIV"
    doc.refresh_from_db()
    blob = files.private_path(doc.scan_file).read_bytes()
    assert crypto.blob_key_id(blob) == kid
    assert vault.read(doc, "scan_file") == png_bytes()
    # a second run changes nothing
    tokens = Member.objects.values_list("occupation", flat=True)
    before = [t.token for t in tokens]
    call_command("member_keys", stdout=io.StringIO())
    assert [t.token for t in Member.objects.values_list("occupation", flat=True)] == before


@pytest.mark.django_db
def test_a_destroyed_key_leaves_her_ciphertext_unreadable_everywhere(world):
    member = Member.objects.get(pk=world.members["a1"].pk)
    other = Member.objects.get(pk=world.members["a2"].pk)
    copy = [member.occupation.token, member.hiv_status.token]  # as in a backup
    assert crypto.decrypt_text(copy[0]) == "SECRET-OCCUPATION"
    assert keystore.destroy([member.uuid]) == 1
    keystore.clear_cache()
    for token in copy:
        with pytest.raises(keystore.KeyErased):
            crypto.decrypt_text(token)
    assert other.occupation.unseal_for_system() == "SECRET-OCCUPATION"
    assert not keystore.has_key(member.uuid)
    # the keystore file keeps no copy of the key's bytes
    assert keystore.kid_of_member(member.uuid) is None
