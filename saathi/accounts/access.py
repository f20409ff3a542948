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


def access_token_to_revoke(actor, uuid) -> ApiToken:
    """Her own token, or any token of a user of an organisation she manages."""
    scope = policy.scope_for(actor, Cap.MANAGE_USERS)
    mine = ApiToken.objects.filter(user=actor)
    managed = ApiToken.objects.filter(user__organisation_id__in=scope.organisations)
    return get_or_404(
        (mine | managed).select_related("user"),
        actor,
        object_type="accounts.apitoken",
        uuid=uuid,
    )


def organisation_tokens(actor):
    """Every token of the users of the organisations ``actor`` manages (admins only)."""
    scope = policy.scope_for(actor, Cap.MANAGE_USERS)
    return (
        ApiToken.objects.filter(user__organisation_id__in=scope.organisations)
        .exclude(user=actor)
        .select_related("user")
        .order_by("revoked_at", "-created_at")
    )
