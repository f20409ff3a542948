"""scripts/audit_deps says plainly when nothing was checked (pip-audit alone says
"No known vulnerabilities found" while it skipped every package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCK = "django==5.2.1\nrequests==2.32.0\n"


def run_with(tmp_path, dependencies) -> subprocess.CompletedProcess:
    """Run the script with a stand-in uv: `uv export` prints LOCK, `uv run pip-audit`
    prints the JSON report given."""
    fake = tmp_path / "uv"
    report = json.dumps({"dependencies": dependencies})
    fake.write_text(
        "#!/usr/bin/env python3\nimport sys\n"
        f"print({LOCK!r} if sys.argv[1] == 'export' else {report!r})\n"
        "if sys.argv[1] != 'export': print('No known vulnerabilities found', file=sys.stderr)\n"
    )
    fake.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts/audit_deps")],
        env={**os.environ, "UV": str(fake)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unreachable_database_is_reported_as_nothing_checked(tmp_path):
    skipped = [
        {"name": n, "version": v, "skip_reason": "Connection refused"}
        for n, v in (("django", "5.2.1"), ("requests", "2.32.0"))
    ]
    r = run_with(tmp_path, skipped)
    assert r.returncode == 2
    assert "NOTHING WAS CHECKED" in r.stdout
    assert "0 of 2 locked packages checked" in r.stdout
    assert "No known vulnerabilities" not in r.stdout


def test_a_partial_check_is_not_called_clean(tmp_path):
    deps = [
        {"name": "django", "version": "5.2.1", "vulns": []},
        {"name": "requests", "version": "2.32.0", "skip_reason": "timeout"},
    ]
    r = run_with(tmp_path, deps)
    assert r.returncode == 2
    assert "NOT EVERYTHING WAS CHECKED: skipped requests" in r.stdout


@pytest.mark.parametrize(
    "vulns, code, words",
    [
        ([], 0, "No known vulnerabilities in any locked package."),
        (
            [{"id": "GHSA-xxxx", "fix_versions": ["5.2.2"]}],
            1,
            "VULNERABLE django 5.2.1: GHSA-xxxx (fixed in 5.2.2)",
        ),
    ],
)
def test_a_full_check(tmp_path, vulns, code, words):
    deps = [
        {"name": "django", "version": "5.2.1", "vulns": vulns},
        {"name": "requests", "version": "2.32.0", "vulns": []},
    ]
    r = run_with(tmp_path, deps)
    assert r.returncode == code, r.stdout + r.stderr
    assert words in r.stdout
