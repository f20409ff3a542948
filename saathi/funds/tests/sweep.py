"""URL-sweep expectations for the fundraising routes; read by saathi/core/tests/test_url_sweep.py.

The routes moved from ``relief:`` to ``funds:`` with the app (ADR 0023); the statuses did
not change. The records are the relief sweep's own (a campaign that pays for a
programme, a donation, an expenditure with a receipt), so both sweeps walk the same data.
Format: see saathi/relief/tests/sweep.py.
"""

from saathi.core.policy import Role
from saathi.relief.tests.sweep import ALL_405, MANAGE, _records

EXPECTED: dict[str, dict] = {
    "funds:campaign_create": {
        "obj": None,
        "get": "200 200 403 403 403 403 403",
        "post": "200 200 403 403 403 403 403",
    },
    "funds:campaign_detail": {"obj": "campaign", "get": "200 200 200 200 200 200 404"},
    "funds:campaign_edit": {"obj": "campaign", "get": MANAGE, "post": MANAGE},
    "funds:donation_add": {"obj": "campaign", "get": MANAGE, "post": MANAGE},
    "funds:expenditure_add": {"obj": "campaign", "get": MANAGE, "post": MANAGE},
    "funds:ledger_export": {
        "obj": "campaign",
        "get": ALL_405,
        "post": "302 302 403 403 403 403 404",
    },
    "funds:donation_reverse": {"obj": "donation", "get": MANAGE, "post": MANAGE},
    "funds:expenditure_reverse": {"obj": "expenditure", "get": MANAGE, "post": MANAGE},
    "funds:expenditure_receipt": {
        "obj": "expenditure",
        "get": "200 200 200 200 403 200 404",
    },
}
API_EXPECTED: dict[str, object] = {
    # the API paths kept their /relief/ prefix
    "/api/relief/campaigns": ("ok", None),
    "/api/relief/campaigns/{uuid}": ("ok", "campaign"),
    "/api/relief/donations": ("ok", None),
}


def objects(world, org: str, role: str) -> dict:
    _programme, campaign, _dist, _blist, donation, expenditure, _challenge = _records(
        world, org, role
    )
    return {
        "campaign": {"uuid": campaign.uuid},
        "donation": {"uuid": donation.uuid},
        "expenditure": {"uuid": expenditure.uuid},
    }


def api_objects(world) -> dict:
    _programme, campaign, *_rest = _records(world, "a", Role.FACILITATOR)
    return {"campaign": {"uuid": campaign.uuid}}
