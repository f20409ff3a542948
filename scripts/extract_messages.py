"""Extract translatable strings into locale/{hi,bn,te}/LC_MESSAGES/django.po.

python scripts/extract_messages.py          # update the catalogues (makemessages)
python scripts/extract_messages.py --check  # exit 1 if the code has strings the
                                            # catalogues lack; leaves files untouched
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("hi", "bn", "te")
IGNORE = ["bench/*", "scripts/*", "test-artifacts/*", "var/*", "*/tests/*", "conftest.py"]


def makemessages() -> None:
    cmd = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    for lang in LANGS:
        cmd += ["-l", lang]
    for pattern in IGNORE:
        cmd += ["-i", pattern]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)


_ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural)\s+"(.*)"\s*$')
_CONT = re.compile(r'^"(.*)"\s*$')


def msgids(po: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every entry with a msgid, header excluded."""
    result: set[tuple[str, str]] = set()
    ctx, mid, current = "", None, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        m = _ENTRY.match(line)
        c = _CONT.match(line)
        if m:
            key, value = m.groups()
            if key == "msgctxt":
                if mid is not None:
                    result.add((ctx, mid))
                ctx, mid = value, None
            elif key == "msgid":
                if mid is not None and current != "msgctxt":
                    pass
                mid = value
            current = key
        elif c and current in ("msgctxt", "msgid"):
            if current == "msgctxt":
                ctx += c.group(1)
            else:
                mid = (mid or "") + c.group(1)
        elif line.startswith("msgstr") or not line.strip():
            if mid:
                result.add((ctx, mid))
            if not line.strip():
                ctx, mid = "", None
            current = "msgstr"
    return result


def locale_dirs() -> list[Path]:
    """The project catalogue and each app's own (saathi/<app>/locale): makemessages puts a
    string into the catalogue of the nearest app folder that has a locale directory."""
    return [ROOT / "locale", *sorted(p for p in (ROOT / "saathi").rglob("locale") if p.is_dir())]


def main() -> int:
    if "--check" not in sys.argv:
        makemessages()
        print("Catalogues updated: " + ", ".join(LANGS))
        return 0
    tmp = Path(tempfile.mkdtemp())
    dirs = locale_dirs()
    backups = {d: tmp / str(i) for i, d in enumerate(dirs)}
    for d, b in backups.items():
        shutil.copytree(d, b)
    try:
        makemessages()
        missing_any = False
        for d, b in backups.items():
            for lang in LANGS:
                po = Path(lang) / "LC_MESSAGES" / "django.po"
                before = msgids(b / po) if (b / po).exists() else set()
                missing = sorted(msgids(d / po) - before) if (d / po).exists() else []
                if missing:
                    missing_any = True
                    where = d.relative_to(ROOT) / po
                    print(f"{where}: {len(missing)} string(s) in the code but not here:")
                    for ctx, mid in missing[:20]:
                        print(f"   {mid!r}" + (f" (context {ctx!r})" if ctx else ""))
        return 1 if missing_any else 0
    finally:
        for d, b in backups.items():
            shutil.rmtree(d)
            shutil.copytree(b, d)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
