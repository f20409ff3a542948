"""Field-level encryption (AES-GCM with key ids) and keyed hashes (blind indexes).

Ciphertext format: ``v1:<key id>:<base64(nonce | ciphertext | tag)>``. The first key in
SAATHI_ENCRYPTION_KEYS encrypts; every listed key decrypts, so keys rotate by putting a
new key first and running ``manage.py rotate_keys``.

A member's data is sealed under her own data key instead (envelope encryption, ADR 0034):
``v2:<data key id>:<...>``, the data key kept in ``core.keystore``, wrapped by the master
keys. ``subject`` (a member's uuid) asks for it; erasing her destroys the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
MEMBER_PREFIX = "v2"


class DecryptionError(Exception):
    """A value could not be decrypted: unknown key id or tampered ciphertext."""


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if ":" not in part:
            raise ImproperlyConfigured("SAATHI_ENCRYPTION_KEYS entries look like 'id:base64key'.")
        key_id, b64 = part.split(":", 1)
        raw = base64.b64decode(b64)
        if len(raw) != 32:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} must be 32 bytes (base64).")
        keys[key_id] = raw
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("SAATHI_ENCRYPTION_KEYS holds no key.")
    return order[0], keys


def keyring() -> tuple[str, dict[str, bytes]]:
    return _parse_keys(settings.SAATHI_ENCRYPTION_KEYS)


def current_key_id() -> str:
    return keyring()[0]


def encrypt_bytes(data: bytes, aad: bytes = b"", subject=None) -> bytes:
    """``subject``: a member's uuid: sealed under her data key (``v2``)."""
    if subject is not None:
        from . import keystore

        kid, key = keystore.key_for_member(subject)
        nonce = os.urandom(12)
        return f"{MEMBER_PREFIX}:{kid}:".encode() + nonce + AESGCM(key).encrypt(nonce, data, aad)
    key_id, keys = keyring()
    nonce = os.urandom(12)
    ct = AESGCM(keys[key_id]).encrypt(nonce, data, aad)
    return f"{PREFIX}:{key_id}:".encode() + nonce + ct


def _key_for(prefix: str, key_id: str) -> bytes:
    if prefix == MEMBER_PREFIX:
        from . import keystore

        return keystore.key_by_id(key_id)
    if prefix != PREFIX:
        raise DecryptionError("unknown format")
    key = keyring()[1].get(key_id)
    if key is None:
        raise DecryptionError(f"unknown key id {key_id!r}")
    return key


def decrypt_bytes(blob: bytes, aad: bytes = b"") -> bytes:
    try:
        prefix, key_id, rest = blob.split(b":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted blob") from exc
    key = _key_for(prefix.decode(errors="replace"), key_id.decode(errors="replace"))
    try:
        return AESGCM(key).decrypt(rest[:12], rest[12:], aad)
    except Exception as exc:  # InvalidTag
        raise DecryptionError("ciphertext failed authentication") from exc


def blob_key_id(blob: bytes) -> str:
    return blob.split(b":", 2)[1].decode()


def blob_is_member_sealed(blob: bytes) -> bool:
    return blob.startswith(f"{MEMBER_PREFIX}:".encode())


def encrypt_text(value: str, subject=None) -> str:
    """``subject``: a member's uuid: sealed under her data key (``v2``)."""
    if subject is not None:
        from . import keystore

        kid, key = keystore.key_for_member(subject)
        nonce = os.urandom(12)
        ct = AESGCM(key).encrypt(nonce, value.encode("utf-8"), None)
        return f"{MEMBER_PREFIX}:{kid}:" + base64.b64encode(nonce + ct).decode("ascii")
    key_id, keys = keyring()
    nonce = os.urandom(12)
    ct = AESGCM(keys[key_id]).encrypt(nonce, value.encode("utf-8"), None)
    return f"{PREFIX}:{key_id}:" + base64.b64encode(nonce + ct).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        prefix, key_id, b64 = token.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    key = _key_for(prefix, key_id)
    raw = base64.b64decode(b64)
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], None).decode("utf-8")
    except Exception as exc:
        raise DecryptionError("ciphertext failed authentication") from exc


def token_key_id(token: str) -> str:
    """The master key id of a ``v1`` token, the data key id of a ``v2`` one."""
    return token.split(":", 2)[1]


def is_member_sealed(token: str) -> bool:
    """Sealed under a member's data key (``v2``)."""
    return token.startswith(f"{MEMBER_PREFIX}:")


@lru_cache(maxsize=4)
def _hash_key(spec: str, purpose: str) -> bytes:
    root = base64.b64decode(spec)  # checked at start-up: at least 32 bytes (core.checks)
    return hmac.new(root, purpose.encode(), hashlib.sha256).digest()


def hash_key(purpose: str) -> bytes:
    """A sub-key of SAATHI_HASH_KEY for one purpose ("lookup", "audit")."""
    return _hash_key(settings.SAATHI_HASH_KEY, purpose)


def blind_index(value: str, kind: str = "") -> str:
    """Keyed hash for exact look-up of a normalised identifier (phone, ID number)."""
    normalised = "".join(ch for ch in value.upper() if ch.isalnum())
    return hmac.new(
        hash_key("lookup"), f"{kind}|{normalised}".encode(), hashlib.sha256
    ).hexdigest()[:40]
