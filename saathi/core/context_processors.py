from django.conf import settings

from . import policy


def saathi(request):
    user = getattr(request, "user", None)
    caps = (
        policy.capabilities_of(user) if user is not None and user.is_authenticated else frozenset()
    )
    return {
        "caps": caps,
        "SAATHI_DEMO": not settings.PRODUCTION,
        "LANGUAGE_CHOICES": settings.LANGUAGES,
    }
