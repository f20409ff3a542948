from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ServiceError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from saathi.advocacy.api import router as advocacy_router  # advocacy
from saathi.collectives.api import router as collectives_router  # collectives
from saathi.entitlements.api import router as entitlements_router
from saathi.funds.api import router as funds_router
from saathi.legal.api import router as legal_router  # legal aid
from saathi.linkage.api import router as linkage_router
from saathi.livelihoods.api import router as livelihoods_router  # livelihoods
from saathi.people.api import router as people_router
from saathi.relief.api import router as relief_router
from saathi.relief.stock.api import router as stock_router  # livelihoods: relief stock
from saathi.relief.surveys.api import router as surveys_router
from saathi.wellbeing.api import router as wellbeing_router  # wellbeing

from .auth import AUTH
from .kit import Problem, field_errors

# Every operation may answer these; the schema says so (SaathiAPI.get_openapi_schema).
COMMON_RESPONSES = {
    "401": "Authentication required: no token, or a token that is unknown or revoked",
    "403": "Not allowed for your role (or a session request without its CSRF token)",
    "404": "Not found, or not in your records",
    "422": "Invalid input: `errors` names each field that is wrong",
}


def _body_is_required(operation: dict) -> None:
    """A route may take ``payload: X | None`` to check access before the body (another
    organisation's id answers 404, not 422), but a null body is refused: say so."""
    body = operation.get("requestBody")
    if not body:
        return
    for media in body.get("content", {}).values():
        options = media.get("schema", {}).get("anyOf")
        if options:
            kept = [o for o in options if o.get("type") != "null"]
            if len(kept) == 1:
                media["schema"] = kept[0]
                body["required"] = True


class SaathiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("Problem", Problem.model_json_schema())
        for operations in schema["paths"].values():
            for operation in operations.values():
                _body_is_required(operation)
                responses = operation.setdefault("responses", {})
                common = dict(COMMON_RESPONSES)
                if "requestBody" in operation:
                    common["400"] = "The body is not JSON"
                for status, description in common.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    )
        return schema


api = SaathiAPI(
    title="Saathi API",
    version="1",
    description=(
        "Records within the caller's scope only. Authenticate with "
        "'Authorization: Bearer <token>' (tokens are issued on the API tokens page). "
        "Confidential fields (occupation, trafficking history, health) are never served. "
        "Every error body is {detail, errors}."
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", people_router)
api.add_router("/", entitlements_router)
api.add_router("/", relief_router)
api.add_router("/", funds_router)
api.add_router("/", surveys_router)
api.add_router("/", linkage_router)
api.add_router("/", legal_router)  # legal aid
api.add_router("/", collectives_router)  # collectives
api.add_router("/", wellbeing_router)  # wellbeing
api.add_router("/", advocacy_router)  # advocacy
api.add_router("/", livelihoods_router)  # livelihoods
api.add_router("/", stock_router)  # livelihoods: relief stock


def problem(request, status, detail, errors=None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, 404, "Not found")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return problem(request, 403, "Not allowed for your role")


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = problem(request, 401, "Authentication required")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """The request did not match the schema: each wrong field by its dotted location."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    return problem(request, 422, "invalid", errors)


@api.exception_handler(ServiceError)
def invalid_for_the_service(request, exc):
    """A service refused the write: the same messages as the page shows, by field."""
    return problem(request, 422, "invalid", field_errors(exc))
