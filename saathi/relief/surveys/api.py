"""Survey API routes: surveys of the caller's organisations, responses in her scope,
aggregates (small counts suppressed for callers who may not see single responses)."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from saathi.api.kit import Pagination
from saathi.core import audit
from saathi.core.policy import Cap

from . import access, selectors
from .models import Response, Survey

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    uuid: UUID
    title: str
    form_id: str
    organisation: UUID = Field(..., alias="organisation.uuid")
    version: int
    languages: list[str]

    @staticmethod
    def resolve_version(obj):
        return obj.latest.number

    @staticmethod
    def resolve_languages(obj):
        return sorted(obj.latest.languages)


class ChoiceOut(Schema):
    name: str
    label: Any


class QuestionOut(Schema):
    name: str
    path: str
    type: str
    label: Any
    required: str
    relevant: str
    constraint: str
    choices: list[ChoiceOut]


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return obj.latest.questions


class ResponseOut(Schema):
    uuid: UUID
    version: int = Field(..., alias="version.number")
    collective: UUID = Field(..., alias="collective.uuid")
    district: str
    member: UUID | None = None
    source: str
    submitted_at: datetime
    answers: dict

    @staticmethod
    def resolve_member(obj):
        return obj.member.uuid if obj.member_id else None


class AggregatesFilter(Schema):
    by: str = Field("collective", description="collective or district")


def _survey(request, uuid):
    survey = access.access_survey(request.user, uuid)
    survey.latest = survey.latest_version()
    return survey


@router.get("/surveys", response=list[SurveyOut])
def list_surveys(request):
    if not access.may_reach_surveys(request.user):
        raise PermissionDenied
    surveys = list(Survey.objects.visible_to(request.user).select_related("organisation"))
    for s in surveys:
        s.latest = s.latest_version()
    return surveys


@router.get("/surveys/{uuid}", response=SurveyDetailOut)
def get_survey(request, uuid: UUID):
    return _survey(request, uuid)


@router.get("/surveys/{uuid}/responses", response=list[ResponseOut])
@paginate(Pagination, page_size=50)
def list_responses(request, uuid: UUID):
    survey = access.access_survey(request.user, uuid, cap=Cap.VIEW_RELIEF)
    audit.record(
        audit.Action.VIEW_PERSONAL,
        actor=request.user,
        obj=survey,
        fields=["answers"],
        detail={"api": "responses"},
    )
    return (
        Response.objects.visible_to(request.user, Cap.VIEW_RELIEF)
        .filter(survey=survey)
        .select_related("version", "collective", "member")
        .order_by("-submitted_at", "-pk")
    )


@router.get("/surveys/{uuid}/aggregates", response=dict)
def survey_aggregates(request, uuid: UUID, filters: Query[AggregatesFilter]):
    survey = _survey(request, uuid)
    if not (
        access.survey_allows(request.user, Cap.VIEW_AGGREGATES, survey)
        or access.survey_allows(request.user, Cap.VIEW_RELIEF, survey)
    ):
        raise PermissionDenied
    return selectors.aggregates(request.user, survey, by=filters.by)
