"""``visible_to(user)``: lists, runs, beneficiaries and pairs a user may reach.

Everything here needs the ``link_lists`` capability. A grant on an organisation reaches
all of its lists; a grant on a collective reaches the lists of that collective, the runs
over those lists only, and a pair only when BOTH of its records are within reach (a list
of one of her collectives, or a registry member of one of them).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from saathi.core import policy
from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet


def _scope(user, cap):
    return policy.scope_for(user, cap)


class ListQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.LINK_LISTS


class RunQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.LINK_LISTS


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.LINK_LISTS):
        from .models import SourceRecord

        scope = _scope(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations)
        if scope.collectives:
            # every record of hers is on a list of one of the user's collectives
            outside = SourceRecord.objects.filter(beneficiary_id=OuterRef("pk")).exclude(
                beneficiary_list__collective_id__in=scope.collectives
            )
            inside = SourceRecord.objects.filter(
                beneficiary_id=OuterRef("pk"),
                beneficiary_list__collective_id__in=scope.collectives,
            )
            q |= Exists(inside) & ~Exists(outside)
        return self.filter(q)


class PairQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.LINK_LISTS):
        scope = _scope(user, cap)
        if scope.empty:
            return self.none()
        q = Q(run__organisation_id__in=scope.organisations)
        if scope.collectives:
            from saathi.people.models import Membership

            colls = scope.collectives
            member_in = Membership.objects.filter(
                member_id=OuterRef("right_member_id"), collective_id__in=colls, left_on__isnull=True
            )
            q |= Q(left__beneficiary_list__collective_id__in=colls) & (
                Q(right__beneficiary_list__collective_id__in=colls)
                | (Q(right_member__isnull=False) & Exists(member_in))
            )
        return self.filter(q)
