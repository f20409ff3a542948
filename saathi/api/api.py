from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from saathi.entitlements.api import router as entitlements_router
from saathi.linkage.api import router as linkage_router
from saathi.people.api import router as people_router
from saathi.relief.api import router as relief_router
from saathi.relief.surveys.api import router as surveys_router

from .auth import AUTH

api = NinjaAPI(
    title="Saathi API",
    version="1",
    description=(
        "Records within the caller's scope only. Authenticate with "
        "'Authorization: Bearer <token>' (tokens are issued on the API tokens page). "
        "Confidential fields (occupation, trafficking history, health) are never served."
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", people_router)
api.add_router("/", entitlements_router)
api.add_router("/", relief_router)
api.add_router("/", surveys_router)
api.add_router("/", linkage_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "Not allowed for your role"}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"detail": "Authentication required"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)
