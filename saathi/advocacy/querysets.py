"""``visible_to(user)``: the only way pages, API and other modules reach advocacy records."""

from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet


class OutletQuerySet(OrganisationScopedQuerySet):
    """The organisation's media contacts: a grant on one of its collectives reaches them
    all (``policy.COLLECTIVE_REACHES_ORGANISATION``), as the directory of duty bearers."""

    default_cap = Cap.VIEW_ADVOCACY
    collective_field = None
    collective_reaches_organisation = "all"

    def current(self):
        return self.filter(archived_at__isnull=True)


class JournalistQuerySet(OutletQuerySet):
    pass


class CampaignQuerySet(OrganisationScopedQuerySet):
    """Records of the organisation; a leader reaches her own collective's only."""

    default_cap = Cap.VIEW_ADVOCACY


class EngagementQuerySet(CampaignQuerySet):
    def unpublished(self):
        from .models import UNPUBLISHED

        return self.filter(status__in=UNPUBLISHED)


class ParticipantQuerySet(CampaignQuerySet):
    pass


class ActionQuerySet(CampaignQuerySet):
    pass


class FollowUpQuerySet(CampaignQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)


class OutcomeQuerySet(CampaignQuerySet):
    pass
