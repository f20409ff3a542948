"""The only way a view gets one people record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap

from .models import Collective, Household, IdentityDocument, Member, Organisation


def access_member(user, uuid, cap: str | None = None) -> Member:
    """A member ``user`` may see; with ``cap`` (e.g. ``EDIT_MEMBERS``) she must hold it on her."""
    return fetch(
        Member.objects.visible_to(user).select_related(
            "organisation", "household__head", "primary_collective"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_document(user, uuid, cap: str | None = None) -> IdentityDocument:
    return fetch(
        IdentityDocument.objects.visible_to(user).select_related("member"),
        user,
        uuid,
        cap=cap,
        reach=lambda doc: doc.member.scope_reach(),
    )


def access_household(user, uuid, cap: str | None = None) -> Household:
    return fetch(Household.objects.visible_to(user), user, uuid, cap=cap)


def access_collective(user, uuid, cap: str | None = None) -> Collective:
    return fetch(
        Collective.objects.visible_to(user).select_related("organisation"),
        user,
        uuid,
        cap=cap,
        reach=lambda c: (c.organisation_id, ()),
    )


def access_organisation(user, uuid, cap: str | None = None) -> Organisation:
    return fetch(
        Organisation.objects.visible_to(user), user, uuid, cap=cap, reach=lambda o: (o.pk, ())
    )


def registration_choices(user) -> dict:
    """What the registration form (page and API) offers ``user``: the organisations and
    collectives where she may register members; with grants on collectives only, she
    must register into one of them."""
    return {
        "organisations": scope.organisations_with(user, Cap.EDIT_MEMBERS, through_collectives=True),
        "collectives": scope.collectives_with(user, Cap.EDIT_MEMBERS),
        "collective_required": not scope.scope_for(user, Cap.EDIT_MEMBERS).organisations,
    }


def collectives_for_registration(user):
    return registration_choices(user)["collectives"]


def organisations_visible(user):
    return Organisation.objects.visible_to(user).order_by("name")


def may(user, cap: str, member: Member) -> bool:
    """Does ``user`` hold ``cap`` on this member (her organisation or her collectives)?"""
    return scope.has_cap_for(user, cap, *member.scope_reach())
