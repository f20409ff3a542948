"""What the sections of the relief services share: the capability check and limits."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from saathi.core import audit, policy
from saathi.core.files import IMAGE_OR_PDF_TYPES

logger = logging.getLogger(__name__)

RECEIPT_TYPES = IMAGE_OR_PDF_TYPES
OTP_TTL = timedelta(minutes=10)
OTP_MAX_ATTEMPTS = 5
CENT = Decimal("0.01")


def require(user, cap: str, organisation_id: int, collective_ids=()) -> None:
    if not policy.has_cap_for(user, cap, organisation_id, collective_ids):
        audit.record(
            audit.Action.DENIED,
            actor=user,
            organisation_id=organisation_id,
            detail={"capability": cap},
        )
        raise PermissionDenied
