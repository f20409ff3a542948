"""``visible_to(user)``: the only way pages reach members' requests."""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet


class RightsRequestQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_RIGHTS

    def open(self):
        return self.filter(status="received")


class BreachQuerySet(OrganisationScopedQuerySet):
    """The breach register of an organisation: scoped to its staff who see members'
    rights; pages then ask for ``approve_erasure`` (organisation admins) on each one."""

    default_cap = Cap.VIEW_RIGHTS
    collective_field = None


class ProcessorQuerySet(BreachQuerySet):
    """The processor register of an organisation, scoped like the breach register."""

    def active(self):
        return self.filter(active=True)
