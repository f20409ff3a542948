"""``visible_to(user, cap)`` for fundraising records, built on ``policy.scope_for``.

Campaigns belong to an organisation: a grant on the organisation reaches all of them, a
grant on one of its collectives (a leader) reaches them too. Ledger rows follow their
campaign, and are never updated or deleted in bulk either."""

from django.db import models

from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet


class CampaignQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_RELIEF
    collective_field = None
    collective_reaches_organisation = "all"


class LedgerQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        from .models import Campaign

        return self.filter(campaign__in=Campaign.objects.visible_to(user, cap))

    def update(self, **kwargs):
        raise PermissionError("Ledger entries are never changed; record a reversal.")

    def delete(self):
        raise PermissionError("Ledger entries are never deleted; record a reversal.")
