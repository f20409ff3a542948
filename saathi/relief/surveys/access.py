"""The only way a view gets one survey record: scoped, 404 for "missing" and "not yours"."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from saathi.core import policy
from saathi.core.access import get_or_404
from saathi.core.policy import Cap
from saathi.people.models import Collective

from .models import Response, Survey

# Any of these lets a user reach a survey of her organisation (each page checks its own).
SURVEY_CAPS = (Cap.MANAGE_SURVEYS, Cap.RECORD_RESPONSES, Cap.VIEW_RELIEF, Cap.VIEW_AGGREGATES)


def may_reach_surveys(user) -> bool:
    caps = policy.capabilities_of(user)
    return any(c in caps for c in SURVEY_CAPS)


def access_survey(user, uuid, cap: str | None = None) -> Survey:
    """A survey of one of the user's organisations; with ``cap``, she must hold it there
    (on the organisation or one of its collectives), else 403."""
    if not may_reach_surveys(user):
        raise PermissionDenied
    survey = get_or_404(
        Survey.objects.visible_to(user).select_related("organisation"),
        user,
        object_type="surveys.survey",
        uuid=uuid,
    )
    if cap and not survey_allows(user, cap, survey):
        raise PermissionDenied
    return survey


def survey_allows(user, cap: str, survey: Survey) -> bool:
    scope = policy.scope_for(user, cap)
    if survey.organisation_id in scope.organisations:
        return True
    return Collective.objects.filter(
        pk__in=scope.collectives, organisation_id=survey.organisation_id
    ).exists()


def access_response(user, uuid) -> Response:
    # viewers (aggregates only) reach no single response: "not found", like another's
    return get_or_404(
        Response.objects.visible_to(user, Cap.VIEW_RELIEF).select_related(
            "survey", "version", "collective", "member", "recorded_by"
        ),
        user,
        object_type="surveys.response",
        uuid=uuid,
    )


def collectives_for(user, cap: str, survey: Survey):
    """The collectives of the survey's organisation where ``user`` holds ``cap``."""
    scope = policy.scope_for(user, cap)
    return Collective.objects.filter(organisation_id=survey.organisation_id).filter(
        Q(organisation_id__in=scope.organisations) | Q(pk__in=scope.collectives)
    )


def organisations_to_manage(user):
    from saathi.people.models import Organisation

    scope = policy.scope_for(user, Cap.MANAGE_SURVEYS)
    return Organisation.objects.filter(pk__in=scope.organisations).order_by("name")
