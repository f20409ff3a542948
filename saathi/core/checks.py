"""System checks: the keys are well formed before the first request needs them."""

import base64
import binascii

from django.conf import settings
from django.core.checks import Error, register

from . import crypto


@register()
def check_keys(app_configs, **kwargs):
    errors = []
    try:
        crypto._parse_keys(settings.SAATHI_ENCRYPTION_KEYS)
    except Exception as exc:
        errors.append(
            Error(
                f"SAATHI_ENCRYPTION_KEYS is not usable: {exc}",
                hint="Use 'id:base64key[,id:base64key]' with 32-byte keys.",
                id="saathi.E001",
            )
        )
    try:
        raw = base64.b64decode(settings.SAATHI_HASH_KEY, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) < 32:
        errors.append(
            Error(
                "SAATHI_HASH_KEY must be at least 32 random bytes, base64-encoded.",
                hint="A short key makes phone and Aadhaar hashes easy to guess.",
                id="saathi.E002",
            )
        )
    return errors
