"""Writes of the secretarial service: atomic, audited in the same transaction, no names logged.

A package split at its sections; every name is re-exported here, so callers import
``from saathi.<app> import services`` as before."""

from ._base import (  # noqa: F401
    DATA,
    DEFAULT_STALL_DAYS,
    FIRST_FOLLOW_UP_DAYS,
    _require,
    logger,
)
from .applications import (  # noqa: F401
    APPLICATION_EDIT_FIELDS,
    _due,
    _due_on,
    _member_ctx,
    _update_registry_document,
    application_move,
    application_start,
    application_update,
    open_application_for,
    stalled_since,
)
from .catalogue import (  # noqa: F401
    SCHEME_FIELDS,
    _as_date,
    _clean_scheme_input,
    _differs,
    _scheme_values,
    load_shipped_catalogue,
    scheme_save,
)
from .correspondence import (  # noqa: F401
    correspondence_add,
)
from .drives import (  # noqa: F401
    drive_create,
    drive_start_applications,
)
from .letters import (  # noqa: F401
    _PLACEHOLDER,
    PLACEHOLDERS,
    check_placeholders,
    letter_pdf,
    letter_template_for,
    letter_template_save,
)
