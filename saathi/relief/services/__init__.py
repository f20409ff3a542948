"""Writes for relief: atomic, capability-checked, audited; never logging names or phones.

The double-distribution rule (ADR 0009): a household gets an item of a programme at most
once within the programme's ``interval_days`` unless a reason is written. It is checked
here, after locking the item's row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers), so two requests at the same moment cannot
both pass it. The bulk import takes the same locks and applies the same rule.

A package split at its sections; every name is re-exported here, so callers import
``from saathi.<app> import services`` as before."""

from ._base import (  # noqa: F401
    CENT,
    OTP_MAX_ATTEMPTS,
    OTP_TTL,
    RECEIPT_TYPES,
    logger,
    require,
)
from .bulk_import import (  # noqa: F401
    IMPORT_COLUMNS,
    ImportResult,
    _import_batch,
    _parse_date,
    distributions_import,
)
from .distributions import (  # noqa: F401
    DistributionInput,
    _clean_distribution,
    _recent,
    _repeat_error,
    distribution_cancel,
    distribution_check,
    distribution_record,
    recipient_key,
)
from .lists import (  # noqa: F401
    consented_to,
    list_build,
    list_record_response,
    list_submit,
    members_for_list,
)
from .otp import (  # noqa: F401
    _otp_hash,
    otp_send,
    otp_verify,
)
from .programmes import (  # noqa: F401
    PROGRAMME_FIELDS,
    item_add,
    programme_save,
)
