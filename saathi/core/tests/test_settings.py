"""Production settings refuse to start without secrets and pass Django's deploy checks."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SECRETS = ("DJANGO_SECRET_KEY", "SAATHI_ENCRYPTION_KEYS", "SAATHI_HASH_KEY")


def good_secrets() -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "SAATHI_ENCRYPTION_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
        "SAATHI_HASH_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


def run(tmp_path, *args, **env_vars) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SECRETS and not k.startswith(("DJANGO_", "SAATHI_", "DATABASE_URL"))
    }
    env.update(
        SAATHI_VAR_DIR=str(tmp_path / "var"),
        SAATHI_SECRETS_FILE=str(tmp_path / "secrets.json"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secrets_refuses_to_start(tmp_path):
    r = run(tmp_path, "manage.py", "check", SAATHI_ENV="production")
    assert r.returncode != 0
    assert "refuses to start in production" in r.stderr
    for name in SECRETS:
        assert name in r.stderr
    assert not (tmp_path / "secrets.json").exists()  # no demo secrets made up in production


def test_production_names_only_the_missing_secret(tmp_path):
    values = good_secrets()
    del values["SAATHI_HASH_KEY"]
    r = run(tmp_path, "manage.py", "check", SAATHI_ENV="production", **values)
    assert r.returncode != 0
    line = next(ln for ln in r.stderr.splitlines() if "refuses to start" in ln)
    assert "SAATHI_HASH_KEY" in line
    assert "DJANGO_SECRET_KEY" not in line and "SAATHI_ENCRYPTION_KEYS" not in line


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    r = run(tmp_path, "manage.py", "check", SAATHI_ENV="production", **good_secrets())
    assert r.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in r.stderr


def test_unknown_environment_is_refused(tmp_path):
    r = run(tmp_path, "manage.py", "check", SAATHI_ENV="staging")
    assert r.returncode != 0
    assert "SAATHI_ENV must be 'demo' or 'production'" in r.stderr


def test_production_passes_the_deploy_check(tmp_path):
    r = run(
        tmp_path,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SAATHI_ENV="production",
        DJANGO_ALLOWED_HOSTS="saathi.example.org",
        **good_secrets(),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


PRODUCTION = {"SAATHI_ENV": "production", "DJANGO_ALLOWED_HOSTS": "saathi.example.org"}


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("SAATHI_ENCRYPTION_KEYS", "k1:c2hvcnQ=", "key 'k1' is 5 bytes; it must be 32"),
        ("SAATHI_ENCRYPTION_KEYS", "k1:short", "SAATHI_ENCRYPTION_KEYS key 'k1' is not valid"),
        ("SAATHI_ENCRYPTION_KEYS", "k1:!!!notbase64", "key 'k1' is not valid base64"),
        ("SAATHI_ENCRYPTION_KEYS", "nocolon", "entry 2 is not 'id:base64key'"),
        ("SAATHI_HASH_KEY", "c2hvcnQ=", "SAATHI_HASH_KEY must be at least 32 random bytes"),
        ("DJANGO_SECRET_KEY", "x", "DJANGO_SECRET_KEY must be at least 50 random characters"),
        ("DJANGO_DEBUG", "1", "DJANGO_DEBUG must be 0"),
        ("SAATHI_TRUSTED_PROXIES", "many", "SAATHI_TRUSTED_PROXIES must be the number"),
    ],
)
def test_production_refuses_bad_secrets(tmp_path, name, value, message):
    values = {**good_secrets(), name: value}
    if name == "SAATHI_ENCRYPTION_KEYS":  # a good key first: the bad one is still refused
        values[name] = good_secrets()[name].replace("k1:", "k0:") + "," + value
    r = run(tmp_path, "-c", "import config.wsgi", **PRODUCTION, **values)
    assert r.returncode != 0
    assert "Saathi refuses to start in production" in r.stderr
    assert message in r.stderr
    if len(values[name]) > 8:
        assert values[name] not in r.stderr  # the secret itself is never printed


@pytest.mark.parametrize(
    "args",
    [
        ("-c", "import config.wsgi"),  # what gunicorn and uwsgi load
        ("-c", "import config.asgi"),
        ("manage.py", "check"),  # runserver and every command
    ],
)
def test_production_refuses_a_short_key_whatever_the_server(tmp_path, args):
    values = {**good_secrets(), "SAATHI_ENCRYPTION_KEYS": "k1:c2hvcnQ="}
    r = run(tmp_path, *args, **PRODUCTION, **values)
    assert r.returncode != 0
    assert "SAATHI_ENCRYPTION_KEYS key 'k1' is 5 bytes" in r.stderr


def test_production_lists_every_problem_at_once(tmp_path):
    r = run(
        tmp_path,
        "manage.py",
        "check",
        **PRODUCTION,
        DJANGO_SECRET_KEY="x",
        SAATHI_ENCRYPTION_KEYS="k1:short",
        SAATHI_HASH_KEY="short",
        DJANGO_DEBUG="1",
    )
    assert r.returncode != 0
    for name in ("DJANGO_SECRET_KEY", "SAATHI_ENCRYPTION_KEYS", "SAATHI_HASH_KEY", "DJANGO_DEBUG"):
        assert name in r.stderr


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({}, "login limits in the database cache (table saathi_cache), shared by every worker"),
        ({"REDIS_URL": "redis://127.0.0.1:6399/0"}, "login limits in Redis (REDIS_URL)"),
    ],
)
def test_start_up_says_which_cache_holds_the_limits(tmp_path, extra, expected):
    r = run(tmp_path, "-c", "import config.wsgi", **PRODUCTION, **good_secrets(), **extra)
    assert r.returncode == 0, r.stderr
    assert expected in r.stderr
    assert "6399" not in r.stderr  # the Redis URL (it may hold a password) is not logged


def test_start_up_says_whose_address_counts(tmp_path):
    r = run(tmp_path, "-c", "import config.wsgi", SAATHI_TRUSTED_PROXIES="1")
    assert "client address from X-Forwarded-For as written by 1 trusted proxy" in r.stderr
    r = run(tmp_path, "-c", "import config.wsgi")
    assert "client address from the connection (REMOTE_ADDR" in r.stderr


def test_no_per_process_cache_in_any_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'])"
    )
    for env in ({**PRODUCTION, **good_secrets()}, {}):
        r = run(tmp_path, "-c", code, **env)
        assert r.stdout.strip().splitlines()[-1] == "django.core.cache.backends.db.DatabaseCache"


PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({n: getattr(s, n, None) for n in ["
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SAATHI_MFA_REQUIRED', 'ALLOWED_HOSTS', 'SESSION_COOKIE_AGE', "
    "'SESSION_SAVE_EVERY_REQUEST', 'X_FRAME_OPTIONS', 'PASSWORD_HASHERS']}))"
)


def test_production_security_settings(tmp_path):
    r = run(
        tmp_path,
        "-c",
        PRINT_SETTINGS,
        SAATHI_ENV="production",
        DJANGO_ALLOWED_HOSTS="saathi.example.org, www.saathi.example.org",
        DJANGO_DEBUG="0",
        **good_secrets(),
    )
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SAATHI_MFA_REQUIRED"] is True
    assert s["ALLOWED_HOSTS"] == ["saathi.example.org", "www.saathi.example.org"]
    assert s["SESSION_COOKIE_AGE"] == 1800
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_demo_generates_secrets_once(tmp_path):
    first = run(tmp_path, "-c", PRINT_SETTINGS, SAATHI_ENV="demo")
    assert first.returncode == 0, first.stderr
    stored = json.loads((tmp_path / "secrets.json").read_text())
    assert set(stored) == set(SECRETS)
    assert oct((tmp_path / "secrets.json").stat().st_mode & 0o777) == "0o600"
    again = run(tmp_path, "-c", PRINT_SETTINGS, SAATHI_ENV="demo")
    assert again.returncode == 0
    assert json.loads((tmp_path / "secrets.json").read_text()) == stored


@pytest.mark.parametrize("minutes", ["5", "45"])
def test_idle_minutes_from_the_environment(tmp_path, minutes):
    r = run(tmp_path, "-c", PRINT_SETTINGS, SAATHI_SESSION_IDLE_MINUTES=minutes)
    assert json.loads(r.stdout.strip().splitlines()[-1])["SESSION_COOKIE_AGE"] == int(minutes) * 60
