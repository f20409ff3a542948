"""URL-sweep expectations for the relief stock routes; read by
saathi/core/tests/test_url_sweep.py (statuses in its ROLES order)."""

from saathi.core.policy import Role

ALL6 = "200 200 200 200 200 200"
MANAGE = "200 200 403 403 403 403 403"  # receipts, moves, counts: admins and facilitators
EXPECTED: dict[str, dict] = {
    "stock:index": {"obj": None, "get": f"{ALL6} 403"},
    "stock:place_create": {"obj": None, "get": MANAGE, "post": MANAGE},
    "stock:item_create": {"obj": None, "get": MANAGE, "post": MANAGE},
    "stock:place_detail": {"obj": "stock_place", "get": f"{ALL6} 404"},
    "stock:receive": {"obj": None, "get": MANAGE, "post": MANAGE},
    # give out: whoever records distributions (not legal advocates, viewers)
    "stock:give": {
        "obj": None,
        "get": "200 200 200 403 200 200 403",
        "post": "200 200 200 403 200 200 403",
    },
    "stock:move": {"obj": None, "get": MANAGE, "post": MANAGE},
    "stock:count": {"obj": None, "get": MANAGE, "post": MANAGE},
    # where a programme's item is given from: those who manage stock
    "stock:source_edit": {
        "obj": "stock_relief_item",
        "get": "200 200 403 403 403 403 404",
        "post": "200 200 403 403 403 403 404",
    },
}
PUBLIC: dict[str, int] = {}
API_EXPECTED: dict[str, object] = {
    "/api/stock/levels": ("ok", None),
    "/api/stock/movements": ("ok", None),
    "/api/stock/distributions": ("ok", None),  # POST with an empty body is refused (422)
}


def _place(world, org: str):
    import uuid

    from saathi.relief.stock import services

    return services.place_create(
        organisation=world.orgs[org],
        name=f"Office store {uuid.uuid4().hex[:6]}",
        actor=world.user(org, Role.ORG_ADMIN),
    )


def _relief_item(world, org: str):
    from saathi.relief.tests.helpers import item, make_programme

    return item(make_programme(world, org), "Ration kit")


def objects(world, org: str, role: str) -> dict:
    return {
        "stock_place": {"uuid": _place(world, org).uuid},
        "stock_relief_item": {"uuid": _relief_item(world, org).uuid},
    }


def api_objects(world) -> dict:
    return {"stock_place": {"uuid": _place(world, "a").uuid}}
