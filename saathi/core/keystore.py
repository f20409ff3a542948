"""Members' data keys (envelope encryption, ADR 0034): one AES key per member, each wrapped
by the master keys, kept OUTSIDE the database.

Every encrypted value and private file of a member is sealed under her own data key
(``crypto`` format ``v2``, which names the key). The keys live in a small SQLite file,
``SAATHI_KEYSTORE``, never in the application database: a copy or backup of the database
holds her ciphertext but not her key, so destroying the key (:func:`destroy`, on erasure)
makes her data unreadable in every copy of the database, old backups included. The
keystore itself is backed up apart, on a short rotation (ADR 0034): once its oldest backup
is younger than an erasure, that member cannot be recovered from anything.

Rows: ``(kid, member, wrapped, master, created)``; ``wrapped`` is the key encrypted by the
master key ``master`` (``crypto.encrypt_bytes`` with the kid as associated data), so
``rotate_keys`` re-wraps keys without touching a single record (:func:`rewrap`).

A destroyed key is deleted with SQLite's ``secure_delete`` (its bytes overwritten) and the
write-ahead log truncated, so the file keeps no copy of it.

The keys are cached in the process (:data:`_cache`) for speed; :func:`destroy` empties the
cache of this process, and a key another process still holds in its cache can only open
ciphertext that erasure has already removed from the live database.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from . import crypto

_local = threading.local()
_lock = threading.Lock()
# (path, kid) -> raw key; (path, "m", member uuid) -> kid
_cache: dict[tuple, object] = {}
_CACHE_MAX = 50_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS member_key (
    kid TEXT PRIMARY KEY,
    member TEXT NOT NULL UNIQUE,
    wrapped BLOB NOT NULL,
    master TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS member_key_master ON member_key (master);
"""


class KeyErased(crypto.DecryptionError):
    """The data key this value was sealed under has been destroyed: the member was erased."""


def path() -> Path:
    return Path(settings.SAATHI_KEYSTORE)


