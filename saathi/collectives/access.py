"""The only way a view gets one collectives record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core.access import fetch

from .models import DutyBearer


def access_duty_bearer(user, uuid, cap: str | None = None) -> DutyBearer:
    """An entry of the directory of duty bearers (other modules use this one too)."""
    return fetch(DutyBearer.objects.visible_to(user), user, uuid, cap=cap)
