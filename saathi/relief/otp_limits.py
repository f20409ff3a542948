"""How often a relief confirmation code may be sent (issue 10 §6): a few per member in a
quarter of an hour, more per user in an hour, counted in the shared cache
(``saathi.core.limits``) so every server process sees the same count."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from saathi.core import limits


def take_otp_send(*, member, actor) -> None:
    """Count one code sent to ``member`` by ``actor``, or refuse (on ``ack_method``, with
    how long to wait) when either limit is reached. A refusal counts against neither."""
    by_member = limits.check(limits.OTP_PER_MEMBER, member.pk)
    if by_member:
        n = limits.OTP_PER_MEMBER.minutes(by_member)
        raise ValidationError(
            {
                "ack_method": ngettext(
                    "Several codes were sent to her phone just now. Wait %(n)s minute, or "
                    "choose another way to confirm.",
                    "Several codes were sent to her phone just now. Wait %(n)s minutes, or "
                    "choose another way to confirm.",
                    n,
                )
                % {"n": n}
            }
        )
    by_user = limits.check(limits.OTP_PER_USER, actor.pk)
    if by_user:
        n = limits.OTP_PER_USER.minutes(by_user)
        raise ValidationError(
            {
                "ack_method": ngettext(
                    "You have sent many codes in the last hour. Wait %(n)s minute, or choose "
                    "another way to confirm.",
                    "You have sent many codes in the last hour. Wait %(n)s minutes, or choose "
                    "another way to confirm.",
                    n,
                )
                % {"n": n}
            }
        )
    limits.take(limits.OTP_PER_MEMBER, member.pk)
    limits.take(limits.OTP_PER_USER, actor.pk)
