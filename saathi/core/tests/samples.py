"""Small real files for upload tests."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG image, as Pillow writes it: uploads re-encode photos, and this one
    comes out of the re-encoding byte for byte, so a test can compare what it stored."""
    image = Image.new("RGB", (width, height))
    image.putdata([(200, 30 * y % 256, 90) for y in range(height) for _ in range(width)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_with_location(width: int = 64, height: int = 48, orientation: int = 6) -> bytes:
    """A phone-like JPEG: EXIF with the camera's make, an orientation and a GPS position."""
    image = Image.new("RGB", (width, height), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SaathiTestPhone"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (22.0, 34.0, 10.0), 3: "E", 4: (88.0, 21.0, 5.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` over almost no data (a bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A minimal one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def exe_bytes() -> bytes:
    """The start of a Windows executable (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
