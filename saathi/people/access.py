"""The only way a view gets one people record: scoped, 404 for "missing" and "not yours"."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from saathi.core import policy
from saathi.core.access import get_or_404
from saathi.core.policy import Cap

from .models import Collective, Household, IdentityDocument, Member, Organisation


def access_member(user, uuid, write: bool = False) -> Member:
    member = get_or_404(
        Member.objects.visible_to(user).select_related(
            "organisation", "household__head", "primary_collective"
        ),
        user,
        object_type="people.member",
        uuid=uuid,
    )
    if write and not policy.has_cap_for(
        user, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids()
    ):
        raise PermissionDenied
    return member


def access_document(user, uuid, write: bool = False) -> IdentityDocument:
    doc = get_or_404(
        IdentityDocument.objects.visible_to(user).select_related("member"),
        user,
        object_type="people.identitydocument",
        uuid=uuid,
    )
    if write and not policy.has_cap_for(
        user, Cap.EDIT_DOCUMENTS, doc.member.organisation_id, doc.member.collective_ids()
    ):
        raise PermissionDenied
    return doc


def access_household(user, uuid, write: bool = False) -> Household:
    household = get_or_404(
        Household.objects.visible_to(user),
        user,
        object_type="people.household",
        uuid=uuid,
    )
    if write and not policy.has_cap_for(user, Cap.EDIT_MEMBERS, household.organisation_id):
        raise PermissionDenied
    return household


def access_collective(user, uuid, write: bool = False) -> Collective:
    collective = get_or_404(
        Collective.objects.visible_to(user).select_related("organisation"),
        user,
        object_type="people.collective",
        uuid=uuid,
    )
    if write and not policy.has_cap_for(user, Cap.MANAGE_REGISTRY, collective.organisation_id):
        raise PermissionDenied
    return collective


def access_organisation(user, uuid, write: bool = False) -> Organisation:
    org = get_or_404(
        Organisation.objects.visible_to(user),
        user,
        object_type="people.organisation",
        uuid=uuid,
    )
    if write and not policy.has_cap_for(user, Cap.MANAGE_REGISTRY, org.pk):
        raise PermissionDenied
    return org


def registration_choices(user) -> dict:
    """What the registration form (page and API) offers ``user``: the organisations and
    collectives where she may register members; with grants on collectives only, she
    must register into one of them."""
    scope = policy.scope_for(user, Cap.EDIT_MEMBERS)
    collectives = Collective.objects.filter(
        Q(organisation_id__in=scope.organisations) | Q(pk__in=scope.collectives)
    ).order_by("name")
    organisations = Organisation.objects.filter(
        Q(pk__in=scope.organisations) | Q(pk__in=collectives.values("organisation_id"))
    ).order_by("name")
    return {
        "organisations": organisations,
        "collectives": collectives,
        "collective_required": not scope.organisations,
    }


def collectives_for_registration(user):
    return registration_choices(user)["collectives"]


def organisations_visible(user):
    return Organisation.objects.visible_to(user).order_by("name")


def organisation_to_manage(user) -> Organisation:
    """The organisation where ``user`` manages the registry (the first, if several)."""
    scope = policy.scope_for(user, Cap.MANAGE_REGISTRY)
    org = Organisation.objects.filter(pk__in=scope.organisations).order_by("pk").first()
    if org is None:
        raise PermissionDenied
    return org


def may(user, cap: str, member: Member) -> bool:
    """Does ``user`` hold ``cap`` on this member (her organisation or her collectives)?"""
    return policy.has_cap_for(user, cap, member.organisation_id, member.collective_ids())
