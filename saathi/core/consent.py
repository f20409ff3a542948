"""Consent: the one service-level check that every module calls before using data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import Consent

CURRENT_NOTICE_VERSION = "2026-01"
Purpose = Consent.Purpose
Method = Consent.Method


# Sent inside the withdrawal's transaction, with ``consent`` and ``actor``: every module that
# acts on a consent (beneficiary lists not yet sent, media engagements not yet published)
# listens to it, so that a withdrawal takes effect everywhere at once (issue 13, item 8).
consent_withdrawn = Signal()


class ConsentMissing(ValidationError):
    """The member has not (or no longer) consented to this use of her data."""


def active_consents(member, purpose: str | None = None):
    qs = Consent.objects.filter(member=member, withdrawn_at__isnull=True)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs


def has_consent(member, purpose: str, partner: str = "") -> bool:
    qs = active_consents(member, purpose)
    if purpose == Purpose.PARTNER_SHARING:
        qs = qs.filter(partner_organisation__iexact=partner.strip())
    return qs.exists()


def require_consent(member, purpose: str, partner: str = "") -> None:
    """Raise :class:`ConsentMissing` unless the member's consent for ``purpose`` stands."""
    if not has_consent(member, purpose, partner):
        raise ConsentMissing(
            _("%(purpose)s: the member has not given consent for this, or has withdrawn it.")
            % {"purpose": Purpose(purpose).label},
            code="consent_missing",
        )


def validate_consent_input(
    *,
    purpose: str,
    method: str,
    witness_name: str,
    partner_organisation: str,
    minor: bool = False,
    guardian_name: str = "",
) -> dict[str, str]:
    """Field errors for a consent record; empty when it is valid."""
    errors: dict[str, str] = {}
    if minor and not guardian_name.strip():
        errors["guardian_name"] = _(
            "She is under 18: a parent or guardian must consent. Write their name."
        )
    if purpose not in Purpose.values:
        errors["purpose"] = _("Choose what the member is consenting to.")
    if method not in Method.values:
        errors["method"] = _("Choose how the member gave consent.")
    if method in (Method.READ_ALOUD, Method.THUMBPRINT) and not witness_name.strip():
        errors["witness_name"] = _(
            "A witness is required when the notice is read aloud or consent is given by thumbprint."
        )
    if purpose == Purpose.PARTNER_SHARING and not partner_organisation.strip():
        errors["partner_organisation"] = _("Name the partner organisation the data is shared with.")
    return errors


def consent_record(
    *,
    member,
    purpose: str,
    method: str,
    language: str,
    actor,
    witness_name: str = "",
    partner_organisation: str = "",
    guardian_name: str = "",
    notice_version: str = CURRENT_NOTICE_VERSION,
) -> Consent:
    errors = validate_consent_input(
        purpose=purpose,
        method=method,
        witness_name=witness_name,
        partner_organisation=partner_organisation,
        minor=member.is_minor,
        guardian_name=guardian_name,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            member=member,
            purpose=purpose,
            method=method,
            language=language,
            witness_name=witness_name.strip(),
            guardian_name=guardian_name.strip(),
            partner_organisation=partner_organisation.strip(),
            notice_version=notice_version,
            recorded_by=actor,
        )
        audit.record(
            audit.Action.CONSENT_GIVEN,
            actor=actor,
            obj=consent,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            detail={"purpose": purpose, "method": method, "notice": notice_version},
        )
    return consent


def consent_withdraw(*, consent: Consent, reason: str, actor) -> Consent:
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_reason = reason.strip()[:500]
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit.record(
            audit.Action.CONSENT_WITHDRAWN,
            actor=actor,
            obj=consent,
            organisation_id=consent.member.organisation_id,
            member_id=consent.member_id,
            detail={"purpose": consent.purpose},
        )
        # in the same transaction: the withdrawal and its effects land together or not at all
        consent_withdrawn.send(sender=Consent, consent=consent, actor=actor)
    return consent
