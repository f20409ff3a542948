"""The only way a view gets one entitlements record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap
from saathi.people.models import Member

from .models import Application, Correspondence, Drive, Scheme


def access_member(user, uuid, cap: str | None = None) -> Member:
    """A member whose applications ``user`` may see (and, with ``cap``, write)."""
    return fetch(
        Member.objects.visible_to(user, Cap.VIEW_APPLICATIONS).select_related(
            "organisation", "household"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_application(user, uuid, cap: str | None = None) -> Application:
    return fetch(
        Application.objects.visible_to(user).select_related(
            "member", "scheme", "organisation", "drive"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_correspondence(user, uuid, cap: str | None = None) -> Correspondence:
    return fetch(
        Correspondence.objects.visible_to(user).select_related("member"), user, uuid, cap=cap
    )


def access_scheme(user, uuid, cap: str | None = None) -> Scheme:
    return fetch(Scheme.objects.visible_to(user), user, uuid, cap=cap)


def access_drive(user, uuid, cap: str | None = None) -> Drive:
    return fetch(
        Drive.objects.visible_to(user).select_related("scheme", "collective", "organisation"),
        user,
        uuid,
        cap=cap,
    )


def may(user, cap: str, member: Member) -> bool:
    return scope.has_cap_for(user, cap, *member.scope_reach())


def organisations_with(user, cap: str):
    """Organisations where ``user`` holds ``cap`` on the whole organisation."""
    return scope.organisations_with(user, cap)
