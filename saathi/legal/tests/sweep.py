"""URL-sweep expectations for the legal routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order: admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer. Leaders, volunteers and viewers reach nothing of a legal matter
(404 on records, 403 on lists); facilitators and social workers its summary; advocates all.
"""

from .factories import full_matter

SUMMARY = "200 200 200 200 404 404 404"
ADVOCATE = "403 403 403 200 404 404 404"  # the matter is visible, writing it is not
PART = "404 404 404 200 404 404 404"  # a claim or application: advocates only
LISTS = "200 200 200 200 403 403 403"

EXPECTED: dict[str, dict] = {
    "legal:matter_list": {"obj": None, "get": LISTS},
    "legal:agenda": {"obj": None, "get": LISTS},
    "legal:member": {"obj": "member", "get": SUMMARY},
    "legal:matter_open": {"obj": "member", "get": ADVOCATE, "post": ADVOCATE},
    "legal:matter_detail": {"obj": "legal_matter", "get": SUMMARY},
    "legal:matter_edit": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:identifier_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:person_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:hearing_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:compensation_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:threat_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:protection_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:compensation_edit": {"obj": "legal_compensation", "get": PART, "post": PART},
    "legal:payment_add": {"obj": "legal_compensation", "get": PART, "post": PART},
    "legal:protection_edit": {"obj": "legal_protection", "get": PART, "post": PART},
    "legal:letter": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:consent_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:consent_withdraw": {
        "obj": "legal_consent",
        "get": "405 405 405 405 405 405 405",
        "post": "404 404 404 302 404 404 404",
    },
}

API_EXPECTED: dict[str, object] = {}


def objects(world, org: str, role: str) -> dict:
    f = full_matter(world, org)
    return {
        "legal_matter": {"uuid": f["matter"].uuid},
        "legal_compensation": {"uuid": f["compensation"].uuid},
        "legal_protection": {"uuid": f["protection"].uuid},
        "legal_consent": {"uuid": f["consent"].uuid},
    }


def api_objects(world) -> dict:
    f = full_matter(world, "a")
    return {"legal_matter": {"uuid": f["matter"].uuid}}
