"""The append-only, hash-chained audit log.

Each row's ``hash`` is an HMAC (key derived from SAATHI_HASH_KEY) over the previous row's
hash and the row's own fields, so altering, removing or inserting a row breaks the chain,
and someone with write access to the database but not the key cannot re-forge it.
``manage.py audit_verify`` walks the chain. Never put personal data in ``detail``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import crypto
from .models import AuditChainHead, AuditEvent

Action = AuditEvent.Action


def _digest(prev_hash: str, e: AuditEvent) -> str:
    payload = json.dumps(
        [
            prev_hash,
            e.seq,
            e.at.isoformat(timespec="microseconds"),
            e.actor_id,
            e.actor_username,
            e.action,
            e.object_type,
            e.object_id,
            e.organisation_id,
            e.member_id,
            e.fields,
            e.detail,
        ],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
        default=str,
    )
    return hmac.new(crypto.hash_key("audit"), payload.encode(), hashlib.sha256).hexdigest()


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    organisation_id: int | None = None,
    member_id: int | None = None,
    fields=(),
    detail: dict | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction when there is one."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
        if organisation_id is None:
            organisation_id = getattr(obj, "organisation_id", None)
        if member_id is None:
            member_id = obj.pk if obj._meta.label_lower == "people.member" else None
            member_id = member_id or getattr(obj, "member_id", None)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_username = username or (getattr(actor, "username", "") if actor is not None else "")
    # The head row's lock orders concurrent writers (PostgreSQL: SELECT ... FOR UPDATE;
    # SQLite: BEGIN IMMEDIATE). Where a database still lets two writers read one head (an
    # in-memory SQLite shared by a test server's threads), the second insert breaks the
    # unique seq: it is retried on the head as it now stands, never answered with a 500.
    for attempt in range(_APPEND_ATTEMPTS):
        try:
            return _append(
                action,
                actor_id=actor_id,
                actor_username=actor_username,
                object_type=object_type,
                object_id=object_id,
                organisation_id=organisation_id,
                member_id=member_id,
                fields=fields,
                detail=detail,
            )
        except IntegrityError:
            if attempt == _APPEND_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


_APPEND_ATTEMPTS = 3


def _append(
    action,
    *,
    actor_id,
    actor_username,
    object_type,
    object_id,
    organisation_id,
    member_id,
    fields,
    detail,
) -> AuditEvent:
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.get_or_create(pk=1)
        at = timezone.now()
        event = AuditEvent(
            seq=head.seq + 1,
            at=at,
            actor_id=actor_id,
            actor_username=actor_username[:150],
            action=action,
            object_type=object_type[:64],
            object_id=str(object_id)[:64],
            organisation_id=organisation_id,
            member_id=member_id,
            fields=",".join(sorted(fields))[:500],
            detail=detail or {},
            prev_hash=head.hash,
        )
        event.hash = _digest(head.hash, event)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problems: list[str]


def verify(batch: int = 5000) -> VerifyResult:
    problems: list[str] = []
    prev_hash = "0" * 64
    expected_seq = 1
    checked = 0
    last_seq = 0
    qs = AuditEvent.objects.order_by("seq")
    for e in qs.iterator(chunk_size=batch):
        checked += 1
        if e.seq != expected_seq:
            problems.append(
                f"row seq={e.seq}: expected seq={expected_seq} (rows removed or inserted)"
            )
        if e.prev_hash != prev_hash:
            problems.append(f"row seq={e.seq}: link to the previous row is broken")
        if _digest(e.prev_hash, e) != e.hash:
            problems.append(f"row seq={e.seq}: content does not match its hash (altered)")
        prev_hash = e.hash
        expected_seq = e.seq + 1
        last_seq = e.seq
        if len(problems) > 100:
            problems.append("… more problems not listed")
            break
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and checked:
        # record() creates the head with the first row: rows without it were tampered with
        problems.append("chain head is missing (rows removed at the end cannot be ruled out)")
    if head is not None and (head.seq != last_seq or (checked and head.hash != prev_hash)):
        problems.append(
            f"chain head says seq={head.seq} but the last row is seq={last_seq} "
            "(rows removed at the end)"
        )
    return VerifyResult(ok=not problems, checked=checked, problems=problems)
