"""``visible_to(user, cap)``: the only way pages, API and feeds reach entitlement records."""

from django.db import models
from django.db.models import Q

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet, OrganisationScopedQuerySet
from saathi.core.scope import organisation_ids


class SchemeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(replaced_at__isnull=True)

    def catalogue_for(self, organisation_ids):
        """Current schemes for these organisations: their own, and the shipped ones they
        have not replaced with their own version."""
        orgs = list(organisation_ids)
        own = self.model.objects.current().filter(organisation_id__in=orgs)
        return self.current().filter(
            Q(organisation_id__in=orgs)
            | (Q(organisation__isnull=True) & ~Q(code__in=own.values("code")))
        )

    def visible_to(self, user, cap: str = Cap.VIEW_APPLICATIONS):
        """Every version (current or not) a user may open: shipped and her organisations'."""
        orgs = organisation_ids(user, cap)
        if not orgs:
            return self.none()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id__in=orgs))


class ApplicationQuerySet(MemberScopedQuerySet):
    """Records of the organisations where ``user`` holds ``cap``, and records of the
    current members of the collectives where she holds it.

    The collective part is "organisation = the collective's AND EXISTS(her membership)"
    (``membership_shape = "exists"``): the lists and the agenda walk their (organisation,
    order) indexes and stop at the page's 50 rows (bench/entitlements.py measures both)."""

    default_cap = Cap.VIEW_APPLICATIONS
    membership_shape = "exists"


class CorrespondenceQuerySet(ApplicationQuerySet):
    pass


class DriveQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_APPLICATIONS
