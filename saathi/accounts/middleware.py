from django.conf import settings
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


class RequireMFAMiddleware:
    """In production, admins, social workers and legal advocates must set up TOTP first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SAATHI_MFA_REQUIRED and self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(self.ALLOWED_PREFIXES) or request.path.startswith("/api/"):
            return False
        if not (policy.roles_of(user) & policy.MFA_REQUIRED_ROLES):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
