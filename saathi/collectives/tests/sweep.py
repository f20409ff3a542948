"""URL-sweep expectations for the collectives routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order (admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer); see saathi/entitlements/tests/sweep.py for the format.
"""

from saathi.core.policy import Role

ALL6 = "200 200 200 200 200 200"
MANAGE_DIRECTORY = "200 200 200 200 200 403"
EXPECTED: dict[str, dict] = {
    "collectives:duty_bearer_list": {"obj": None, "get": f"{ALL6} 403"},
    "collectives:duty_bearer_create": {
        "obj": None,
        "get": f"{MANAGE_DIRECTORY} 403",
        "post": f"{MANAGE_DIRECTORY} 403",
    },
    "collectives:duty_bearer_detail": {"obj": "col_duty_bearer", "get": f"{ALL6} 404"},
    "collectives:duty_bearer_edit": {
        "obj": "col_duty_bearer",
        "get": f"{MANAGE_DIRECTORY} 404",
        "post": f"{MANAGE_DIRECTORY} 404",
    },
}
PUBLIC: dict[str, int] = {}

API_EXPECTED: dict[str, object] = {
    "/api/duty-bearers": ("ok", None),
    "/api/duty-bearers/{uuid}": ("ok", "col_duty_bearer"),
}


def _duty_bearer(world, org: str):
    from saathi.collectives import services

    return services.duty_bearer_create(
        organisation=world.orgs[org],
        data={
            "title": "District Collector",
            "office": "Collectorate",
            "level": "district",
            "state": "WB",
            "district": "Nadia",
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )


def objects(world, org: str, role: str) -> dict:
    return {"col_duty_bearer": {"uuid": _duty_bearer(world, org).uuid}}


def api_objects(world) -> dict:
    return {"col_duty_bearer": {"uuid": _duty_bearer(world, "a").uuid}}
