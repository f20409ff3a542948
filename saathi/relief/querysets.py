"""``visible_to(user, cap)`` for relief records, built on ``policy.scope_for``.

Programmes and campaigns belong to an organisation. A grant on the organisation reaches
all of them; a grant on a collective (a leader) reaches the programmes of that collective
and the organisation-wide ones of its organisation, and the campaigns of its
organisation. Distributions follow the member: a collective grant reaches the
distributions to members of that collective only.
"""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet


class ProgrammeQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_RELIEF
    collective_reaches_organisation = "unassigned"  # her collective's and the org-wide ones


class DistributionQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_RELIEF

    def standing(self):
        """Not cancelled: what the rule and the totals count."""
        return self.filter(cancelled_at__isnull=True)


class ListQuerySet(OrganisationScopedQuerySet):
    """Beneficiary lists: organisation-level grants only (they name many members)."""

    default_cap = Cap.VIEW_RELIEF
    collective_field = None
