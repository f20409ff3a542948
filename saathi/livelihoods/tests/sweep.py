"""URL-sweep expectations for the livelihoods routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order (admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer); see saathi/entitlements/tests/sweep.py for the format.
"""

from saathi.core.policy import Role

ALL6 = "200 200 200 200 200 200"
RECORD = "200 200 200 403 200 403"  # record supports: not legal advocates, volunteers
MANAGE = "200 200 403 403 403 403"  # devices, health drives: admins and facilitators
EXPECTED: dict[str, dict] = {
    "livelihoods:index": {"obj": None, "get": f"{ALL6} 403"},
    "livelihoods:settings": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "livelihoods:support_list": {"obj": None, "get": f"{ALL6} 403"},
    "livelihoods:support_detail": {"obj": "liv_support", "get": f"{ALL6} 404"},
    "livelihoods:repayment_add": {
        "obj": "liv_loan",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    "livelihoods:follow_up": {
        "obj": "liv_follow_up",
        "get": f"{ALL6} 404",
        "post": f"{RECORD} 404",
    },
    "livelihoods:member": {"obj": "member", "get": f"{ALL6} 404"},
    "livelihoods:support_create": {
        "obj": "member",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    # informal debts: social workers and facilitators only; others never reach one (404)
    "livelihoods:debt_add": {
        "obj": "member",
        "get": "403 200 200 403 403 403 404",
        "post": "403 200 200 403 403 403 404",
    },
    "livelihoods:debt_list": {"obj": None, "get": "403 200 200 403 403 403 403"},
    # an empty POST marks the flagged debt as reviewed
    "livelihoods:debt_detail": {
        "obj": "liv_debt",
        "get": "404 200 200 404 404 404 404",
        "post": "404 302 302 404 404 404 404",
    },
    "livelihoods:device_list": {"obj": None, "get": f"{ALL6} 403"},
    "livelihoods:device_create": {"obj": None, "get": f"{MANAGE} 403", "post": f"{MANAGE} 403"},
    "livelihoods:device_find": {"obj": None, "get": f"{MANAGE} 403", "post": f"{MANAGE} 403"},
    # POST without show_serial shows the page again
    "livelihoods:device_detail": {
        "obj": "liv_device",
        "get": f"{ALL6} 404",
        "post": f"{ALL6} 404",
    },
    "livelihoods:device_edit": {
        "obj": "liv_device",
        "get": f"{MANAGE} 404",
        "post": f"{MANAGE} 404",
    },
    "livelihoods:device_status": {
        "obj": "liv_device",
        "get": "405 405 405 405 405 405 405",
        "post": f"{MANAGE} 404",
    },
    "livelihoods:drive_list": {"obj": None, "get": f"{ALL6} 403"},
    "livelihoods:drive_create": {"obj": None, "get": f"{MANAGE} 403", "post": f"{MANAGE} 403"},
    "livelihoods:drive_detail": {"obj": "liv_drive", "get": f"{ALL6} 404"},
    "livelihoods:drive_mark": {
        "obj": "liv_drive",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
}
PUBLIC: dict[str, int] = {}

API_EXPECTED: dict[str, object] = {
    "/api/livelihoods/supports": ("ok", None),  # POST with an empty body is refused (422)
    "/api/livelihoods/supports/{uuid}": ("ok", "liv_support"),
    # writes need record_livelihoods: legal advocates are refused (403)
    "/api/livelihoods/supports/{uuid}/repayments": {
        "obj": "liv_loan",
        "post": "422 422 422 403 401 401 401",
    },
    "/api/livelihoods/follow-ups": ("ok", None),
    "/api/livelihoods/follow-ups/{uuid}": {
        "obj": "liv_follow_up",
        "post": "422 422 422 403 401 401 401",
    },
    "/api/livelihoods/devices": ("ok", None),
    "/api/livelihoods/devices/{uuid}": ("ok", "liv_device"),
    "/api/livelihoods/health-drives": ("ok", None),
    "/api/livelihoods/health-drives/{uuid}/steps": {
        "obj": "liv_drive",
        "get": "200 200 200 200 401 401 401",
        "post": "422 422 422 403 401 401 401",
    },
}


def _records(world, org: str) -> dict:
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from saathi.livelihoods import services

    today = timezone.localdate()
    fac = world.user(org, Role.FACILITATOR)
    member = world.members[f"{org}1"]
    grant = services.support_create(
        member=member,
        data={"activity": "fruit_stall", "kind": "grant", "amount": "5000", "given_on": today},
        actor=fac,
    )
    loan = services.support_create(
        member=member,
        data={
            "activity": "tailoring",
            "kind": "loan",
            "amount": "6000",
            "given_on": today,
            "instalments": 6,
            "first_due_on": today + timedelta(days=30),
        },
        actor=fac,
    )
    debt = services.debt_record(
        member=member,
        data={
            "lender_kind": "brothel_keeper",
            "amount": Decimal("30000"),
            "rate": Decimal("5"),
            "rate_period": "month",
            "pressed": True,
            "details": "SECRET-LENDER",
        },
        actor=world.user(org, Role.SOCIAL_WORKER),
    )
    device = services.device_save(
        organisation=world.orgs[org],
        data={
            "kind": "smartphone",
            "model_name": "Redmi 9A",
            "serial": "356938035643809",
            "collective": world.collectives[f"{org}1"],
            "member": member,
            "given_on": today,
            "plan_renews_on": today + timedelta(days=20),
        },
        actor=fac,
    )
    drive = services.drive_create(
        organisation=world.orgs[org],
        data={
            "kind": "vaccination",
            "name": "Covid vaccination",
            "collective": world.collectives[f"{org}1"],
            "target": 50,
            "target_date": today + timedelta(days=60),
        },
        actor=fac,
    )
    return {
        "liv_support": {"uuid": grant.uuid},
        "liv_loan": {"uuid": loan.uuid},
        "liv_follow_up": {"uuid": grant.follow_ups.first().uuid},
        "liv_debt": {"uuid": debt.uuid},
        "liv_device": {"uuid": device.uuid},
        "liv_drive": {"uuid": drive.uuid},
    }


def objects(world, org: str, role: str) -> dict:
    return _records(world, org)


def api_objects(world) -> dict:
    return _records(world, "a")
