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


def access_token_to_revoke(user, uuid, cap: str | None = None) -> ApiToken:
    """Her own token, or any token of a user of an organisation she manages."""
    orgs = scope.organisation_ids(user, Cap.MANAGE_USERS, through_collectives=False)
    mine = ApiToken.objects.filter(user=user)
    managed = ApiToken.objects.filter(user__organisation_id__in=orgs)
    return fetch(
        (mine | managed).select_related("user"),
        user,
        uuid,
        cap=cap,
        reach=lambda token: (token.user.organisation_id, ()),
    )


def organisation_tokens(user):
    """Every token of the users of the organisations ``user`` manages (admins only)."""
    orgs = scope.organisation_ids(user, Cap.MANAGE_USERS, through_collectives=False)
    return (
        ApiToken.objects.filter(user__organisation_id__in=orgs)
        .exclude(user=user)
        .select_related("user")
        .order_by("revoked_at", "-created_at")
    )
