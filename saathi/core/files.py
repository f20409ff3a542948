"""Private files: encrypted at rest under SAATHI_PRIVATE_FILES, never served statically.

Each file is AES-GCM encrypted with the current key and bound to its owner record through
the associated data (``aad``), so a file swapped between records fails to decrypt.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from . import crypto


def private_path(name: str) -> Path:
    return settings.SAATHI_PRIVATE_FILES / name[:2] / name


def private_write(content: bytes, *, aad: bytes) -> str:
    """Encrypt ``content`` into a new private file; returns its name."""
    name = uuid.uuid4().hex
    path = private_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(crypto.encrypt_bytes(content, aad=aad))
    return name


def private_read(name: str, *, aad: bytes) -> bytes:
    """The decrypted content; raises OSError or crypto.DecryptionError."""
    return crypto.decrypt_bytes(private_path(name).read_bytes(), aad=aad)


def private_delete(name: str) -> None:
    if name:
        private_path(name).unlink(missing_ok=True)


def private_reencrypt(name: str, *, aad: bytes, current_key_id: str) -> bool:
    """Re-encrypt one file under the current key; False when it already uses it."""
    path = private_path(name)
    blob = path.read_bytes()
    if crypto.blob_key_id(blob) == current_key_id:
        return False
    tmp = path.with_suffix(".new")
    tmp.write_bytes(crypto.encrypt_bytes(crypto.decrypt_bytes(blob, aad=aad), aad=aad))
    tmp.replace(path)
    return True
