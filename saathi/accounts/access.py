"""The only way a view gets one account record: ``access_<entity>(user, uuid, cap=None)``,
one call of ``core.access.fetch`` each."""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap

from .models import ApiToken, RoleGrant, User


def users_visible_to(actor):
    return User.objects.filter(
        organisation_id__in=scope.organisation_ids(
            actor, Cap.MANAGE_USERS, through_collectives=False
        )
    )


def access_user(user, uuid, cap: str | None = None) -> User:
    return fetch(users_visible_to(user).select_related("organisation"), user, uuid, cap=cap)


def access_grant(user, uuid, cap: str | None = None) -> RoleGrant:
    orgs = scope.organisation_ids(user, Cap.MANAGE_USERS, through_collectives=False)
    return fetch(
        RoleGrant.objects.filter(organisation_id__in=orgs).select_related("user"),
        user,
        uuid,
        cap=cap,
    )


def access_own_token(user, uuid, cap: str | None = None) -> ApiToken:
    return fetch(
        ApiToken.objects.filter(user=user),
        user,
        uuid,
        cap=cap,
        reach=lambda token: (token.user.organisation_id, ()),
    )
