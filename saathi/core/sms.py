"""Text messages through a pluggable backend: ``SAATHI_SMS_BACKEND`` names a class.

Used by relief (OTP acknowledgements) and the agenda's reminders.

A backend is a small class with ``send(phone: str, message: str) -> None``. The default,
:class:`LogBackend`, writes the message to the ``saathi.sms`` logger with the phone
number masked (only its last two digits), for demos and tests; a production gateway
(MSG91, Gupshup, Twilio…) is another class with the same method, configured by name.
A backend never logs a whole phone number.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from saathi.core.confidential import mask

DEFAULT_BACKEND = "saathi.core.sms.LogBackend"
logger = logging.getLogger("saathi.sms")


class BaseBackend:
    def send(self, phone: str, message: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogBackend(BaseBackend):
    """Writes the message to the ``saathi.sms`` log, to a masked phone number."""

    def send(self, phone: str, message: str) -> None:
        logger.warning("SMS to %s: %s", mask(phone), message)


def backend() -> BaseBackend:
    path = getattr(settings, "SAATHI_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()


def send(phone: str, message: str) -> None:
    """Send one message; a failing gateway is logged (without the number), not raised."""
    try:
        deliver(phone, message)
    except Exception as exc:  # noqa: BLE001 - a gateway error must not break the page
        logger.error("SMS could not be sent: %s", type(exc).__name__)


def deliver(phone: str, message: str) -> None:
    """Send one message and let a gateway error through (for callers that retry)."""
    backend().send(phone, message)
