"""``visible_to(user, cap)`` for the two scoping shapes, once.

* :class:`OrganisationScopedQuerySet`: records of an organisation, and (optionally) of
  one of its collectives.
* :class:`MemberScopedQuerySet`: records that belong to a member: those of the
  organisations where the user holds the capability, and those of the current members
  of the collectives where she holds it.

An app's queryset inherits one of them and sets ``default_cap`` (and the knobs below);
``visible_to`` is then the only way its pages, API, exports and reports reach records.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

from . import policy


class OrganisationScopedQuerySet(models.QuerySet):
    """Records carrying ``organisation_id`` (and ``collective_id`` when
    ``collective_field`` is set)."""

    default_cap: ClassVar[str | None] = None
    # the record's collective; a grant on that collective reaches the record
    collective_field: ClassVar[str | None] = "collective_id"
    # a grant on a collective also reaches its organisation's records: all of them
    # ("all"), those without a collective ("unassigned"), or none (None)
    collective_reaches_organisation: ClassVar[str | None] = None

    def visible_to(self, user, cap: str | None = None):
        scope = policy.scope_for(user, cap or self.default_cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations)
        if scope.collectives:
            if self.collective_field:
                q |= Q(**{f"{self.collective_field}__in": scope.collectives})
            reach = self.collective_reaches_organisation
            if reach == "all":
                q |= Q(organisation_id__in=scope.collective_organisations)
            elif reach == "unassigned":
                field = (self.collective_field or "collective_id").removesuffix("_id")
                q |= Q(
                    **{f"{field}__isnull": True},
                    organisation_id__in=scope.collective_organisations,
                )
        return self.filter(q)


class MemberScopedQuerySet(models.QuerySet):
    """Records that belong to a member (``member_field``; ``"pk"`` for members themselves).

    Two SQL shapes reach the members of a collective, and each is the fast one for its
    pages (measured in bench/):

    * ``"in"``: ``member IN (members of these collectives)``: the database starts from
      the membership index instead of probing it once per row of the whole table.
    * ``"exists"``: ``organisation = the collective's AND EXISTS(her membership)``: lists
      walk their (organisation, order) indexes and probe the membership index row by row,
      stopping at the page's 50 rows, instead of collecting the records of every member
      of the collective first (bench/entitlements.py measures both shapes).
    * ``"organisation_in"``: both: ``organisation = the collective's AND member IN
      (members of these collectives)``. The list of members is built once, and a list
      walks its (organisation, order, member) index checking each row against it from
      the index alone; a count reads a (member, organisation) index once per member.
      Neither probes the membership index once per row (bench/README.md, "Livelihoods").
    """

    default_cap: ClassVar[str | None] = None
    member_field: ClassVar[str] = "member_id"
    membership_shape: ClassVar[str] = "in"

    def visible_to(self, user, cap: str | None = None):
        scope = policy.scope_for(user, cap or self.default_cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations) if scope.organisations else Q(pk__in=[])
        if scope.collectives:
            q |= self._collective_members_q(scope)
        return self.filter(q)

    def _collective_members_q(self, scope: policy.Scope) -> Q:
        from saathi.people.models import Membership

        current = Membership.objects.filter(
            collective_id__in=scope.collectives, left_on__isnull=True
        )
        if self.membership_shape == "exists":
            return Q(organisation_id__in=scope.collective_organisations) & Q(
                Exists(current.filter(member_id=OuterRef(self.member_field)))
            )
        if self.membership_shape == "organisation_in":
            return Q(organisation_id__in=scope.collective_organisations) & Q(
                **{f"{self.member_field}__in": current.values("member_id")}
            )
        return Q(**{f"{self.member_field}__in": current.values("member_id")})
