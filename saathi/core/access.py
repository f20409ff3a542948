"""Helpers shared by every app's ``access.py``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import audit


def get_or_404(queryset, user, *, object_type: str, **lookup):
    """One object from an already-scoped queryset; 404 and an audit row when it isn't there.

    "Missing" and "not yours" answer the same, so ids can't be probed.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None:
        audit.record(
            audit.Action.DENIED,
            actor=user,
            object_type=object_type,
            object_id=str(next(iter(lookup.values()), ""))[:64],
            organisation_id=getattr(user, "organisation_id", None),
        )
        raise Http404
    return obj


def require_cap(user, cap: str) -> None:
    """403 unless the user holds ``cap`` somewhere (pages and API routes check this first;
    the records themselves are then reached through ``visible_to``)."""
    from .policy import has_cap

    if not has_cap(user, cap):
        raise PermissionDenied


def require_cap_for(user, cap: str, organisation_id: int, collective_ids=()) -> None:
    """Services' check on the record itself: refused attempts are audited, then 403."""
    from .policy import has_cap_for

    if not has_cap_for(user, cap, organisation_id, collective_ids):
        audit.record(
            audit.Action.DENIED,
            actor=user,
            organisation_id=organisation_id,
            detail={"capability": cap},
        )
        raise PermissionDenied
