"""Users, role grants and API tokens: managed by organisation admins inside Saathi."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.policy import Cap

from .models import ApiToken, RoleGrant, User


def _require_admin(actor, organisation_id: int | None) -> None:
    if organisation_id is None or not policy.has_cap_for(actor, Cap.MANAGE_USERS, organisation_id):
        audit.record(audit.Action.DENIED, actor=actor, organisation_id=organisation_id)
        raise PermissionDenied


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def user_create(
    *,
    organisation,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    language: str,
    actor,
) -> User:
    _require_admin(actor, organisation.pk)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        language=language,
        organisation=organisation,
    )
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit.record(audit.Action.CREATE, actor=actor, obj=user, organisation_id=organisation.pk)
    return user


def _end_access(user: User, actor) -> None:
    """End every session and API token of ``user`` (inside the caller's transaction)."""
    now = timezone.now()
    user.sessions_ended_at = now
    user.save(update_fields=["sessions_ended_at"])
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(
            audit.Action.API_TOKEN,
            actor=actor,
            obj=token,
            organisation_id=user.organisation_id,
            detail={"event": "revoked"},
        )


def user_set_active(*, user: User, active: bool, actor) -> User:
    """Deactivation ends her sessions and tokens at once: re-activating her later revives
    neither (she signs in again, and is issued new tokens)."""
    _require_admin(actor, user.organisation_id)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            _end_access(user, actor)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=user,
            organisation_id=user.organisation_id,
            fields=["is_active"],
        )
    return user


def grant_role(*, user: User, role: str, organisation, collective=None, actor) -> RoleGrant:
    _require_admin(actor, organisation.pk)
    if role not in policy.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if collective is not None and collective.organisation_id != organisation.pk:
        raise ValidationError({"collective": _("This collective belongs to another organisation.")})
    if user.organisation_id != organisation.pk:
        raise ValidationError(_("This user belongs to another organisation."))
    exists = RoleGrant.objects.filter(
        user=user, role=role, organisation=organisation, collective=collective, revoked_at=None
    ).exists()
    if exists:
        raise ValidationError({"role": _("This user already has this role here.")})
    with transaction.atomic():
        grant = RoleGrant.objects.create(
            user=user, role=role, organisation=organisation, collective=collective, granted_by=actor
        )
        audit.record(
            audit.Action.GRANT,
            actor=actor,
            obj=grant,
            organisation_id=organisation.pk,
            detail={"role": role, "user": str(user.uuid)},
        )
    policy.clear_cache(user)
    return grant


def revoke_role(*, grant: RoleGrant, actor) -> RoleGrant:
    _require_admin(actor, grant.organisation_id)
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit.record(
            audit.Action.REVOKE,
            actor=actor,
            obj=grant,
            organisation_id=grant.organisation_id,
            detail={"role": grant.role, "user": str(grant.user.uuid)},
        )
    return grant


def user_set_language(*, user: User, language: str) -> None:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    if not policy.has_cap(user, Cap.USE_API):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Name the client that will use this token.")})
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], key_hash=ApiToken.hash_key(key), prefix=key[3:9]
        )
        audit.record(
            audit.Action.API_TOKEN,
            actor=user,
            obj=token,
            organisation_id=user.organisation_id,
            detail={"event": "issued"},
        )
    return token, key


def api_token_revoke(*, token: ApiToken, actor) -> None:
    """Her own token, or (an organisation admin) any token of her organisation's users."""
    if token.user_id != actor.pk:
        _require_admin(actor, token.user.organisation_id)
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            audit.Action.API_TOKEN,
            actor=actor,
            obj=token,
            organisation_id=token.user.organisation_id,
            detail={"event": "revoked"},
        )


def user_set_password(*, user: User, password: str, actor) -> User:
    """An organisation admin sets a new password (there is no reset by email or SMS).
    Her sessions and API tokens end: whoever knew the old password loses access."""
    _require_admin(actor, user.organisation_id)
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _end_access(user, actor)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=user,
            organisation_id=user.organisation_id,
            fields=["password"],
        )
    return user
