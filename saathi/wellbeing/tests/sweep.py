"""URL-sweep expectations for the wellbeing routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order: admin, facilitator, social worker, legal advocate,
leader (of the member's collective), volunteer, viewer. Social workers record and read
everything; admins and facilitators see the member's page (dates, bands, statuses) and
incidents; leaders and volunteers the incidents only; legal advocates and viewers
nothing of a member (viewers the figures).
"""

from . import factories

MEMBER_PAGE = "200 200 200 404 200 200 404"
RECORD = "403 403 200 404 403 403 404"  # the member is reached; recording is for social workers
VIEW = "200 200 200 404 404 404 404"  # a session, screening or referral
SW_ONLY = "404 404 200 404 404 404 404"  # safety steps (social workers)
INCIDENT = "200 200 200 404 200 200 404"
REVEAL = "403 403 200 404 404 404 404"  # the reveal POST: social workers only
SW_WRITE = "403 403 200 404 404 404 404"  # a referral seen, moved by social workers only
INCIDENT_SW = "403 403 200 404 403 403 404"  # the facts seen, details by social workers

EXPECTED: dict[str, dict] = {
    "wellbeing:figures": {"obj": None, "get": "200 200 200 200 200 403 200"},
    "wellbeing:member": {"obj": "wb_member", "get": MEMBER_PAGE},
    # a collective is reached by the roles that record sessions in it only
    "wellbeing:group_session_add": {"obj": "wb_collective", "get": SW_ONLY, "post": SW_ONLY},
    "wellbeing:hiv_status": {"obj": "wb_member", "get": RECORD, "post": RECORD},
    "wellbeing:session_add": {"obj": "wb_member", "get": RECORD, "post": RECORD},
    "wellbeing:screening_add": {"obj": "wb_member_phq9", "get": RECORD, "post": RECORD},
    "wellbeing:referral_add": {"obj": "wb_member", "get": RECORD, "post": RECORD},
    "wellbeing:incident_add": {"obj": "wb_member", "get": INCIDENT, "post": INCIDENT},
    "wellbeing:health_add": {"obj": "wb_member", "get": RECORD, "post": RECORD},
    "wellbeing:session_detail": {"obj": "wb_session", "get": VIEW, "post": REVEAL},
    "wellbeing:screening_detail": {"obj": "wb_screening", "get": VIEW, "post": REVEAL},
    "wellbeing:safety_step": {"obj": "wb_step", "get": SW_ONLY, "post": SW_ONLY},
    "wellbeing:safety_follow_up": {
        "obj": "wb_step",
        "get": "405 405 405 405 405 405 405",
        "post": SW_ONLY,
    },
    "wellbeing:referral_detail": {"obj": "wb_referral", "get": VIEW, "post": REVEAL},
    "wellbeing:referral_move": {"obj": "wb_referral", "get": SW_WRITE, "post": SW_WRITE},
    "wellbeing:incident_detail": {"obj": "wb_incident", "get": INCIDENT, "post": INCIDENT_SW},
    "wellbeing:incident_edit": {"obj": "wb_incident", "get": INCIDENT_SW, "post": INCIDENT_SW},
}

NO_API = "401 401 401"  # leaders, volunteers, viewers hold no API capability
API_EXPECTED: dict[str, object] = {
    "/api/wellbeing/members/{uuid}/sessions": {
        "obj": "wb_member",
        "get": f"200 200 200 404 {NO_API}",
        "post": f"403 403 422 404 {NO_API}",
    },
    "/api/wellbeing/members/{uuid}/screenings": {
        "obj": "wb_member",
        "get": f"200 200 200 404 {NO_API}",
        "post": f"403 403 422 404 {NO_API}",
    },
    "/api/wellbeing/members/{uuid}/referrals": {
        "obj": "wb_member",
        "get": f"200 200 200 404 {NO_API}",
        "post": f"403 403 422 404 {NO_API}",
    },
    "/api/wellbeing/referrals/{uuid}": {"obj": "wb_referral", "get": f"200 200 200 404 {NO_API}"},
    "/api/wellbeing/referrals/{uuid}/moves": {
        "obj": "wb_referral",
        "post": f"403 403 422 404 {NO_API}",
    },
    "/api/wellbeing/members/{uuid}/incidents": {
        "obj": "wb_member",
        "get": f"200 200 200 404 {NO_API}",
        "post": f"422 422 422 404 {NO_API}",
    },
}


def objects(world, org: str, role: str) -> dict:
    f = factories.full(world, org)
    member = world.members[f"{org}1"]
    return {
        "wb_member": {"uuid": member.uuid},
        "wb_collective": {"uuid": world.collectives[f"{org}1"].uuid},
        "wb_member_phq9": {"uuid": member.uuid, "instrument": "phq9"},
        "wb_session": {"uuid": f["session"].uuid},
        "wb_screening": {"uuid": f["screening"].uuid},
        "wb_step": {"uuid": f["step"].uuid},
        "wb_referral": {"uuid": f["referral"].uuid},
        "wb_incident": {"uuid": f["incident"].uuid},
    }


def api_objects(world) -> dict:
    f = factories.full(world, "a")
    return {
        "wb_member": {"uuid": world.members["a1"].uuid},
        "wb_referral": {"uuid": f["referral"].uuid},
    }