def _conn() -> sqlite3.Connection:
    p = str(path())
    conns = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    conn = conns.get(p)
    if conn is None:
        Path(p).parent.mkdir(parents=True, exist_ok=True)
        new = not os.path.exists(p)
        conn = sqlite3.connect(p, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")
        conn.executescript(SCHEMA)
        if new:
            os.chmod(p, 0o600)
        conns[p] = conn
    return conn


def _marks(n: int) -> str:
    """``?, ?, ?``: placeholders only, the values are parameters."""
    return ", ".join("?" * n)


def _remember(k: tuple, v) -> None:
    if len(_cache) >= _CACHE_MAX:
        with _lock:
            _cache.clear()
    _cache[k] = v


def clear_cache() -> None:
    _cache.clear()


def close() -> None:
    """Close this thread's keystore connections and empty the cache (a test's teardown,
    or a process about to switch ``SAATHI_KEYSTORE``)."""
    for conn in getattr(_local, "conns", {}).values():
        conn.close()
    _local.conns = {}
    clear_cache()


def _wrap(kid: str, raw: bytes) -> tuple[bytes, str]:
    return crypto.encrypt_bytes(raw, aad=kid.encode()), crypto.current_key_id()


def _unwrap(kid: str, wrapped: bytes) -> bytes:
    return crypto.decrypt_bytes(wrapped, aad=kid.encode())


def _member_str(member_uuid) -> str:
    return str(member_uuid)


def key_for_member(member_uuid) -> tuple[str, bytes]:
    """Her (kid, key), created on first use."""
    p = str(path())
    m = _member_str(member_uuid)
    kid = _cache.get((p, "m", m))
    if kid is not None:
        raw = _cache.get((p, kid))
        if raw is not None:
            return kid, raw  # type: ignore[return-value]
    ensure_many([m])
    kid = _cache[(p, "m", m)]
    return kid, _cache[(p, kid)]  # type: ignore[return-value]


def ensure_many(member_uuids: Iterable) -> None:
    """Load (and create where missing) the keys of many members in one transaction."""
    p = str(path())
    wanted = [_member_str(u) for u in member_uuids]
    missing = [m for m in wanted if (p, "m", m) not in _cache]
    if not missing:
        return
    conn = _conn()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        found = conn.execute(
            "SELECT kid, member, wrapped FROM member_key WHERE member IN (%s)"  # noqa: S608
            % _marks(len(chunk)),
            chunk,
        ).fetchall()
        have = set()
        for kid, member, wrapped in found:
            _remember((p, kid), _unwrap(kid, wrapped))
            _remember((p, "m", member), kid)
            have.add(member)
        new = [m for m in chunk if m not in have]
        if not new:
            continue
        rows = []
        now = time.time()
        for m in new:
            kid = uuid.uuid4().hex
            raw = os.urandom(32)
            wrapped, master = _wrap(kid, raw)
            rows.append((kid, m, wrapped, master, now, raw))
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT OR IGNORE INTO member_key (kid, member, wrapped, master, created) "
                "VALUES (?, ?, ?, ?, ?)",
                [r[:5] for r in rows],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        # another process may have created some of them first: read back what is stored
        stored = dict(
            conn.execute(
                "SELECT member, kid FROM member_key WHERE member IN (%s)"  # noqa: S608
                % _marks(len(new)),
                new,
            ).fetchall()
        )
        ours: dict[str, bytes] = {r[0]: r[5] for r in rows}
        for m in new:
            kid = stored[m]
            mine = ours.get(kid)
            if mine is not None:
                raw = mine
            else:
                (wrapped,) = conn.execute(
                    "SELECT wrapped FROM member_key WHERE kid = ?", (kid,)
                ).fetchone()
                raw = _unwrap(kid, wrapped)
            _remember((p, kid), raw)
            _remember((p, "m", m), kid)


def key_by_id(kid: str) -> bytes:
    """The key ``kid``; raises :class:`KeyErased` when it was destroyed."""
    p = str(path())
    raw = _cache.get((p, kid))
    if raw is not None:
        return raw  # type: ignore[return-value]
    row = _conn().execute("SELECT wrapped, member FROM member_key WHERE kid = ?", (kid,)).fetchone()
    if row is None:
        raise KeyErased("this value's data key was destroyed (erasure)")
    raw = _unwrap(kid, row[0])
    _remember((p, kid), raw)
    _remember((p, "m", row[1]), kid)
    return raw


def kid_of_member(member_uuid) -> str | None:
    """Her key id if she has a key, without creating one."""
    row = (
        _conn()
        .execute("SELECT kid FROM member_key WHERE member = ?", (_member_str(member_uuid),))
        .fetchone()
    )
    return row[0] if row else None


def has_key(member_uuid) -> bool:
    return kid_of_member(member_uuid) is not None


def destroy(member_uuids: Iterable) -> int:
    """Destroy these members' keys for good; returns how many were destroyed."""
    members = [_member_str(u) for u in member_uuids]
    if not members:
        return 0
    conn = _conn()
    count = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for start in range(0, len(members), 500):
            chunk = members[start : start + 500]
            cur = conn.execute(
                "DELETE FROM member_key WHERE member IN (%s)" % _marks(len(chunk)),  # noqa: S608
                chunk,
            )
            count += cur.rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    # no copy of a destroyed key in the write-ahead log, nor in this process's cache
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    clear_cache()
    return count


def rewrap(batch: int = 2000) -> int:
    """Wrap every key under the current master key (``rotate_keys``); returns how many
    were re-wrapped. A key no listed master key opens raises DecryptionError."""
    conn = _conn()
    current = crypto.current_key_id()
    done = 0
    last = ""
    while True:
        rows = conn.execute(
            "SELECT kid, wrapped FROM member_key WHERE master != ? AND kid > ? "
            "ORDER BY kid LIMIT ?",
            (current, last, batch),
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        updates = []
        for kid, wrapped in rows:
            new, master = _wrap(kid, _unwrap(kid, wrapped))
            updates.append((new, master, kid))
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("UPDATE member_key SET wrapped = ?, master = ? WHERE kid = ?", updates)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done += len(updates)
    if done:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return done


def count() -> int:
    return _conn().execute("SELECT count(*) FROM member_key").fetchone()[0]
