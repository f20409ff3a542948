"""The only way to read an encrypted field's plaintext for a person: checked and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from . import audit, policy
from .fields import EncryptedTextField, Sealed


def _member_scope(obj):
    member = obj if obj._meta.label_lower == "people.member" else obj.member
    return member, member.collective_ids()


def can_reveal(user, obj, confidential: bool, cap: str | None = None) -> bool:
    """``cap``: a module whose confidential data is narrower than the member's own (legal
    matters: advocates only) names the capability that reveals it instead."""
    member, collectives = _member_scope(obj)
    if cap is None:
        cap = policy.Cap.VIEW_CONFIDENTIAL if confidential else policy.Cap.VIEW_PERSONAL
    return policy.has_cap_for(user, cap, member.organisation_id, collectives)


def reveal(
    user, obj, field_names: list[str], also_read=(), cap: str | None = None
) -> dict[str, str]:
    """Decrypt ``field_names`` of ``obj`` for ``user``; audit the read or the refusal.

    ``also_read`` names other personal data shown with these fields on the same page
    (the phones, on a profile): one audit row then covers them all.
    """
    fields = [obj._meta.get_field(n) for n in field_names]
    plain = [f.name for f in fields if not isinstance(f, EncryptedTextField)]
    if plain:  # a programming error, refused even under ``python -O``
        raise TypeError(f"reveal() reads encrypted fields only, not {', '.join(plain)}")
    member, _ = _member_scope(obj)
    confidential = any(f.confidential for f in fields)
    if not can_reveal(user, obj, confidential, cap):
        audit.record(
            audit.Action.DENIED,
            actor=user,
            obj=obj,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            fields=field_names,
        )
        raise PermissionDenied
    values = {}
    for f in fields:
        value = getattr(obj, f.attname)
        values[f.name] = value.unseal_for_system() if isinstance(value, Sealed) else str(value)
    non_empty = [n for n, v in values.items() if v] + list(also_read)
    if non_empty:
        audit.record(
            audit.Action.VIEW_CONFIDENTIAL if confidential else audit.Action.VIEW_PERSONAL,
            actor=user,
            obj=obj,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            fields=non_empty,
        )
    return values


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 2) + value[-keep:]
