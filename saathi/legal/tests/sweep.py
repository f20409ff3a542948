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
FULL = "200 404 404 200 404 404 404"  # the whole record: advocates, and admins (audited)
READS = "403 404 404 200 404 404 404"  # a part the admin reads, only advocates write

EXPECTED: dict[str, dict] = {
    "legal:matter_list": {"obj": None, "get": LISTS},
    "legal:agenda": {"obj": None, "get": LISTS},
    "legal:member": {"obj": "member", "get": SUMMARY},
    "legal:matter_open": {"obj": "member", "get": ADVOCATE, "post": ADVOCATE},
    # a POST opens the confidential parts with a reason (an empty one: the form again)
    "legal:matter_detail": {
        "obj": "legal_matter",
        "get": SUMMARY,
        "post": "200 403 403 200 404 404 404",
    },
    "legal:matter_history": {"obj": "legal_matter", "get": FULL},
    "legal:matter_papers": {"obj": "legal_matter", "get": FULL, "post": FULL},
    "legal:matter_move": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    "legal:document_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    # the file: advocates, and admins (audited); the summary roles never
    "legal:document_file": {"obj": "legal_document", "get": FULL},
    "legal:complaint_add": {"obj": "legal_matter", "get": ADVOCATE, "post": ADVOCATE},
    # an admin reads complaints (audited) but does not write them
    "legal:complaint_answer": {"obj": "legal_complaint", "get": READS, "post": READS},
    "legal:complaint_escalate": {"obj": "legal_complaint", "get": READS, "post": READS},
    "legal:complaint_file": {
        "obj": "legal_complaint_file",
        "get": "200 404 404 200 404 404 404",
    },
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

NO_API = "401 401 401"  # leaders, volunteers, viewers hold no API capability
API_EXPECTED: dict[str, object] = {
    "/api/legal/matters": {
        "obj": None,
        "get": f"200 200 200 200 {NO_API}",
        "post": f"422 422 422 422 {NO_API}",  # an empty body
    },
    "/api/legal/matters/{uuid}": {"obj": "legal_matter", "get": f"200 200 200 200 {NO_API}"},
    # the parts of a matter: advocates, and admins reading; the summary roles get 404
    "/api/legal/matters/{uuid}/hearings": {
        "obj": "legal_matter",
        "get": f"200 404 404 200 {NO_API}",
        "post": f"403 403 403 422 {NO_API}",
    },
    "/api/legal/matters/{uuid}/compensation": {
        "obj": "legal_matter",
        "get": f"200 404 404 200 {NO_API}",
        "post": f"403 403 403 422 {NO_API}",
    },
    "/api/legal/matters/{uuid}/steps": {"obj": "legal_matter", "get": f"200 404 404 200 {NO_API}"},
    "/api/legal/matters/{uuid}/status": {
        "obj": "legal_matter",
        "post": f"403 403 403 422 {NO_API}",
    },
    "/api/legal/compensation/{uuid}/payments": {
        "obj": "legal_compensation",
        "post": f"404 404 404 422 {NO_API}",
    },
}


def objects(world, org: str, role: str) -> dict:
    f = full_matter(world, org)
    return {
        "legal_matter": {"uuid": f["matter"].uuid},
        "legal_compensation": {"uuid": f["compensation"].uuid},
        "legal_protection": {"uuid": f["protection"].uuid},
        "legal_consent": {"uuid": f["consent"].uuid},
        "legal_document": {"uuid": f["document"].uuid},
        "legal_complaint": {"uuid": f["complaint"].uuid},
        "legal_complaint_file": {"uuid": f["complaint"].uuid, "which": "complaint"},
    }


def api_objects(world) -> dict:
    f = full_matter(world, "a")
    return {
        "legal_matter": {"uuid": f["matter"].uuid},
        "legal_compensation": {"uuid": f["compensation"].uuid},
    }
