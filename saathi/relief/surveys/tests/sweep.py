"""URL-sweep expectations for the surveys routes; read by saathi/core/tests/test_url_sweep.py.

EXPECTED: route name -> {"obj": kind or None, "get": "...", "post": "..."} with statuses
in the sweep's ROLES order (admin, facilitator, social worker, legal advocate, leader,
volunteer, viewer). objects(world, org, role) returns {kind: url kwargs} for fresh
records of organisation ``org``. API_EXPECTED and api_objects(world) do the same for the
API: path -> ("ok", kind) or {"obj": kind, "get": "...", "post": "..."}, and
{kind: path params}.
"""

EXPECTED: dict[str, dict] = {
    "surveys:survey_list": {"obj": None, "get": "200 200 200 200 200 200 200"},
    "surveys:survey_upload": {
        "obj": None,
        "get": "200 200 403 403 403 403 403",
        "post": "200 200 403 403 403 403 403",
    },
    "surveys:xlsform_template": {"obj": None, "get": "200 200 403 403 403 403 403"},
    "surveys:survey_detail": {"obj": "survey", "get": "200 200 200 200 200 200 200"},
    "surveys:response_new": {
        "obj": "survey",
        "get": "200 200 200 403 200 200 403",
        "post": "200 200 200 403 200 200 403",
    },
    "surveys:response_list": {"obj": "survey", "get": "200 200 200 200 200 200 403"},
    "surveys:responses_import": {
        "obj": "survey",
        "get": "200 200 403 403 403 403 403",
        "post": "200 200 403 403 403 403 403",
    },
    "surveys:survey_figures": {"obj": "survey", "get": "200 200 200 200 200 200 200"},
    # viewers see aggregates only: a single response is "not found" for them
    "surveys:response_detail": {"obj": "response", "get": "200 200 200 200 200 200 404"},
}

# API: only roles with use_api (admin, facilitator, social worker, legal advocate) get in;
# the others get 401. Another organisation's survey answers 404.
API_EXPECTED: dict[str, object] = {
    "/api/surveys": ("ok", None),
    "/api/surveys/{uuid}": ("ok", "survey"),
    "/api/surveys/{uuid}/responses": ("ok", "survey"),
    "/api/surveys/{uuid}/aggregates": ("ok", "survey"),
}


def _survey_and_response(world, org: str):
    from saathi.core.policy import Role
    from saathi.relief.surveys import services
    from saathi.relief.surveys.models import Survey

    from .xlsforms import food_form

    survey = Survey.objects.filter(organisation=world.orgs[org], form_id="sweep_form").first()
    if survey is None:
        version = services.survey_upload(
            organisation=world.orgs[org],
            data=food_form(form_id="sweep_form"),
            file_name="sweep.xlsx",
            actor=world.user(org, Role.ORG_ADMIN),
        )
        survey = version.survey
        coll = world.collectives[f"{org}1"]
        services.response_record(
            version=version,
            raw={"members": "3", "needs": ["rations"], "ration_card": "yes"},
            meta=services.ResponseMeta(collective=coll, district=coll.districts[0]),
            actor=world.user(org, Role.ORG_ADMIN),
        )
    return survey, survey.responses.first()


def objects(world, org: str, role: str) -> dict:
    survey, response = _survey_and_response(world, org)
    return {"survey": {"uuid": survey.uuid}, "response": {"uuid": response.uuid}}


def api_objects(world) -> dict:
    survey, _ = _survey_and_response(world, "a")
    return {"survey": {"uuid": survey.uuid}}
