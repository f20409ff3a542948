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


def private_write(content: bytes, *, aad: bytes, subject=None) -> str:
    """Encrypt ``content`` into a new private file (under the data key of the member
    ``subject`` when given); returns its name."""
    name = uuid.uuid4().hex
    path = private_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(crypto.encrypt_bytes(content, aad=aad, subject=subject))
    return name


def private_read(name: str, *, aad: bytes) -> bytes:
    """The decrypted content; raises OSError or crypto.DecryptionError."""
    return crypto.decrypt_bytes(private_path(name).read_bytes(), aad=aad)


def private_delete(name: str) -> None:
    if name:
        private_path(name).unlink(missing_ok=True)


def private_reencrypt(name: str, *, aad: bytes, current_key_id: str, subject=None) -> bool:
    """Re-encrypt one file under the current key; False when it already uses it.

    A member's file (``subject``) goes under her data key; one already sealed under a
    data key stays as it is (rotating the master keys re-wraps the data keys instead)."""
    path = private_path(name)
    blob = path.read_bytes()
    if crypto.blob_is_member_sealed(blob):
        if subject is None:
            return False
        from . import keystore

        if crypto.blob_key_id(blob) == keystore.key_for_member(subject)[0]:
            return False
    elif subject is None and crypto.blob_key_id(blob) == current_key_id:
        return False
    tmp = path.with_suffix(".new")
    plain = crypto.decrypt_bytes(blob, aad=aad)
    tmp.write_bytes(crypto.encrypt_bytes(plain, aad=aad, subject=subject))
    tmp.replace(path)
    return True


IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
IMAGE_OR_PDF_TYPES = IMAGE_TYPES | {"application/pdf"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def download_name(stem: str, content_type: str) -> str:
    """A file name for a download: ``stem`` and the extension of its type (if known)."""
    ext = EXTENSIONS.get(content_type)
    return f"{stem}.{ext}" if ext else stem


def check_upload(upload, field: str, allowed=IMAGE_OR_PDF_TYPES) -> tuple[bytes, str]:
    """An uploaded photo or PDF checked by its content (not its name) and size; a bad file
    is refused with a message at ``field``. Returns the bytes to store and their MIME type.

    A photo is decoded and re-encoded (:func:`reencode_image`): what is stored is pixels
    only, never what was appended to them or the camera's metadata (GPS position)."""
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
    if kind.mime in IMAGE_TYPES:
        return reencode_image(data, kind.mime, field), kind.mime
    return data, kind.mime


_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"})


def reencode_image(data: bytes, mime: str, field: str) -> bytes:
    """The photo decoded and encoded again in its own format, upright, with no metadata.

    Refused with a message at ``field``: a file that does not decode as the format its
    first bytes claim, and one with more than ``SAATHI_UPLOAD_MAX_PIXELS`` pixels (checked
    from its header, before anything is decoded: a small file can unpack to gigabytes)."""
    import io
    import warnings

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from PIL import Image, ImageFile, ImageOps

    max_pixels = settings.SAATHI_UPLOAD_MAX_PIXELS
    too_big = ValidationError(
        {
            field: _(
                "This photo has too many pixels (at most %(mp)s megapixels). "
                "Take it again at a lower resolution."
            )
            % {"mp": max_pixels // 1_000_000}
        }
    )
    broken = ValidationError(
        {field: _("This photo cannot be read: the file is damaged. Take or choose it again.")}
    )
    fmt = _PIL_FORMATS[mime]
    # WeasyPrint (letters) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported:
    # an upload is decoded strictly all the same, a cut-off file is refused
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise too_big
                image.load()
                upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        # Pillow's UnidentifiedImageError is an OSError; a truncated file raises OSError
        raise broken from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    # keep what the pixels need (a palette's transparent colour), nothing else: no EXIF,
    # no GPS, no ICC profile, no text chunks, no comment
    upright.info = {k: upright.info[k] for k in ("transparency",) if k in upright.info}
    out = io.BytesIO()
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=85)
    else:
        if upright.mode not in _PNG_MODES:
            upright = upright.convert("RGBA")
        upright.save(out, "PNG")
    return out.getvalue()


_JPEG_METADATA = {0xE1, 0xE2, 0xEC, 0xED, 0xEE, 0xFE}  # EXIF/XMP, ICC, Ducky, IPTC, Adobe, comment
_PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def is_clean_image(data: bytes, mime: str) -> bool:
    """True when a stored photo is what :func:`reencode_image` writes: no metadata segment
    or chunk, nothing after its end. For photos stored before uploads were re-encoded."""
    if mime == "image/png":
        pos = 8
        while pos + 8 <= len(data):
            length = int.from_bytes(data[pos : pos + 4], "big")
            kind = data[pos + 4 : pos + 8]
            if kind not in _PNG_PIXEL_CHUNKS:
                return False
            pos += 12 + length
            if kind == b"IEND":
                return pos == len(data)
        return False
    if mime == "image/jpeg":
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF:
            marker = data[pos + 1]
            if marker in _JPEG_METADATA:
                return False
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker == 0xDA:  # start of scan: the first end marker must end the file
                return data.find(b"\xff\xd9", pos + 2 + length) == len(data) - 2
            pos += 2 + length
        return False
    return False
