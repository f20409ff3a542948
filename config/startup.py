"""What production start-up checks before Django serves anything.

``config/settings.py`` calls :func:`production_problems` when ``SAATHI_ENV=production``
and refuses to import (so gunicorn, uwsgi, runserver and every management command
refuse alike) while any problem remains. Pure functions of the values: no Django import.
"""

from __future__ import annotations

import base64
import binascii

# Django's own deploy check (security.W009) uses these thresholds.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def _b64(value: str) -> bytes | None:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def encryption_key_problems(spec: str) -> list[str]:
    """Every entry of ``id:base64key[,id:base64key]`` must be a 32-byte key."""
    problems = []
    entries = [p.strip() for p in spec.split(",") if p.strip()]
    if not entries:
        return ["SAATHI_ENCRYPTION_KEYS holds no key."]
    seen = set()
    for position, entry in enumerate(entries, start=1):
        key_id, sep, b64 = entry.partition(":")
        if not sep or not key_id:
            problems.append(f"SAATHI_ENCRYPTION_KEYS entry {position} is not 'id:base64key'.")
            continue
        if key_id in seen:
            problems.append(f"SAATHI_ENCRYPTION_KEYS names key {key_id!r} twice.")
        seen.add(key_id)
        raw = _b64(b64)
        if raw is None:
            problems.append(f"SAATHI_ENCRYPTION_KEYS key {key_id!r} is not valid base64.")
        elif len(raw) != 32:
            problems.append(
                f"SAATHI_ENCRYPTION_KEYS key {key_id!r} is {len(raw)} bytes; it must be 32."
            )
    return problems


def hash_key_problems(value: str) -> list[str]:
    raw = _b64(value)
    if raw is None or len(raw) < 32:
        return ["SAATHI_HASH_KEY must be at least 32 random bytes, base64-encoded."]
    return []


def secret_key_problems(value: str) -> list[str]:
    if (
        len(value) < SECRET_KEY_MIN_LENGTH
        or len(set(value)) < SECRET_KEY_MIN_UNIQUE
        or value.startswith("django-insecure-")
    ):
        return [f"DJANGO_SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} random characters."]
    return []


def trusted_proxies_problems(value: str) -> list[str]:
    if not value.strip().isdigit() or int(value) > 5:
        return [
            "SAATHI_TRUSTED_PROXIES must be the number of reverse proxies in front of "
            f"Saathi (0 to 5), not {value!r}."
        ]
    return []


def production_problems(env: dict[str, str]) -> list[str]:
    """Everything that stops a production server from starting, in one list."""
    problems = []
    problems += secret_key_problems(env.get("DJANGO_SECRET_KEY", ""))
    problems += encryption_key_problems(env.get("SAATHI_ENCRYPTION_KEYS", ""))
    problems += hash_key_problems(env.get("SAATHI_HASH_KEY", ""))
    problems += trusted_proxies_problems(env.get("SAATHI_TRUSTED_PROXIES", "0"))
    if env.get("DJANGO_DEBUG", "0") != "0":
        problems.append("DJANGO_DEBUG must be 0 (or unset) in production.")
    return problems


def banner() -> str:
    """One line for the server's log: which cache holds the limits, whose address counts."""
    from django.conf import settings

    proxies = settings.SAATHI_TRUSTED_PROXIES
    address = (
        f"X-Forwarded-For as written by {proxies} trusted prox{'y' if proxies == 1 else 'ies'}"
        if proxies
        else "the connection (REMOTE_ADDR; X-Forwarded-For ignored)"
    )
    return (
        f"Saathi ({settings.SAATHI_ENV}): login limits in {settings.SAATHI_CACHE_DESCRIPTION}, "
        f"shared by every worker; client address from {address}."
    )


def announce() -> None:
    import sys

    print(banner(), file=sys.stderr, flush=True)
