"""Demo photos for seed_demo: drawn, not real documents, stored through the same upload
checks (and re-encoding) as a facilitator's phone photo."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont


def demo_photo(title: str, *, seed: int = 0, size: tuple[int, int] = (640, 400)) -> bytes:
    """A JPEG of a card-like paper: a title, grey lines where text would be, "DEMO"."""
    width, height = size
    image = Image.new("RGB", size, (236, 232, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle([12, 12, width - 13, height - 13], outline=(90, 90, 90), width=3)
    font = ImageFont.load_default(size=28)
    draw.text((32, 28), title, fill=(30, 30, 30), font=font)
    for row in range(6):
        length = width - 64 - ((seed * 37 + row * 53) % (width // 3))
        y = 96 + row * 40
        draw.rectangle([32, y, 32 + length, y + 14], fill=(170, 170, 170))
    draw.text((width - 170, height - 70), "DEMO", fill=(180, 40, 40), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def demo_upload(title: str, *, seed: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"demo-{seed}.jpg", demo_photo(title, seed=seed), "image/jpeg")
