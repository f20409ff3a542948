"""URL-sweep expectations for the entitlements routes; read by saathi/core/tests/test_url_sweep.py.

EXPECTED: route name -> {"obj": kind or None, "get": "...", "post": "..."} with statuses
in the sweep's ROLES order (admin, facilitator, social worker, legal advocate, leader,
volunteer, viewer). objects(world, org, role) returns {kind: url kwargs} for fresh
records of organisation ``org``. API_EXPECTED and api_objects(world) do the same for the
API: path -> ("ok", kind) or {"obj": kind, "get": "...", "post": "..."}, and
{kind: path params}. PUBLIC: routes anonymous users may open, with their status.
"""

import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from saathi.core.policy import Role
from saathi.core.tests.samples import png_bytes

ALL6 = "200 200 200 200 200 200"
EXPECTED: dict[str, dict] = {
    "entitlements:scheme_list": {"obj": None, "get": f"{ALL6} 403"},
    "entitlements:scheme_create": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "entitlements:scheme_detail": {"obj": "ent_scheme", "get": f"{ALL6} 404"},
    "entitlements:scheme_edit": {
        "obj": "ent_scheme",
        "get": "200 403 403 403 403 403 404",
        "post": "200 403 403 403 403 403 404",
    },
    "entitlements:member": {"obj": "member", "get": f"{ALL6} 404"},
    "entitlements:application_start": {
        "obj": "member",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    "entitlements:member_correspondence": {
        "obj": "member",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    "entitlements:application_list": {"obj": None, "get": f"{ALL6} 403"},
    "entitlements:application_detail": {"obj": "ent_application", "get": f"{ALL6} 404"},
    "entitlements:application_move": {
        "obj": "ent_application",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    "entitlements:application_edit": {
        "obj": "ent_application",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    "entitlements:application_correspondence": {
        "obj": "ent_application",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    # volunteers and viewers cannot print letters
    "entitlements:application_letter": {
        "obj": "ent_application",
        "get": "200 200 200 200 200 403 404",
        "post": "200 200 200 200 200 403 404",
    },
    "entitlements:correspondence_attachment": {
        "obj": "ent_correspondence",
        "get": f"{ALL6} 404",
    },
    "entitlements:letter_templates": {"obj": None, "get": "200 403 403 403 403 403 403"},
    "entitlements:letter_template_edit": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "entitlements:drive_list": {"obj": None, "get": f"{ALL6} 403"},
    "entitlements:drive_create": {
        "obj": None,
        "get": "200 200 403 403 200 403 403",
        "post": "200 200 403 403 200 403 403",
    },
    "entitlements:drive_detail": {
        "obj": "ent_drive",
        "get": f"{ALL6} 404",
        "post": "200 200 403 403 200 403 404",
    },
    # moved to saathi/core/agenda: the old addresses send every signed-in user there
    "entitlements:agenda": {"obj": None, "get": "301 301 301 301 301 301 301"},
    "entitlements:calendar_link": {
        "obj": None,
        "get": "301 301 301 301 301 301 301",
        "post": "301 301 301 301 301 301 301",
    },
}
# the old address of the iCalendar feed (calendars subscribed to it keep working); public
# behind its secret, without one it answers 404
PUBLIC = {"entitlements:calendar_feed": 404}

API_EXPECTED: dict[str, object] = {
    "/api/schemes": ("ok", None),
    "/api/schemes/{uuid}": ("ok", "ent_scheme"),
    "/api/members/{uuid}/eligibility": ("ok", "member"),
    "/api/applications": ("ok", None),  # POST with an empty body is refused (422)
    "/api/applications/{uuid}": ("ok", "ent_application"),
    "/api/applications/{uuid}/transitions": ("ok", "ent_application"),
}

PNG = png_bytes(1, 1)  # a photo that decodes: uploads re-encode photos


def _fresh(world, org: str) -> dict:
    from saathi.entitlements import services
    from saathi.entitlements.models import Scheme

    from .factories import ensure_catalogue

    ensure_catalogue()
    admin = world.user(org, Role.ORG_ADMIN)
    member = world.members[f"{org}1"]
    shipped = Scheme.objects.catalogue_for([world.orgs[org].pk]).get(code="nfsa_ration_card")
    own = services.scheme_save(
        organisation=world.orgs[org],
        data={
            "code": f"sweep_{uuid.uuid4().hex[:8]}",
            "names": {"en": "Sweep scheme"},
            "level": "state",
            "category": "food",
            "verified": "partial",
            "authority": "Food office",
        },
        actor=admin,
    )
    app = services.application_start(
        member=member, scheme=shipped, actor=admin, check_duplicate=False
    )
    corr = services.correspondence_add(
        member=member,
        application=app,
        data={
            "kind": "visit",
            "authority": "Food office",
            "on": timezone.localdate(),
            "summary": "Visited",
        },
        upload=SimpleUploadedFile("x.png", PNG, content_type="image/png"),
        actor=admin,
    )
    drive = services.drive_create(
        organisation=world.orgs[org],
        scheme=shipped,
        name="Sweep drive",
        target_date=timezone.localdate() + timedelta(days=30),
        collective=world.collectives[f"{org}1"],
        actor=admin,
    )
    return {"scheme": own, "application": app, "correspondence": corr, "drive": drive}


def objects(world, org: str, role: str) -> dict:
    f = _fresh(world, org)
    return {
        "ent_scheme": {"uuid": f["scheme"].uuid},
        "ent_application": {"uuid": f["application"].uuid},
        "ent_correspondence": {"uuid": f["correspondence"].uuid},
        "ent_drive": {"uuid": f["drive"].uuid},
    }


def api_objects(world) -> dict:
    f = _fresh(world, "a")
    return {
        "ent_scheme": {"uuid": f["scheme"].uuid},
        "ent_application": {"uuid": f["application"].uuid},
    }
