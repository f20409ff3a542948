"""``visible_to(user, cap)`` for relief records, built on ``policy.scope_for``.

Programmes and campaigns belong to an organisation. A grant on the organisation reaches
all of them; a grant on a collective (a leader) reaches the programmes of that collective
and the organisation-wide ones of its organisation, and the campaigns of its
organisation. Distributions follow the member: a collective grant reaches the
distributions to members of that collective only.
"""

from django.db import models
from django.db.models import Q

from saathi.core import policy
from saathi.core.policy import Cap


def _collective_orgs(collective_ids):
    from saathi.people.models import Collective

    return Collective.objects.filter(pk__in=collective_ids).values("organisation_id")


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations)
        if scope.collectives:
            q |= Q(collective_id__in=scope.collectives)
            q |= Q(
                collective__isnull=True,
                organisation_id__in=_collective_orgs(scope.collectives),
            )
        return self.filter(q)


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations)
        if scope.collectives:
            q |= Q(organisation_id__in=_collective_orgs(scope.collectives))
        return self.filter(q)


class DistributionQuerySet(models.QuerySet):
    def standing(self):
        """Not cancelled: what the rule and the totals count."""
        return self.filter(cancelled_at__isnull=True)

    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations)
        if scope.collectives:
            from saathi.people.models import Membership

            q |= Q(
                member_id__in=Membership.objects.filter(
                    collective_id__in=scope.collectives, left_on__isnull=True
                ).values("member_id")
            )
        return self.filter(q)


class ListQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        """Beneficiary lists: organisation-level grants only (they name many members)."""
        scope = policy.scope_for(user, cap)
        return self.filter(organisation_id__in=scope.organisations)


class LedgerQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        from .models import Campaign

        return self.filter(campaign__in=Campaign.objects.visible_to(user, cap))

    def update(self, **kwargs):
        raise PermissionError("Ledger entries are never changed; record a reversal.")

    def delete(self):
        raise PermissionError("Ledger entries are never deleted; record a reversal.")
