import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from saathi.core import policy


class UserLanguageMiddleware:
    """Activate the language stored on the user, so it follows them to any phone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        return response


def must_enrol_mfa(user) -> bool:
    """True when MFA is required and ``user``'s role needs TOTP she has not set up yet."""
    if not settings.SAATHI_MFA_REQUIRED:
        return False
    if user is None or not user.is_authenticated:
        return False
    if not (policy.roles_of(user) & policy.MFA_REQUIRED_ROLES):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """In production, admins, social workers and legal advocates must set up TOTP first.

    The API is no way round it: a session caller who must enrol gets 403 there (bearer
    tokens are checked the same way in ``saathi.api.auth``).
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.ALLOWED_PREFIXES) and must_enrol_mfa(
            getattr(request, "user", None)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-factor authentication in Saathi first."}, status=403
                )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class SessionTouchMiddleware:
    """Idle expiry without a session write on every page.

    The session's expiry moves forward (SESSION_COOKIE_AGE from now) when it was last
    moved more than TOUCH_SECONDS ago, so an idle session ends within a minute of
    SESSION_COOKIE_AGE while most requests write nothing.
    """

    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get("_touched", 0) >= self.TOUCH_SECONDS:
                session["_touched"] = now  # marks the session modified: saved with a new expiry
        return response
