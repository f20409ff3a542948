"""Text messages: moved to :mod:`saathi.core.sms` (relief and the agenda's reminders use
it). This name stays so that ``SAATHI_SMS_BACKEND=saathi.relief.sms.LogBackend`` and
gateways written against it keep working."""

from saathi.core.sms import (  # noqa: F401
    DEFAULT_BACKEND,
    BaseBackend,
    LogBackend,
    backend,
    deliver,
    logger,
    send,
)
