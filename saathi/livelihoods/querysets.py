"""``visible_to(user, cap)``: the only way pages, API and other modules reach livelihoods
records."""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet


class SupportQuerySet(MemberScopedQuerySet):
    """A member's supports; a leader reaches those of her collective's current members.

    ``"organisation_in"``: her collective's current members are listed once; the list
    walks its (organisation, date, id, member) index and checks each row against that
    list from the index alone, and her count reads the (member, organisation) index
    once per member. With ``"exists"`` each of the organisation's 250,000 supports
    probed the membership index: 150 ms for her count on SQLite, 200 ms more for a
    deep page (bench/README.md, "Livelihoods")."""

    default_cap = Cap.VIEW_LIVELIHOODS
    membership_shape = "organisation_in"

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
