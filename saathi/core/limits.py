"""Rate limits kept in the shared cache (``CACHES["default"]``: the database cache, or Redis
when ``REDIS_URL`` is set), so every server process counts the same uses.

A :class:`Limit` allows ``count`` uses per ``seconds`` window and per key (a user, a
member...). ``take(limit, key)`` counts one use and answers ``None`` when it is allowed,
or the seconds to wait. Keys are hashed: no personal data lands in the cache.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int

    def minutes(self, wait: int) -> int:
        return max(1, -(-wait // 60))


# The limits in use, in one place.
DUPLICATE_CHECK_PER_USER = Limit("dupcheck.user", count=60, seconds=10 * 60)
OTP_PER_MEMBER = Limit("otp.member", count=3, seconds=15 * 60)
OTP_PER_USER = Limit("otp.user", count=30, seconds=60 * 60)


def _cache_key(limit: Limit, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{limit.name}|{key}".encode()).hexdigest()[:32]
    return f"saathi:limit:{limit.name}:{digest}:{window}"


def take(limit: Limit, key, *, now: float | None = None) -> int | None:
    """Count one use of ``limit`` by ``key``; None if allowed, else seconds to wait."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    ck = _cache_key(limit, str(key), window)
    cache.add(ck, 0, timeout=limit.seconds + 60)
    try:
        used = cache.incr(ck)
    except ValueError:  # expired between add and incr
        cache.set(ck, 1, timeout=limit.seconds + 60)
        used = 1
    if used <= limit.count:
        return None
    return max(1, int((window + 1) * limit.seconds - now))


def check(limit: Limit, key, *, now: float | None = None) -> int | None:
    """Would one more use be refused? (Does not count one.)"""
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    used = cache.get(_cache_key(limit, str(key), window), 0)
    if used < limit.count:
        return None
    return max(1, int((window + 1) * limit.seconds - now))
