"""URL-sweep expectations for the advocacy routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order (admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer); see saathi/entitlements/tests/sweep.py for the format.
Viewers reach no advocacy record (404) and no page (403): they see counts on the figures
page only (``advocacy/_aggregates.html``, suppressed).
"""

from saathi.core.policy import Role

VIEW = "200 200 200 200 200 200"  # every role but the viewer
MANAGE = "200 200 403 403 200 403"  # admin, facilitator, leader record advocacy
# a new record's page: admins and facilitators choose where it goes; a leader has one
# collective and is sent straight to its form
PLACE = "200 200 403 403 302 403 403"
DONE = "302 302 403 403 302 403 404"


def _obj(kind, get=None, post=None):
    spec: dict = {"obj": kind}
    if get:
        spec["get"] = get
    if post:
        spec["post"] = post
    return spec


EXPECTED: dict[str, dict] = {
    "advocacy:index": _obj(None, f"{VIEW} 403"),
    "advocacy:outlet_list": _obj(None, f"{VIEW} 403"),
    "advocacy:outlet_create": _obj(None, f"{MANAGE} 403", f"{MANAGE} 403"),
    "advocacy:outlet_detail": _obj("adv_outlet", f"{VIEW} 404"),
    "advocacy:outlet_edit": _obj("adv_outlet", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:journalist_list": _obj(None, f"{VIEW} 403"),
    "advocacy:journalist_create": _obj(None, f"{MANAGE} 403", f"{MANAGE} 403"),
    "advocacy:journalist_detail": _obj("adv_journalist", f"{VIEW} 404"),
    "advocacy:journalist_edit": _obj("adv_journalist", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:treatment_add": _obj("adv_journalist", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:campaign_list": _obj(None, f"{VIEW} 403"),
    "advocacy:campaign_create": _obj(None, PLACE, PLACE),
    "advocacy:campaign_detail": _obj("adv_campaign", f"{VIEW} 404"),
    "advocacy:campaign_edit": _obj("adv_campaign", f"{MANAGE} 404", f"{MANAGE} 404"),
    # the POST (with a language) makes the PDF; an empty one shows the form again
    "advocacy:campaign_print": _obj("adv_campaign", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:engagement_list": _obj(None, f"{VIEW} 403"),
    "advocacy:engagement_create": _obj(None, PLACE, PLACE),
    "advocacy:engagement_detail": _obj("adv_engagement", f"{VIEW} 404"),
    "advocacy:engagement_edit": _obj("adv_engagement", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:participant_add": _obj("adv_engagement", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:engagement_publish": _obj("adv_engagement", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:engagement_move": _obj("adv_engagement", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:engagement_scan": _obj("adv_published", f"{VIEW} 404"),
    "advocacy:consent_record": _obj("adv_participant", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:review_record": _obj("adv_participant", f"{MANAGE} 404", f"{MANAGE} 404"),
    # every role that records consent may record her withdrawal (then sent back)
    "advocacy:consent_withdraw": _obj(
        "adv_participant", "405 405 405 405 405 405 405", "302 302 302 302 302 302 404"
    ),
    "advocacy:action_list": _obj(None, f"{VIEW} 403"),
    "advocacy:action_create": _obj(None, PLACE, PLACE),
    "advocacy:action_detail": _obj("adv_action", f"{VIEW} 404"),
    "advocacy:action_edit": _obj("adv_action", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:action_response": _obj("adv_action", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:document_add": _obj("adv_action", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:document_file": _obj("adv_document", f"{VIEW} 404"),
    "advocacy:follow_up_add": _obj("adv_action", f"{MANAGE} 404", f"{MANAGE} 404"),
    "advocacy:follow_up_done": _obj("adv_follow_up", "405 405 405 405 405 405 405", DONE),
    "advocacy:outcome_list": _obj(None, f"{VIEW} 403"),
    "advocacy:outcome_create": _obj(None, PLACE, PLACE),
    "advocacy:outcome_detail": _obj("adv_outcome", f"{VIEW} 404"),
    "advocacy:outcome_edit": _obj("adv_outcome", f"{MANAGE} 404", f"{MANAGE} 404"),
    # the admin recorded it: her own verification is refused with a message
    "advocacy:outcome_verify": _obj("adv_outcome", "405 405 405 405 405 405 405", DONE),
    # the evidence names members: only those who record advocacy open it
    "advocacy:outcome_evidence": _obj("adv_outcome", f"{MANAGE} 404"),
}
PUBLIC: dict[str, int] = {}

API_EXPECTED: dict[str, object] = {
    "/api/advocacy/engagements": ("ok", None),
    "/api/advocacy/engagements/{uuid}": ("ok", "adv_engagement"),
    "/api/advocacy/actions": ("ok", None),
    "/api/advocacy/actions/{uuid}": ("ok", "adv_action"),
    "/api/advocacy/outcomes": ("ok", None),
    "/api/advocacy/outcomes/{uuid}": ("ok", "adv_outcome"),
}


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saathi.core.tests.samples import png_bytes

    return SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")


def _records(world, org: str) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from saathi.advocacy import services

    from .helpers import CONSENT, duty_bearer, in_collective

    admin = world.user(org, Role.ORG_ADMIN)
    organisation, collective = world.orgs[org], world.collectives[f"{org}1"]
    today = timezone.localdate()
    outlet = services.outlet_create(
        organisation=organisation,
        data={"name": "Sweep TV", "kind": "tv", "language": "bn"},
        actor=admin,
    )
    journalist = services.journalist_create(
        organisation=organisation, data={"name": "Sweep reporter", "outlet": outlet}, actor=admin
    )
    campaign = services.campaign_create(
        organisation=organisation,
        data={"title": "Rations for all", "started_on": today, "collective": collective},
        actor=admin,
    )

    def engagement():
        return services.engagement_create(
            organisation=organisation,
            data={
                "kind": "interview",
                "on": today,
                "topic": "Rations",
                "collective": collective,
                "campaign": campaign,
                "outlet": outlet,
                "handled_by": admin,
            },
            actor=admin,
        )

    member = in_collective(world, f"{org}1")
    eng = engagement()
    participant = services.participant_add(
        engagement=eng, member=member, role="leader", actor=admin
    )
    services.identity_consent_record(participant=participant, data=dict(CONSENT), actor=admin)
    published = engagement()
    services.engagement_publish(
        engagement=published, data={"published_on": today}, scan=_png(), actor=admin
    )
    action = services.action_create(
        organisation=organisation,
        data={
            "kind": "memorandum",
            "on": today,
            "title": "Memorandum",
            "demand": "Rations",
            "collective": collective,
            "campaign": campaign,
            "duty_bearers": [duty_bearer(world, org)],
        },
        actor=admin,
    )
    document = services.document_add(
        action=action, data={"title": "Receipt"}, upload=_png(), actor=admin
    )
    follow_up = services.follow_up_add(
        action=action,
        data={"due_on": today + timedelta(days=7), "note": "Ask for the answer"},
        actor=admin,
    )
    outcome = services.outcome_create(
        organisation=organisation,
        data={
            "kind": "government_order",
            "title": "Order",
            "on": today,
            "collective": collective,
            "campaign": campaign,
            "reach_count": 600,
            "evidence_names_people": True,
            "actions": [action],
        },
        evidence=_png(),
        actor=admin,
    )
    return {
        "adv_outlet": {"uuid": outlet.uuid},
        "adv_journalist": {"uuid": journalist.uuid},
        "adv_campaign": {"uuid": campaign.uuid},
        "adv_engagement": {"uuid": eng.uuid},
        "adv_published": {"uuid": published.uuid},
        "adv_participant": {"uuid": participant.uuid},
        "adv_action": {"uuid": action.uuid},
        "adv_document": {"uuid": action.uuid, "doc": document.uuid},
        "adv_follow_up": {"uuid": follow_up.uuid},
        "adv_outcome": {"uuid": outcome.uuid},
    }


def objects(world, org: str, role: str) -> dict:
    return _records(world, org)


def api_objects(world) -> dict:
    return _records(world, "a")
