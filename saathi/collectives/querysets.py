"""``visible_to(user, cap)``: the only way pages, API and other modules reach collectives records."""

from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet


class DutyBearerQuerySet(OrganisationScopedQuerySet):
    """The organisation's directory of offices and officials. A grant on one of its
    collectives reaches the whole directory: a leader writes to the same Collector."""

    default_cap = Cap.VIEW_DUTY_BEARERS
    collective_field = None
    collective_reaches_organisation = "all"

    def current(self):
        return self.filter(archived_at__isnull=True)
