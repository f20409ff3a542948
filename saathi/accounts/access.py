from saathi.core import policy
from saathi.core.access import get_or_404
from saathi.core.policy import Cap

from .models import ApiToken, RoleGrant, User


def users_visible_to(actor):
    scope = policy.scope_for(actor, Cap.MANAGE_USERS)
    return User.objects.filter(organisation_id__in=scope.organisations)


def access_user(actor, uuid) -> User:
    return get_or_404(
        users_visible_to(actor).select_related("organisation"),
        actor,
        object_type="accounts.user",
        uuid=uuid,
    )


def access_grant(actor, uuid) -> RoleGrant:
    scope = policy.scope_for(actor, Cap.MANAGE_USERS)
    return get_or_404(
        RoleGrant.objects.filter(organisation_id__in=scope.organisations).select_related("user"),
        actor,
        object_type="accounts.rolegrant",
        uuid=uuid,
    )


def access_own_token(actor, uuid) -> ApiToken:
    return get_or_404(
        ApiToken.objects.filter(user=actor), actor, object_type="accounts.apitoken", uuid=uuid
    )
