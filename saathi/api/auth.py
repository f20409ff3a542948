from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from saathi.accounts.middleware import must_enrol_mfa
from saathi.accounts.models import ApiToken
from saathi.core import policy
from saathi.core.policy import Cap


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sa_...``: tokens are issued on the API tokens page."""

    def authenticate(self, request, token):
        if not token.startswith("sa_"):
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        if not policy.has_cap(row.user, Cap.USE_API):
            return None
        if must_enrol_mfa(row.user):  # no token use before the TOTP the role requires
            return None
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


def session_auth(request):
    """The signed-in browser (the API docs page). Only a request that really carries a
    session is held to CSRF: one with a bearer token, or with nothing, is answered 401
    when the token fails, never 403 "CSRF check failed"."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None  # a bad token is not rescued by the session cookie
    user = request.user
    if not user.is_authenticated or not policy.has_cap(user, Cap.USE_API):
        return None
    if check_csrf(request):
        raise HttpError(403, "CSRF check failed: send the X-CSRFToken header")
    return user


AUTH = [TokenAuth(), session_auth]
