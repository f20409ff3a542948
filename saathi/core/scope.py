"""Scope helpers: which organisations and collectives a user reaches with a capability.

The one place that turns ``policy.scope_for`` into querysets of organisations and
collectives, for pickers, catalogues and the ``visible_to`` mixins of ``core.querysets``.
"""

from __future__ import annotations

from django.db.models import Q

from .policy import Scope, has_cap_for, scope_for

__all__ = [
    "Scope",
    "collectives_with",
    "has_cap_for",
    "organisation_ids",
    "organisations_with",
    "scope_for",
]


def organisation_ids(user, cap: str | None = None, *, through_collectives=True) -> frozenset[int]:
    """Ids of the organisations where ``user`` holds ``cap`` (any grant: None); with
    ``through_collectives``, also those reached by a grant on one of their collectives."""
    scope = scope_for(user, cap)
    return scope.organisations_reached if through_collectives else scope.organisations


def organisations_with(user, cap: str | None = None, *, through_collectives=False):
    """The organisations (a queryset, by name) where ``user`` holds ``cap``: on the whole
    organisation, or with ``through_collectives`` on one of its collectives too."""
    from saathi.people.models import Organisation

    ids = organisation_ids(user, cap, through_collectives=through_collectives)
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


def collectives_with(user, cap: str | None = None, *, organisation_id: int | None = None):
    """The collectives (a queryset, by name) where ``user`` holds ``cap``: every collective
    of an organisation where she holds it, and the collectives granted to her."""
    from saathi.people.models import Collective

    scope = scope_for(user, cap)
    qs = Collective.objects.filter(
        Q(organisation_id__in=scope.organisations) | Q(pk__in=scope.collectives)
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("name", "pk")
