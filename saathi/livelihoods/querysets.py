"""``visible_to(user, cap)``: the only way pages, API and other modules reach livelihoods
records."""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet


class SupportQuerySet(MemberScopedQuerySet):
    """A member's supports; a leader reaches those of her collective's current members.
    The list walks its (organisation, date) index and probes memberships ("exists")."""

    default_cap = Cap.VIEW_LIVELIHOODS
    membership_shape = "exists"

    def loans(self):
        return self.filter(kind="loan")


class FollowUpQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_LIVELIHOODS

    def open(self):
        return self.filter(done_on__isnull=True)


class DebtQuerySet(MemberScopedQuerySet):
    """Informal debts: social workers and facilitators only (``view_debts``)."""

    default_cap = Cap.VIEW_DEBTS

    def at_risk(self):
        return self.filter(risk=True, cleared_on__isnull=True)


class DeviceQuerySet(OrganisationScopedQuerySet):
    """Devices of the organisation; a leader reaches those of her collective."""

    default_cap = Cap.VIEW_LIVELIHOODS


class HealthDriveQuerySet(OrganisationScopedQuerySet):
    """Drives of the organisation; a leader reaches her collective's and those that run
    across the whole organisation."""

    default_cap = Cap.VIEW_LIVELIHOODS
    collective_reaches_organisation = "unassigned"


class HealthStepQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_LIVELIHOODS
