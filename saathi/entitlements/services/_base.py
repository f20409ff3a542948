"""What the sections of the entitlements services share: paths, delays, the capability check."""

from __future__ import annotations

import logging
from pathlib import Path

from saathi.core.access import require_cap_for

logger = logging.getLogger(__name__)
DATA = Path(__file__).parent.parent / "data"  # saathi/entitlements/data
DEFAULT_STALL_DAYS = 30  # when a scheme states no typical timeline (see ADR 0008)
FIRST_FOLLOW_UP_DAYS = 14  # a follow-up is due this long after submission unless set


_require = require_cap_for
