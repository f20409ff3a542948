"""An organisation's registry index (``matching.incremental.RegistryIndex``) on disk.

One file per organisation, ``<SAATHI_PRIVATE_FILES>/linkage/registry-<organisation id>.idx``,
beside the private files and like them encrypted at rest (``core.crypto``, AES-GCM under
the master key) with the organisation's id as associated data: a file copied or renamed
to another organisation's name does not decrypt, so one organisation's index is never
read for another. It holds the normalised name keys, phones, id digits and places of the
registry's members (docs/adr/0043-incremental-linking.md). Never logged, never served.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings

from saathi.core import crypto

from .matching.incremental import RegistryIndex

log = logging.getLogger(__name__)


def path_for(organisation_id: int) -> Path:
    return settings.SAATHI_PRIVATE_FILES / "linkage" / f"registry-{int(organisation_id)}.idx"


def _aad(organisation_id: int) -> bytes:
    return f"linkage-registry-index:{int(organisation_id)}".encode()


def fingerprint_key() -> bytes:
    """The key of the index's record fingerprints (changed-or-not, without the values)."""
    return crypto.hash_key("linkage-index")


def load(organisation_id: int) -> RegistryIndex | None:
    """The organisation's index, or None (none yet, or unreadable: it is then rebuilt)."""
    path = path_for(organisation_id)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = crypto.decrypt_bytes(blob, aad=_aad(organisation_id))
        return RegistryIndex.from_bytes(data, fp_key=fingerprint_key())
    except (crypto.DecryptionError, ValueError) as exc:
        log.warning(
            "linkage: registry index unreadable, rebuilt at the next run (%s)", type(exc).__name__
        )
        return None


def save(organisation_id: int, index: RegistryIndex) -> None:
    """Write the index atomically (a reader sees the old file or the new one), owner-only."""
    path = path_for(organisation_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    blob = crypto.encrypt_bytes(index.to_bytes(), aad=_aad(organisation_id))
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def build(organisation_id: int, records: list[dict], model: dict | None) -> RegistryIndex:
    index = RegistryIndex.build(records, model=model, fp_key=fingerprint_key())
    save(organisation_id, index)
    return index


def discard(organisation_ids) -> None:
    """Remove the indexes (a member erased: her keys must not outlive her data)."""
    for organisation_id in organisation_ids:
        path_for(organisation_id).unlink(missing_ok=True)
