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
    # odk (issue 19): a user's phones (those who record responses), a form's media and
    # the submissions kept for review (those who manage surveys)
    "surveys:device_list": {
        "obj": None,
        "get": "200 200 200 403 200 200 403",
        "post": "200 200 200 403 200 200 403",
    },
    # each user revokes her own credential; another's is "not found"
    "surveys:device_revoke": {
        "obj": "device",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 302 302 302 302 302",
    },
    "surveys:survey_media": {
        "obj": "survey",
        "get": "200 200 403 403 403 403 403",
        "post": "200 200 403 403 403 403 403",
    },
    "surveys:held_list": {"obj": "survey", "get": "200 200 403 403 403 403 403"},
    "surveys:held_resolve": {
        "obj": "held",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 404 404 404 404 404",
    },
    # the review queue of every form (ADR 0040): those who manage surveys; a kept
    # submission of another organisation is "not found". An empty POST shows the page
    # again (nothing fixed: it still does not apply; no reason: not rejected).
    "surveys:review_queue": {"obj": None, "get": "200 200 403 403 403 403 403"},
    "surveys:held_detail": {
        "obj": "held",
        "get": "200 200 404 404 404 404 404",
        "post": "200 200 404 404 404 404 404",
    },
    "surveys:held_reject": {
        "obj": "held",
        "get": "405 405 405 405 405 405 405",
        "post": "200 200 404 404 404 404 404",
    },
}

# The address typed into ODK Collect: a person is sent on to her phones page.
PUBLIC = {"surveys:openrosa_root": 302}

# OpenRosa routes sign in with a device credential, not a session (test_url_sweep's
# test_device_routes): what the organisation's own facilitator's phone gets ("own"), a
# phone of the other organisation ("other"); no credential and a revoked one get 401.
DEVICE_EXPECTED: dict[str, dict] = {
    "surveys:openrosa_form_list": {"obj": None, "method": "get", "own": 200, "other": 200},
    "surveys:openrosa_form": {"obj": "survey", "method": "get", "own": 200, "other": 404},
    "surveys:openrosa_manifest": {"obj": "survey", "method": "get", "own": 200, "other": 404},
    "surveys:openrosa_media": {"obj": "media", "method": "get", "own": 200, "other": 404},
    # the members CSV the platform makes for a phone (ADR 0040): never another org's
    "surveys:openrosa_file": {"obj": "file", "method": "get", "own": 200, "other": 404},
    "surveys:openrosa_submission": {"obj": None, "method": "post", "own": 201, "other": 404},
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
    import uuid as uuidlib

    from saathi.relief.surveys.models import DeviceCredential, HeldSubmission

    survey, response = _survey_and_response(world, org)
    user = world.user(org, role)
    coll = world.collectives[f"{org}1"]
    device = DeviceCredential.objects.create(
        user=user,
        organisation=world.orgs[org],
        collective=coll,
        label="sweep",
        username=f"s{uuidlib.uuid4().hex[:12]}",
        secret_hash="0" * 64,
    )
    held = HeldSubmission.objects.create(
        survey=survey,
        version=survey.latest_version(),
        organisation=world.orgs[org],
        collective=coll,
        instance_id=f"uuid:{uuidlib.uuid4()}",
        xml="<data/>",
        errors={"members": "sweep"},
        device=device,
        recorded_by=user,
    )
    return {
        "survey": {"uuid": survey.uuid},
        "response": {"uuid": response.uuid},
        "device": {"uuid": device.uuid},
        "held": {"uuid": held.uuid},
    }


def device_objects(world) -> dict:
    """Headers of an own, another organisation's and a revoked credential; route kwargs;
    the body of a POST (a submission of organisation A's form)."""
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    from saathi.core.policy import Role
    from saathi.core.tests.samples import png_bytes
    from saathi.relief.surveys import services

    from .odk import roster_form, submission_xml

    admin = world.user("a", Role.ORG_ADMIN)
    version = services.survey_upload(
        organisation=world.orgs["a"], data=roster_form(), file_name="r.xlsx", actor=admin
    )
    version.media = ["map.png"]
    version.save(update_fields=["media"])
    media = services.survey_media_attach(
        version=version,
        name="map.png",
        upload=SimpleUploadedFile("map.png", png_bytes()),
        actor=admin,
    )

    def headers(org, revoke=False):
        cred, secret = services.device_credential_create(
            actor=world.user(org, Role.FACILITATOR),
            collective=world.collectives[f"{org}1"],
            label="sweep",
        )
        if revoke:
            services.device_credential_revoke(credential=cred, actor=cred.user)
        token = base64.b64encode(f"{cred.username}:{secret}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}"}

    def body():
        xml = submission_xml(version, {"hh_size": 2})
        return {"xml_submission_file": SimpleUploadedFile("s.xml", xml, content_type="text/xml")}

    from saathi.relief.surveys import platform

    forms = platform.ensure_platform_surveys(world.orgs["a"], admin)
    return {
        "file": {"uuid": forms["attendance"].uuid, "name": "members.csv"},
        "own": headers("a"),
        "other": headers("b"),
        "revoked": headers("a", revoke=True),
        "survey": {"uuid": version.survey.uuid},
        "media": {"uuid": version.survey.uuid, "media": media.uuid},
        "body": body,
    }


def api_objects(world) -> dict:
    survey, _ = _survey_and_response(world, "a")
    return {"survey": {"uuid": survey.uuid}}
