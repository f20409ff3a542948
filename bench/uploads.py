"""Photo uploads: time and peak memory of checking and re-encoding one photo.

    uv run python bench/uploads.py [--megapixels 12,24,40] [--runs 5]

For each size, draws a phone-like JPEG (noise, so it compresses like a photo; EXIF with a
GPS position), then times ``saathi.core.files.check_upload`` on it (decode, orientation,
re-encode without metadata) ``--runs`` times and prints the median, the input and output
sizes, and the size of the decoded pixels (width x height x 3: what one upload holds in
memory beside its bytes). Noise is the worst case for JPEG: a real 12 MP phone photo is
3-5 MB, not 7. No database.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--megapixels", default="12,24,40")
    p.add_argument("--runs", type=int, default=5)
    return p.parse_args(argv)


def phone_jpeg(megapixels: float) -> bytes:
    from PIL import Image

    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (22.0, 34.0, 10.0), 3: "E", 4: (88.0, 21.0, 5.0)}
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def main(argv=None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saathi.core.files import check_upload

    settings.SAATHI_UPLOAD_MAX_BYTES = 200 * 1024 * 1024  # measure the decoding, not the cap
    print(f"{'MP':>5} {'in KB':>8} {'out KB':>8} {'median s':>9} {'pixels MB':>9}")
    for mp in (float(x) for x in args.megapixels.split(",")):
        data = phone_jpeg(mp)
        times = []
        for _ in range(args.runs):
            upload = SimpleUploadedFile("p.jpg", data, "image/jpeg")
            started = time.perf_counter()
            out, _mime = check_upload(upload, "scan")
            times.append(time.perf_counter() - started)
        from PIL import Image

        width, height = Image.open(io.BytesIO(data)).size
        decoded = width * height * 3
        print(
            f"{mp:5.0f} {len(data) // 1024:8d} {len(out) // 1024:8d} "
            f"{statistics.median(times):9.2f} {decoded / 2**20:9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
