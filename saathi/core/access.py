"""The one fetch behind every app's ``access_<entity>``, and the capability checks.

Every ``access_<entity>`` has the same signature, ``access_x(user, uuid, cap=None)``, and
is one call of :func:`fetch`:

* the record is looked up in the app's scoped queryset (``visible_to``): "missing" and
  "not yours" answer 404 alike, so ids cannot be probed;
* with ``cap``, the user must hold that capability on the record itself (its
  organisation, or one of its collectives): otherwise 403;
* both refusals are written to the audit chain as ``denied``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from . import audit, policy

M = TypeVar("M", bound=Model)

Reach = Callable[[Any], tuple[int, Iterable[int]]]


def deny(user, *, object_type: str, object_id: str = "", organisation_id=None, cap=None) -> None:
    """Write the ``denied`` audit row for a refused look-up or capability."""
    audit.record(
        audit.Action.DENIED,
        actor=user,
        object_type=object_type,
        object_id=str(object_id)[:64],
        organisation_id=organisation_id or getattr(user, "organisation_id", None),
        detail={"capability": cap} if cap else None,
    )


def reach_of(obj) -> tuple[int, Iterable[int]]:
    """The organisation and collectives a record sits in, for the capability check.

    A model says it with ``scope_reach()``; otherwise its own ``collective_id``, or the
    collectives of its ``member``, or the organisation alone."""
    if hasattr(obj, "scope_reach"):
        return obj.scope_reach()
    if getattr(obj, "collective_id", None):
        return obj.organisation_id, [obj.collective_id]
    if getattr(obj, "member_id", None) and hasattr(obj, "member"):
        return obj.organisation_id, obj.member.collective_ids()
    return obj.organisation_id, ()


def fetch(
    queryset: QuerySet[M],
    user,
    uuid,
    *,
    cap: str | None = None,
    key: str = "uuid",
    reach: Reach = reach_of,
) -> M:
    """One record from an already-scoped queryset, for ``access_<entity>(user, uuid, cap)``.

    404 (audited) when it is missing or out of scope; 403 (audited) when ``cap`` is asked
    for and the user does not hold it on the record."""
    object_type = queryset.model._meta.label_lower
    try:
        obj = queryset.filter(**{key: uuid}).first()
    except (ValidationError, ValueError):  # not a well-formed id: the same as missing
        obj = None
    if obj is None:
        deny(user, object_type=object_type, object_id=uuid)
        raise Http404
    if cap is not None:
        organisation_id, collective_ids = reach(obj)
        if not policy.has_cap_for(
            user, cap, organisation_id, collective_ids, object_type=object_type
        ):
            deny(
                user,
                object_type=object_type,
                object_id=uuid,
                organisation_id=organisation_id,
                cap=cap,
            )
            raise PermissionDenied
    return obj


def get_or_404(queryset, user, *, object_type: str = "", **lookup):
    """One object from an already-scoped queryset by any look-up; 404 and an audit row
    when it isn't there (for look-ups that are not by uuid, e.g. a member's reference)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        deny(
            user,
            object_type=object_type or queryset.model._meta.label_lower,
            object_id=str(next(iter(lookup.values()), "")),
        )
        raise Http404
    return obj


def require_cap(user, cap: str) -> None:
    """403 unless the user holds ``cap`` somewhere (pages and API routes check this first;
    the records themselves are then reached through ``visible_to``)."""
    if not policy.has_cap(user, cap):
        raise PermissionDenied


def require_cap_for(user, cap: str, organisation_id: int, collective_ids=()) -> None:
    """Services' check on the record itself: refused attempts are audited, then 403."""
    if not policy.has_cap_for(user, cap, organisation_id, collective_ids):
        audit.record(
            audit.Action.DENIED,
            actor=user,
            organisation_id=organisation_id,
            detail={"capability": cap},
        )
        raise PermissionDenied
