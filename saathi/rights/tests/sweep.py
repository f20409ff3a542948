"""URL-sweep expectations for the rights routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order (admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer). Staff who work with members record and answer requests;
leaders, volunteers and viewers see none (404 for a request, 403 for the list).
The breach register and the privacy notice are an organisation admin's: the other staff
are refused (403 for a page, 403 on a breach they could reach), the rest get 404.
"""

from saathi.core.policy import Role

STAFF = "200 200 200 200"
EXPECTED: dict[str, dict] = {
    "rights:request_list": {"obj": None, "get": f"{STAFF} 403 403 403"},
    # an empty POST is refused with messages at the fields (200, the form again)
    "rights:request_create": {
        "obj": "member",
        "get": f"{STAFF} 403 403 404",
        "post": f"{STAFF} 403 403 404",
    },
    "rights:request_detail": {"obj": "rights_request", "get": f"{STAFF} 404 404 404"},
    "rights:request_decide": {
        "obj": "rights_request",
        "get": f"{STAFF} 404 404 404",
        "post": f"{STAFF} 404 404 404",
    },
    # the POST starts the export job and goes to its page
    "rights:access_export": {
        "obj": "rights_request",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 302 302 404 404 404",
    },
    # the admin's POST erases (or refuses, under a legal hold) and goes back to the request
    "rights:erasure_approve": {
        "obj": "rights_erasure",
        "get": "405 405 405 405 405 405 405",
        "post": "302 403 403 403 404 404 404",
    },
    # the breach register (organisation admins): an empty POST shows the form's errors
    "rights:breach_list": {"obj": None, "get": "200 403 403 403 403 403 403"},
    "rights:breach_create": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "rights:breach_detail": {"obj": "rights_breach", "get": "200 403 403 403 404 404 404"},
    # the POST sends the SMS to the affected members and goes back to the breach
    "rights:breach_notify": {
        "obj": "rights_breach",
        "get": "405 405 405 405 405 405 405",
        "post": "302 403 403 403 404 404 404",
    },
    # the Board report: a print, so a POST (it is audited), answered with the PDF
    "rights:breach_report": {
        "obj": "rights_breach",
        "get": "405 405 405 405 405 405 405",
        "post": "200 403 403 403 404 404 404",
    },
    "rights:processor_list": {"obj": None, "get": "200 403 403 403 403 403 403"},
    "rights:processor_create": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "rights:processor_edit": {
        "obj": "rights_processor",
        "get": "200 403 403 403 404 404 404",
        "post": "200 403 403 403 404 404 404",
    },
    "rights:notice_publish": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
}
# her own page (/me/): no staff sign-in; without her session every page sends her to
# sign in (302), the sign-in page itself answers 200, the quick exit always leaves (302)
PUBLIC: dict[str, int] = {
    "me:home": 302,
    "me:sign_in": 200,
    "me:verify": 302,
    "me:quick_exit": 302,
    "me:sign_out": 405,
    "me:notice": 404,  # without ?org=<uuid> of an organisation that published one
    "me:consent_withdraw": 405,
}
API_EXPECTED: dict[str, object] = {}


def _request(world, org: str, member, kind: str):
    from saathi.people.services import next_reference
    from saathi.rights.models import RightsRequest

    return RightsRequest.objects.create(
        reference=next_reference("RR")[0],
        organisation=world.orgs[org],
        member=member,
        kind=kind,
        verification="in_person_document",
        language="bn",
        details="Sweep",
        created_by=world.user(org, Role.SOCIAL_WORKER),
    )


def objects(world, org: str, role: str) -> dict:
    member = world.members[f"{org}1"]
    # erasure of another member than the one every other route uses
    other = world.members.get(f"{org}2", member)
    return {
        "rights_request": {"uuid": _request(world, org, member, "access").uuid},
        "rights_erasure": {"uuid": _request(world, org, other, "erasure").uuid},
        "rights_breach": {"uuid": _breach(world, org, member).uuid},
        "rights_processor": {"uuid": _processor(world, org).uuid},
    }


def _processor(world, org: str):
    from django.utils import timezone

    from saathi.rights.models import Processor

    return Processor.objects.create(
        organisation=world.orgs[org],
        name="Sweep SMS",
        kind="sms_gateway",
        contract_on=timezone.localdate(),
        data_shared="Phone numbers",
    )


def _breach(world, org: str, member):
    from django.utils import timezone

    from saathi.rights import breaches

    return breaches.breach_record(
        organisation=world.orgs[org],
        detected_at=timezone.now(),
        members=[member],
        actor=world.user(org, Role.ORG_ADMIN),
        occurred="Sweep",
        nature="Sweep",
        consequences="Sweep",
        mitigation="Sweep",
        member_steps="Sweep",
        contact="98300 00000",
    )


def api_objects(world) -> dict:
    return {}
