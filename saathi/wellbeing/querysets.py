"""``visible_to(user, cap)``: the only way pages, API, the agenda and the figures reach
wellbeing records. Every record belongs to a member (``MemberScopedQuerySet``)."""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet


class SessionQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_WELLBEING
    membership_shape = "exists"


class ScreeningQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_WELLBEING
    membership_shape = "exists"


class SafetyStepQuerySet(MemberScopedQuerySet):
    default_cap = Cap.RECORD_WELLBEING
    membership_shape = "exists"

    def open(self):
        return self.filter(followed_up_at__isnull=True)


class ReferralQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_WELLBEING
    membership_shape = "exists"


class IncidentQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_INCIDENTS
    membership_shape = "exists"


class HealthSupportQuerySet(MemberScopedQuerySet):
    # the kind of support says something about her health: social workers only
    default_cap = Cap.RECORD_WELLBEING
    membership_shape = "exists"


class FigureCountQuerySet(OrganisationScopedQuerySet):
    """Counts only: an organisation's, or (a grant on a collective) that collective's."""

    default_cap = Cap.VIEW_AGGREGATES
    collective_field = "collective_key"
