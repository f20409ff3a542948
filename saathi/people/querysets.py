"""``visible_to(user)``: the only way any page, API route, export or report reaches records."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from saathi.core import policy
from saathi.core.policy import Cap


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        ids = {g.organisation_id for g in policy.grants_of(user)}
        return self.filter(pk__in=ids)


class CollectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        grants = policy.grants_of(user)
        orgs = {g.organisation_id for g in grants if not g.collective_id}
        colls = {g.collective_id for g in grants if g.collective_id}
        return self.filter(Q(organisation_id__in=orgs) | Q(pk__in=colls))


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_MEMBERS):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        q = Q(organisation_id__in=scope.organisations) if scope.organisations else Q(pk__in=[])
        if scope.collectives:
            from .models import Membership

            # "id IN (members of these collectives)": the same rows as a correlated
            # EXISTS, but the database can start from the membership index instead of
            # probing it once per member of the whole table (SQLite cannot turn one
            # into the other by itself).
            q |= Q(
                pk__in=Membership.objects.filter(
                    collective_id__in=scope.collectives, left_on__isnull=True
                ).values("member_id")
            )
        return self.filter(q)

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
