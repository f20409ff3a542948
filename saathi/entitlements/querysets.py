"""``visible_to(user, cap)``: the only way pages, API and feeds reach entitlement records."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from saathi.core import policy
from saathi.core.policy import Cap


def _member_scope_q(user, cap: str, member_field: str = "member_id"):
    """Records of the organisations where ``user`` holds ``cap``, and of the members of
    the collectives where she holds it; ``None`` when she holds it nowhere."""
    scope = policy.scope_for(user, cap)
    if scope.empty:
        return None
    q = Q(organisation_id__in=scope.organisations) if scope.organisations else Q(pk__in=[])
    if scope.collectives:
        from saathi.people.models import Membership

        q |= Q(
            **{
                f"{member_field}__in": Membership.objects.filter(
                    collective_id__in=scope.collectives, left_on__isnull=True
                ).values("member_id")
            }
        )
    return q


def scope_organisations(user, cap: str = Cap.VIEW_APPLICATIONS) -> set[int]:
    """Organisations reached by ``user`` with ``cap``, including through her collectives."""
    orgs: set[int] = set()
    for g in policy.grants_of(user):
        if cap in policy.CAPABILITIES[g.role]:
            orgs.add(g.collective.organisation_id if g.collective_id else g.organisation_id)
    return orgs


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
        orgs = scope_organisations(user, cap)
        if not orgs:
            return self.none()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id__in=orgs))


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_APPLICATIONS):
        """Records of the organisations where ``user`` holds ``cap``, and records of the
        current members of the collectives where she holds it.

        The collective part is "organisation = the collective's AND EXISTS(her membership)":
        the organisation lets the lists and the agenda walk their (organisation, order)
        indexes and probe the membership index row by row, stopping at the page's 50 rows,
        instead of collecting the applications of every member of the collective first
        (bench/entitlements.py measures both shapes)."""
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations) if scope.organisations else Q(pk__in=[])
        if scope.collectives:
            from saathi.people.models import Collective, Membership

            orgs = {
                g.collective.organisation_id
                for g in policy.grants_of(user)
                if g.collective_id in scope.collectives
            } or set(
                Collective.objects.filter(pk__in=scope.collectives).values_list(
                    "organisation_id", flat=True
                )
            )
            q |= Q(organisation_id__in=orgs) & Exists(
                Membership.objects.filter(
                    member_id=OuterRef("member_id"),
                    collective_id__in=scope.collectives,
                    left_on__isnull=True,
                )
            )
        return self.filter(q)


class CorrespondenceQuerySet(ApplicationQuerySet):
    pass


class DriveQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_APPLICATIONS):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        return self.filter(
            Q(organisation_id__in=scope.organisations) | Q(collective_id__in=scope.collectives)
        )
