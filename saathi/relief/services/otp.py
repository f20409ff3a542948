"""Services: OTP."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, crypto
from saathi.core.policy import Cap

from .. import sms
from ..models import (
    Distribution,
    OtpChallenge,
)
from ..otp_limits import take_otp_send
from ._base import OTP_MAX_ATTEMPTS, OTP_TTL, require
from .distributions import DistributionInput, distribution_check, distribution_record


def _otp_hash(challenge_uuid, code: str) -> str:
    return hmac.new(
        crypto.hash_key("relief-otp"), f"{challenge_uuid}|{code}".encode(), hashlib.sha256
    ).hexdigest()


def otp_send(*, data: DistributionInput, actor) -> OtpChallenge:
    """Check the distribution, then send a 6-digit code to the member's phone."""
    data.ack_method = Distribution.Ack.OTP
    distribution_check(data, actor)
    phone = data.member.phones.order_by("id").first()
    if phone is None:
        raise ValidationError(
            {"ack_method": _("She has no phone number in her record: choose another way.")}
        )
    take_otp_send(member=data.member, actor=actor)  # per member and per user (§6)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        challenge = OtpChallenge(
            organisation_id=data.programme.organisation_id,
            programme=data.programme,
            member=data.member,
            payload=data.to_payload(),
            phone_last_digits=phone.last_digits,
            expires_at=timezone.now() + OTP_TTL,
            created_by=actor,
        )
        challenge.code_hash = _otp_hash(challenge.uuid, code)
        challenge.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=challenge,
            member_id=data.member.pk,
            detail={"sms": "otp"},
        )
        number = phone.number.unseal_for_system()
        message = _("Saathi: your code to confirm what you received is %(code)s.") % {"code": code}
        transaction.on_commit(lambda: sms.send(number, message))
    return challenge


def otp_verify(*, challenge: OtpChallenge, code: str, actor) -> Distribution:
    """Check the code (10 minutes, 5 attempts); record the distribution it confirms."""
    require(
        actor,
        Cap.RECORD_DISTRIBUTIONS,
        challenge.member.organisation_id,
        challenge.member.collective_ids(),
    )
    if challenge.used_at is not None:
        raise ValidationError({"code": _("This code was already used.")})
    if timezone.now() > challenge.expires_at:
        raise ValidationError({"code": _("The code has expired. Send a new one.")})
    # each try is claimed in the database first: guesses sent at the same moment cannot
    # get past the limit together
    tried = OtpChallenge.objects.filter(pk=challenge.pk, attempts__lt=OTP_MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if not tried:
        raise ValidationError({"code": _("Too many wrong codes. Send a new one.")})
    challenge.refresh_from_db(fields=["attempts"])
    code = "".join(str(int(ch)) for ch in (code or "") if ch.isdecimal())
    if not hmac.compare_digest(_otp_hash(challenge.uuid, code), challenge.code_hash):
        left = max(0, OTP_MAX_ATTEMPTS - challenge.attempts)
        raise ValidationError(
            {"code": _("This code is not right. %(n)s tries left.") % {"n": left}}
        )
    with transaction.atomic():
        claimed = OtpChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:
            raise ValidationError({"code": _("This code was already used.")})
        dist = distribution_record(
            data=DistributionInput.from_payload(challenge), actor=actor, otp=challenge
        )
        OtpChallenge.objects.filter(pk=challenge.pk).update(distribution=dist)
    return dist
