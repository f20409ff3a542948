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


class GroupSessionQuerySet(OrganisationScopedQuerySet):
    """Sessions of the organisation's collectives; a leader reaches her collective's only."""

    default_cap = Cap.VIEW_SESSIONS


class DecisionQuerySet(GroupSessionQuerySet):
    pass


class ActionItemQuerySet(GroupSessionQuerySet):
    def open(self):
        return self.filter(status="open")


class ClaimQuerySet(OrganisationScopedQuerySet):
    """Claims of the organisation's collectives; a leader reaches her collective's only."""

    default_cap = Cap.VIEW_CLAIMS

    def open(self):
        from .models import OPEN_CLAIM_STATUSES

        return self.filter(status__in=OPEN_CLAIM_STATUSES)


class OfficeBearerQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_SESSIONS

    def current(self):
        return self.filter(term_to__isnull=True)


class TrainingQuerySet(OrganisationScopedQuerySet):
    """Training series: those of the organisation; a leader reaches her collective's only
    (a series of the organisation lists members of several collectives)."""

    default_cap = Cap.VIEW_SESSIONS


class TrainingSessionQuerySet(TrainingQuerySet):
    """Sessions and participants of a training carry its organisation and collective."""
