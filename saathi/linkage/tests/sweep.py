"""URL-sweep expectations for the linkage routes; read by saathi/core/tests/test_url_sweep.py.

EXPECTED: route name -> {"obj": kind or None, "get": "...", "post": "..."} with statuses
in the sweep's ROLES order (admin, facilitator, social worker, legal advocate, leader,
volunteer, viewer). objects(world, org, role) returns {kind: url kwargs} for fresh
records of organisation ``org``. API_EXPECTED and api_objects(world) do the same for the
API: path -> ("ok", kind) or {"obj": kind, "get": "...", "post": "..."}, and
{kind: path params}.

Linking lists needs ``link_lists``: organisation admins, facilitators and social workers.
Objects of the other roles' own organisation answer 404 to them (they reach no list).
"""

LINKERS = "200 200 200 403 403 403 403"
LINKED_OBJ = "200 200 200 404 404 404 404"

EXPECTED: dict[str, dict] = {
    "linkage:index": {"obj": None, "get": LINKERS},
    "linkage:list_import": {"obj": None, "get": LINKERS, "post": LINKERS},
    "linkage:list_detail": {"obj": "list", "get": LINKED_OBJ},
    "linkage:run_create": {"obj": None, "get": LINKERS, "post": LINKERS},
    "linkage:run_detail": {"obj": "run", "get": LINKED_OBJ},
    "linkage:run_review": {"obj": "run", "get": LINKED_OBJ},
    # starts the audited export job (a POST), then its page
    "linkage:run_export": {
        "obj": "run",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 302 404 404 404 404",
    },
    # an empty POST is an invalid decision: the card again, with the error
    "linkage:pair_detail": {"obj": "pair", "get": LINKED_OBJ, "post": LINKED_OBJ},
    "linkage:beneficiary_detail": {"obj": "beneficiary", "get": LINKED_OBJ},
    # the registration form's live duplicate warning: whoever registers members
    "linkage:registration_check": {
        "obj": None,
        "get": "405 405 405 405 405 405 405",
        "post": "200 200 200 403 200 200 403",
    },
}

_API_LIST = "200 200 200 403 401 401 401"
_API_OBJ = "200 200 200 404 401 401 401"
API_EXPECTED: dict[str, object] = {
    "/api/linkage/lists": {"obj": None, "get": _API_LIST},
    "/api/linkage/runs": {"obj": None, "get": _API_LIST},
    "/api/linkage/runs/{uuid}": {"obj": "linkrun", "get": _API_OBJ},
    "/api/linkage/runs/{uuid}/pairs": {"obj": "linkrun", "get": _API_OBJ},
    "/api/linkage/pairs/{uuid}": {"obj": "linkpair", "get": _API_OBJ},
    # an empty body is refused (422) for whoever may see the pair
    "/api/linkage/pairs/{uuid}/decision": {
        "obj": "linkpair",
        "post": "422 422 422 404 401 401 401",
    },
}


def make_run(world, org: str):
    """A finished run of ``org`` with one pair to review (stored directly: the sweep
    tests routes, not the matcher)."""
    from saathi.core.policy import Role
    from saathi.linkage import services
    from saathi.linkage.imports import read_list
    from saathi.linkage.models import CandidatePair, LinkageRun

    from .factories import REGISTER, RELIEF, csv_bytes

    actor = world.user(org, Role.ORG_ADMIN)
    lists = [
        services.list_import(
            organisation=world.orgs[org],
            collective=None,
            name=name,
            read=read_list(csv_bytes(rows)),
            file_name="",
            actor=actor,
        )
        for name, rows in (("Register", REGISTER), ("Relief", RELIEF))
    ]
    run = services.run_create(
        actor=actor, organisation=world.orgs[org], lists=lists, against_registry=False
    )
    LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.DONE)
    left = lists[0].records.get(record_id="C1")
    right = lists[1].records.get(record_id="R1")
    pair = CandidatePair.objects.create(
        run=run,
        left=left,
        right=right,
        key_a=f"{lists[0].uuid}:C1",
        key_b=f"{lists[1].uuid}:R1",
        probability=0.8,
        fields={"given_name": "close", "phone": "agree"},
        band=CandidatePair.Band.REVIEW,
    )
    return lists[0], run, pair, left.beneficiary


def objects(world, org: str, role: str) -> dict:
    lst, run, pair, ben = make_run(world, org)
    return {
        "list": {"uuid": lst.uuid},
        "run": {"uuid": run.uuid},
        "pair": {"uuid": pair.uuid},
        "beneficiary": {"uuid": ben.uuid},
    }


def api_objects(world) -> dict:
    _lst, run, pair, _ben = make_run(world, "a")
    return {"linkrun": {"uuid": run.uuid}, "linkpair": {"uuid": pair.uuid}}
