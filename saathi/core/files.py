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


IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
IMAGE_OR_PDF_TYPES = IMAGE_TYPES | {"application/pdf"}


def check_upload(upload, field: str, allowed=IMAGE_OR_PDF_TYPES) -> tuple[bytes, str]:
    """An uploaded photo or PDF checked by its content (not its name) and size; a bad file
    is refused with a message at ``field``. Returns the bytes and their MIME type."""
    import filetype
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    limit = settings.SAATHI_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {field: _("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    data = upload.read()
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in allowed:
        if set(allowed) <= IMAGE_TYPES:
            message = _("Upload a photo (JPEG or PNG). This file is not one.")
        else:
            message = _("Upload a photo (JPEG or PNG) or a PDF. This file is not one of those.")
        raise ValidationError({field: message})
    return data, kind.mime
