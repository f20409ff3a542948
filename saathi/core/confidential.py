"""The only way to read an encrypted field's plaintext for a person: checked and audited.

A page reveals confidential fields only on a POST that gives a reason
(:class:`RevealReason`, with a text for "other"; :class:`saathi.core.forms.RevealForm`);
the reason goes into the audit row, which is written even when every field is empty, and
the member's "who accessed this record" page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import audit, policy
from .fields import EncryptedTextField, Sealed


class RevealReason(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    LEGAL_CASE = "legal_case", _("Legal case")
    MEMBER_REQUEST = "member_request", _("The member's own request")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class Reason:
    """Why confidential data is opened: a :class:`RevealReason` code, and a text for "other"."""

    code: str
    text: str = ""

    def detail(self) -> dict:
        return {"reason": self.code, "reason_text": self.text[:200]} if self.code else {}


def reason_label(detail: dict) -> str:
    """The reason of an audit row, in the reader's language ("" when there is none)."""
    code = (detail or {}).get("reason", "")
    if not code:
        return ""
    label = str(RevealReason(code).label) if code in RevealReason.values else code
    text = (detail or {}).get("reason_text", "")
    return f"{label}: {text}" if text else label


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
    user,
    obj,
    field_names: list[str],
    also_read=(),
    reason: Reason | None = None,
    cap: str | None = None,
) -> dict[str, str]:
    """Decrypt ``field_names`` of ``obj`` for ``user``; audit the read or the refusal.

    ``also_read`` names other personal data shown with these fields on the same page
    (the phones, on a profile): one audit row then covers them all. A read of
    confidential fields is audited whether or not they hold anything, with ``reason``
    (why she opened them); a read of personal fields only when something was shown.
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
            detail=reason.detail() if reason else None,
        )
        raise PermissionDenied
    values = {}
    for f in fields:
        value = getattr(obj, f.attname)
        values[f.name] = value.unseal_for_system() if isinstance(value, Sealed) else str(value)
    non_empty = [n for n, v in values.items() if v] + list(also_read)
    if confidential or non_empty:
        audit.record(
            audit.Action.VIEW_CONFIDENTIAL if confidential else audit.Action.VIEW_PERSONAL,
            actor=user,
            obj=obj,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            # the fields that held something; all those asked for when every one was empty
            # (that they are empty is what she learnt)
            fields=non_empty or field_names,
            detail=reason.detail() if reason else None,
        )
    return values


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 2) + value[-keep:]
