"""URL-sweep expectations for the linkage routes; read by saathi/core/tests/test_url_sweep.py.

EXPECTED: route name -> {"obj": kind or None, "get": "...", "post": "..."} with statuses
in the sweep's ROLES order (admin, facilitator, social worker, legal advocate, leader,
volunteer, viewer). objects(world, org, role) returns {kind: url kwargs} for fresh
records of organisation ``org``. API_EXPECTED and api_objects(world) do the same for the
API: path -> ("ok", kind) or {"obj": kind, "get": "...", "post": "..."}, and
{kind: path params}.
"""

EXPECTED: dict[str, dict] = {}
API_EXPECTED: dict[str, object] = {}


def objects(world, org: str, role: str) -> dict:
    return {}


def api_objects(world) -> dict:
    return {}
