"""Fail when a hi, bn or te catalogue misses a translation or is out of date with the code."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("hi", "bn", "te")


def locale_dirs() -> list[Path]:
    """The project catalogue and each app's own (saathi/<app>/locale)."""
    return [ROOT / "locale", *sorted(p for p in (ROOT / "saathi").rglob("locale") if p.is_dir())]


def main() -> int:
    failed = False
    for po in (d / lang / "LC_MESSAGES" / "django.po" for d in locale_dirs() for lang in LANGS):
        if not po.exists():
            print(f"{po}: missing")
            failed = True
            continue
        out = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
        )
        stats = (out.stderr or out.stdout).strip()
        print(f"{po.relative_to(ROOT)}: {stats}")
        if out.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
            failed = True
    # every msgid in the code must be in the catalogues: compare with a fresh extraction
    pot = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "extract_messages.py"),
            "--check",
        ],
        capture_output=True,
        text=True,
    )
    if pot.returncode != 0:
        print(pot.stdout + pot.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
