"""The only way a view gets one survey record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
A grant on a collective reaches its organisation's surveys (``policy.COLLECTIVE_REACHES_
ORGANISATION``), but only the responses of that collective.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from saathi.core import policy, scope
from saathi.core.access import deny, fetch
from saathi.core.policy import Cap
from saathi.people.models import Member

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
        deny(user, object_type="surveys.survey", object_id=uuid)
        raise PermissionDenied
    return fetch(
        Survey.objects.visible_to(user).select_related("organisation"), user, uuid, cap=cap
    )


def survey_allows(user, cap: str, survey: Survey) -> bool:
    return scope.has_cap_for(user, cap, survey.organisation_id, object_type="surveys.survey")


def access_response(user, uuid, cap: str | None = None) -> Response:
    # viewers (aggregates only) reach no single response: "not found", like another's
    return fetch(
        Response.objects.visible_to(user, Cap.VIEW_RELIEF).select_related(
            "survey", "version", "collective", "member", "recorded_by"
        ),
        user,
        uuid,
        cap=cap,
    )


def member_by_reference(user, reference: str) -> Member | None:
    """The member with this reference, if ``user`` may see her (a refusal is audited)."""
    reference = reference.strip().upper()
    if not reference:
        return None
    try:
        return fetch(Member.objects.visible_to(user), user, reference, key="reference")
    except Http404:
        return None


def collectives_for(user, cap: str, survey: Survey):
    """The collectives of the survey's organisation where ``user`` holds ``cap``."""
    return scope.collectives_with(user, cap, organisation_id=survey.organisation_id)


def organisations_to_manage(user):
    return scope.organisations_with(user, Cap.MANAGE_SURVEYS)


def access_held(user, uuid, cap: str | None = None):
    """A submission kept for review, for those who manage the survey's organisation."""
    from .models import HeldSubmission

    return fetch(
        HeldSubmission.objects.visible_to(user, Cap.MANAGE_SURVEYS).select_related(
            "survey", "version", "collective", "device"
        ),
        user,
        uuid,
        cap=cap,
    )
