"""Field-level encryption, blind indexes and the encrypted model field."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from saathi.core import crypto, keystore
from saathi.core.fields import Sealed
from saathi.people.models import Member, MemberPhone


def new_key(key_id: str) -> str:
    return f"{key_id}:" + base64.b64encode(os.urandom(32)).decode()


def test_text_round_trip_and_format():
    token = crypto.encrypt_text("লক্ষ্মী — HIV positive")
    assert token.startswith(f"v1:{crypto.current_key_id()}:")
    assert "HIV" not in token
    assert crypto.decrypt_text(token) == "লক্ষ্মী — HIV positive"


def test_same_plaintext_encrypts_differently_each_time():
    assert crypto.encrypt_text("same") != crypto.encrypt_text("same")
    assert crypto.encrypt_bytes(b"same") != crypto.encrypt_bytes(b"same")


def test_bytes_round_trip_with_aad():
    data = bytes(range(256)) * 10
    blob = crypto.encrypt_bytes(data, aad=b"doc-uuid-1")
    assert data not in blob
    assert crypto.blob_key_id(blob) == crypto.current_key_id()
    assert crypto.decrypt_bytes(blob, aad=b"doc-uuid-1") == data


def test_bytes_with_wrong_aad_are_refused():
    blob = crypto.encrypt_bytes(b"scan", aad=b"doc-1")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob, aad=b"doc-2")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob)


def test_tampered_text_raises():
    token = crypto.encrypt_text("secret")
    prefix, key_id, b64 = token.split(":", 2)
    raw = bytearray(base64.b64decode(b64))
    raw[-1] ^= 0x01
    tampered = f"{prefix}:{key_id}:" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(tampered)


def test_tampered_bytes_raise():
    blob = bytearray(crypto.encrypt_bytes(b"scan bytes"))
    blob[-5] ^= 0xFF
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(bytes(blob))


@pytest.mark.parametrize("bad", ["", "garbage", "v2:k1:AAAA", "v1"])
def test_malformed_text_raises(bad):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(bad)


@pytest.mark.parametrize("bad", [b"", b"garbage", b"v2:k1:AAAA"])
def test_malformed_bytes_raise(bad):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(bad)


def test_unknown_key_id_raises(settings):
    settings.SAATHI_ENCRYPTION_KEYS = new_key("old")
    token = crypto.encrypt_text("secret")
    blob = crypto.encrypt_bytes(b"secret")
    settings.SAATHI_ENCRYPTION_KEYS = new_key("new")
    with pytest.raises(crypto.DecryptionError, match="unknown key id"):
        crypto.decrypt_text(token)
    with pytest.raises(crypto.DecryptionError, match="unknown key id"):
        crypto.decrypt_bytes(blob)


def test_same_key_id_with_other_key_material_fails_authentication(settings):
    settings.SAATHI_ENCRYPTION_KEYS = new_key("k1")
    token = crypto.encrypt_text("secret")
    settings.SAATHI_ENCRYPTION_KEYS = new_key("k1")
    with pytest.raises(crypto.DecryptionError, match="authentication"):
        crypto.decrypt_text(token)


def test_first_key_encrypts_all_keys_decrypt(settings):
    old = new_key("k1")
    settings.SAATHI_ENCRYPTION_KEYS = old
    token = crypto.encrypt_text("secret")
    settings.SAATHI_ENCRYPTION_KEYS = f"{new_key('k2')},{old}"
    assert crypto.current_key_id() == "k2"
    assert crypto.token_key_id(crypto.encrypt_text("x")) == "k2"
    assert crypto.decrypt_text(token) == "secret"


@pytest.mark.parametrize(
    "spec",
    ["", " , ", "nocolon", "k1:" + base64.b64encode(b"short").decode()],
)
def test_bad_key_spec_is_refused(settings, spec):
    settings.SAATHI_ENCRYPTION_KEYS = spec
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_text("x")


def test_blind_index_is_deterministic_and_normalises():
    a = crypto.blind_index("98765 43210", "phone")
    assert a == crypto.blind_index("9876543210", "phone")
    assert a == crypto.blind_index("  98765-43210 ", "phone")
    assert len(a) == 40 and "9876543210" not in a
    assert crypto.blind_index("abcde1234f", "pan") == crypto.blind_index("ABCDE 1234 F", "pan")


def test_blind_index_separates_kinds_values_and_keys(settings):
    a = crypto.blind_index("9876543210", "phone")
    assert a != crypto.blind_index("9876543211", "phone")
    assert a != crypto.blind_index("9876543210", "voter_id")
    settings.SAATHI_HASH_KEY = base64.b64encode(os.urandom(32)).decode()
    assert a != crypto.blind_index("9876543210", "phone")


def test_hash_subkeys_differ_by_purpose():
    assert crypto.hash_key("lookup") != crypto.hash_key("audit")
    assert len(crypto.hash_key("audit")) == 32


def test_sealed_never_shows_plaintext():
    sealed = Sealed(crypto.encrypt_text("SECRET"))
    assert str(sealed) == "••••"
    assert repr(sealed) == "<Sealed>"
    assert f"{sealed}" == "••••"
    assert sealed
    assert not Sealed("")
    assert sealed.unseal_for_system() == "SECRET"
    assert Sealed("").unseal_for_system() == ""


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


def test_database_columns_hold_ciphertext(world):
    member = world.members["a1"]
    for column, plaintext in [
        ("occupation", "SECRET-OCCUPATION"),
        ("hiv_status", "SECRET-HIV"),
        ("birth_date", "1990-05-17"),
    ]:
        raw = _raw("people_member", column, member.pk)
        # sealed under her own data key (ADR 0034), not the master key
        assert raw.startswith(f"v2:{keystore.kid_of_member(member.uuid)}:"), column
        assert plaintext not in raw
        assert crypto.decrypt_text(raw) == plaintext
    phone = MemberPhone.objects.get(member=member)
    raw_phone = _raw("people_memberphone", "number", phone.pk)
    assert crypto.token_key_id(raw_phone) == keystore.kid_of_member(member.uuid)
    assert "9876543210" not in raw_phone
    assert crypto.decrypt_text(raw_phone) == "9876543210"
    assert phone.last_digits == "10"


def test_reading_an_encrypted_field_gives_sealed(world):
    member = Member.objects.get(pk=world.members["a1"].pk)
    assert isinstance(member.occupation, Sealed)
    assert str(member.occupation) == "••••"
    assert member.occupation.unseal_for_system() == "SECRET-OCCUPATION"
    assert isinstance(member.trafficking_history, Sealed)
    assert not member.trafficking_history  # empty stays empty, not encrypted
    assert _raw("people_member", "trafficking_history", member.pk) == ""


def test_saving_an_unchanged_sealed_value_keeps_the_token(world):
    member = Member.objects.get(pk=world.members["a1"].pk)
    before = _raw("people_member", "occupation", member.pk)
    member.village = "Ranaghat"
    member.save()
    assert _raw("people_member", "occupation", member.pk) == before


def test_instance_holds_sealed_not_plaintext_after_save(world):
    """A service returns the saved object: it must not carry the plaintext around."""
    from saathi.people import services

    sw = world.users[("a", "social_worker")]
    member = world.members["a2"]
    services.member_update(member=member, changes={"occupation": "PLAIN-AFTER-SAVE"}, actor=sw)
    assert isinstance(member.occupation, Sealed)
    assert "PLAIN-AFTER-SAVE" not in str(member.occupation)
    assert member.occupation.unseal_for_system() == "PLAIN-AFTER-SAVE"
    assert _raw("people_member", "occupation", member.pk) == member.occupation.token
    phone = services.member_add_phone(member=member, raw="9000000001", shared=False, actor=sw)
    assert isinstance(phone.number, Sealed)
    assert world.members["a1"].birth_date.unseal_for_system() == "1990-05-17"
    # the history row written by the same save holds ciphertext too
    latest = member.history.first()
    assert isinstance(latest.occupation, Sealed)
    assert latest.occupation.unseal_for_system() == "PLAIN-AFTER-SAVE"
