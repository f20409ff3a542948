"""``visible_to(user)``: the only way any page, API route, export or report reaches records."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from saathi.core import policy
from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pk__in=policy.scope_for(user).organisations_reached)


class CollectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = policy.scope_for(user)
        return self.filter(Q(organisation_id__in=scope.organisations) | Q(pk__in=scope.collectives))


class MemberQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_MEMBERS
    member_field = "pk"  # "id IN (members of these collectives)", see MemberScopedQuerySet

    def active(self):
        return self.filter(archived_at__isnull=True)


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_MEMBERS):
        """The memberships through which ``user`` sees members: those of the collectives
        where she holds ``cap``, and those of every member of the organisations where she
        holds it (a collective leader's member list is read from these)."""
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(collective_id__in=scope.collectives) if scope.collectives else Q(pk__in=[])
        if scope.organisations:
            q |= Q(member__organisation_id__in=scope.organisations)
        return self.filter(q)


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Member

        members = Member.objects.visible_to(user)
        scope = policy.scope_for(user, Cap.VIEW_MEMBERS)
        return self.filter(
            Q(organisation_id__in=scope.organisations)
            | Exists(members.filter(household_id=OuterRef("pk")))
        )


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Member

        members = Member.objects.visible_to(user, Cap.VIEW_DOCUMENTS)
        # EXISTS on her primary key: one probe per document. "member_id IN (visible
        # members)" made SQLite list every visible member (80,000) to show four documents.
        return self.filter(Exists(members.filter(pk=OuterRef("member_id"))))
