"""Walk the vault's registry and seal every encrypted value and private file under the
key it belongs under (ADR 0034): a member's under her own data key, everything else under
the current master key. ``rotate_keys`` and ``member_keys`` are this walk.

A value under a master key that is not the current one is re-encrypted; a member's value
still under a master key (written before data keys existed, or through ``update()``) moves
to her data key; a member's value under another member's data key (records moved by a
merge) moves to hers. A value whose data key was destroyed (an erased member's history) is
left as it is: nobody can read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from . import crypto, keystore, subjects, vault
from .fields import Sealed


def _subject_expr(model):
    path = subjects.path_of(model)
    if path is None:
        return None
    if path == ("",):
        return F("uuid")
    return F("__".join(path) + "__uuid")


def _wanted(token: str, subject, current: str) -> bool:
    """Whether ``token`` must be sealed again."""
    if crypto.is_member_sealed(token):
        if subject is None:
            return False
        return crypto.token_key_id(token) != keystore.key_for_member(subject)[0]
    return subject is not None or crypto.token_key_id(token) != current


def reseal_fields(*, batch: int = 2000, write: Callable[[str], None] = print) -> tuple[int, int]:
    """Returns (rows changed, values left unreadable because their key was destroyed)."""
    current = crypto.current_key_id()
    total = lost = 0
    by_model = defaultdict(list)
    for declared in vault.encrypted_fields():
        by_model[declared.model].append(declared.field)
    for model, fields in by_model.items():
        names = [f.attname for f in fields]
        expr = _subject_expr(model)
        qs = model._base_manager.order_by("pk").only("pk", *names)
        if expr is not None:
            qs = qs.annotate(_subject_uuid=expr)
        count = 0
        last_pk = None
        while True:
            page = qs.filter(pk__gt=last_pk) if last_pk is not None else qs
            rows = list(page[:batch])
            if not rows:
                break
            last_pk = rows[-1].pk
            subject_ids = {getattr(r, "_subject_uuid", None) for r in rows} - {None}
            keystore.ensure_many(subject_ids)
            changed = []
            for row in rows:
                subject = getattr(row, "_subject_uuid", None)
                dirty = False
                for name in names:
                    sealed = getattr(row, name)
                    if not sealed or not _wanted(sealed.token, subject, current):
                        continue
                    try:
                        plain = sealed.unseal_for_system()
                    except keystore.KeyErased:
                        lost += 1
                        continue
                    setattr(row, name, Sealed(crypto.encrypt_text(plain, subject=subject)))
                    dirty = True
                if dirty:
                    changed.append(row)
            if changed:
                with transaction.atomic():
                    model._base_manager.bulk_update(changed, names)
                count += len(changed)
        if count:
            write(f"{model._meta.label}: {count} rows re-encrypted")
        total += count
    return total, lost


def reseal_files(
    *, batch: int = 2000, write: Callable[[str], None] = print, warn: Callable[[str], None] = print
) -> tuple[int, int]:
    """Every private file the registry knows; returns (re-encrypted, problems).

    A missing or undecryptable file is reported by its record's id (never its content)
    and the others go on."""
    current = crypto.current_key_id()
    count = problems = 0
    for declared in vault.private_file_fields():
        model, field = declared.model, declared.field
        qs = (
            model._base_manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .only("pk", field.aad_key, field.attname)
            .order_by("pk")
        )
        expr = _subject_expr(model)
        if expr is not None:
            qs = qs.annotate(_subject_uuid=expr)
        done = 0
        for obj in qs.iterator(chunk_size=batch):
            ident = getattr(obj, field.aad_key)
            subject = getattr(obj, "_subject_uuid", None)
            try:
                done += vault.reencrypt(obj, field.name, current, subject=subject)
            except FileNotFoundError:
                warn(f"missing file: {declared.label} of {ident}")
                problems += 1
            except keystore.KeyErased:
                continue  # an erased member's file nobody can open
            except crypto.DecryptionError:
                warn(f"file does not decrypt: {declared.label} of {ident}")
                problems += 1
        if done:
            write(f"{declared.label}: {done} files re-encrypted")
        count += done
    return count, problems
