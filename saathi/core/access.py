"""Helpers shared by every app's ``access.py``."""

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
