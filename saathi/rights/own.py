"""Her own page (issue 13, item 7): sign-in by phone, a one-time SMS code and her PIN.

A member is not a staff ``User``: her session holds her member uuid under
:data:`SESSION_KEY` and reaches nothing but her own record. Signing in is refused to a
member under 18 (her guardian's consent applies, as in the registry), to an archived or
erased one, and on a phone marked as shared with the household or held by two members.
Every step answers the same whatever the phone, so the page tells nobody whether a number
is registered. SMS texts and page titles name nothing sensitive.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from saathi.core import audit, crypto, sms

from .models import MemberAccess, SignInCode

SESSION_KEY = "own_member"
PENDING_KEY = "own_pending"
CODE_MINUTES = 10
CODES_PER_HOUR = 3
CODE_ATTEMPTS = 5
PIN_ATTEMPTS = 5
LOCK_MINUTES = 30


def _code_hash(code_id: int, code: str) -> str:
    return hmac.new(
        crypto.hash_key("own-sign-in"), f"{code_id}|{code}".encode(), hashlib.sha256
    ).hexdigest()


def _member_for_phone(raw: str):
    from saathi.people.models import MemberPhone
    from saathi.people.services import normalise_phone, phone_hash

    digits = normalise_phone(raw)
    if len(digits) != 10:
        return None, ""
    phones = list(
        MemberPhone.objects.filter(number_hash=phone_hash(digits), shared=False)
        .select_related("member")
        .order_by("pk")[:2]
    )
    if len(phones) != 1:
        return None, digits
    member = phones[0].member
    if member.archived_at is not None or member.is_minor:
        return None, digits
    return member, digits


def send_code(raw_phone: str):
    """Send a code to her phone; returns the member (or None, told to nobody)."""
    member, digits = _member_for_phone(raw_phone)
    if member is None:
        return None
    since = timezone.now() - timedelta(hours=1)
    if SignInCode.objects.filter(member=member, created_at__gte=since).count() >= CODES_PER_HOUR:
        return member  # no more codes this hour; the page says the same as ever
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        row = SignInCode.objects.create(
            member=member,
            code_hash="",
            expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
        )
        row.code_hash = _code_hash(row.pk, code)
        row.save(update_fields=["code_hash"])
        with override(member.preferred_language):
            message = _("Saathi: your code is %(code)s. Do not share it.") % {"code": code}
        transaction.on_commit(lambda: sms.send(digits, message))
    return member


def verify(member, *, code: str, pin: str, pin_again: str = ""):
    """Check the code and her PIN (or set the PIN on her first sign-in); returns her."""
    now = timezone.now()
    access = MemberAccess.objects.filter(member=member).first()
    if access and access.locked_until and access.locked_until > now:
        raise ValidationError({"pin": _("Too many tries. Try again in half an hour.")})
    row = (
        SignInCode.objects.filter(member=member, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.attempts >= CODE_ATTEMPTS:
        raise ValidationError({"code": _("This code is not valid any more. Ask for a new one.")})
    if not hmac.compare_digest(_code_hash(row.pk, code.strip()), row.code_hash):
        SignInCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        raise ValidationError({"code": _("This code is not right.")})
    pin = pin.strip()
    if access is None:
        if not (pin.isdecimal() and 4 <= len(pin) <= 6):
            raise ValidationError({"pin": _("Choose a PIN of 4 to 6 digits.")})
        if pin != pin_again.strip():
            raise ValidationError({"pin_again": _("The two PINs are not the same.")})
        access = MemberAccess.objects.create(member=member, pin_hash=make_password(pin))
    elif not check_password(pin, access.pin_hash):
        access.failed += 1
        if access.failed >= PIN_ATTEMPTS:
            access.failed, access.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
        access.save(update_fields=["failed", "locked_until"])
        raise ValidationError({"pin": _("This PIN is not right.")})
    SignInCode.objects.filter(pk=row.pk).update(used_at=now)
    MemberAccess.objects.filter(pk=access.pk).update(failed=0, locked_until=None, last_sign_in=now)
    audit.record(
        audit.Action.LOGIN,
        username=f"member:{member.reference}",
        obj=member,
        organisation_id=member.organisation_id,
        member_id=member.pk,
        detail={"own_page": True},
    )
    return member


def withdraw_consent(member, consent_uuid) -> None:
    """She withdraws one of her own consents from her page."""
    from saathi.core.consent import consent_withdraw
    from saathi.core.models import Consent

    consent = Consent.objects.get(member=member, uuid=consent_uuid, withdrawn_at__isnull=True)
    consent_withdraw(consent=consent, reason="withdrawn by the member on her own page", actor=None)
