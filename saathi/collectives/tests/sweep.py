"""URL-sweep expectations for the collectives routes; read by saathi/core/tests/test_url_sweep.py.

Statuses in the sweep's ROLES order (admin, facilitator, social worker, legal advocate,
leader, volunteer, viewer); see saathi/entitlements/tests/sweep.py for the format.
"""

from saathi.core.policy import Role

ALL6 = "200 200 200 200 200 200"
MANAGE_DIRECTORY = "200 200 200 200 200 403"
RECORD = "200 200 403 403 200 200"
CLAIMS = "200 200 403 200 200 403"
PROFILE = "200 200 403 403 200 403"  # the collective's profile: admin, facilitator, leader  # draft, move and print claims: not social workers, volunteers  # record sessions: admin, facilitator, leader, volunteer
TRAIN = "200 200 403 403 403 403"  # trainings are run by admins and facilitators
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
    "collectives:index": {"obj": None, "get": f"{ALL6} 403"},
    "collectives:collective": {"obj": "col_collective", "get": f"{ALL6} 403"},
    "collectives:session_create": {
        "obj": "col_collective",
        "get": f"{RECORD} 403",
        "post": f"{RECORD} 403",
    },
    "collectives:session_detail": {"obj": "col_session", "get": f"{ALL6} 404"},
    "collectives:session_edit": {
        "obj": "col_session",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    "collectives:session_attendance": {
        "obj": "col_session",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    "collectives:decision_add": {
        "obj": "col_session",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    "collectives:action_item_add": {
        "obj": "col_session",
        "get": f"{RECORD} 404",
        "post": f"{RECORD} 404",
    },
    # an empty POST is refused with a message and sent back to the session
    "collectives:action_item_status": {
        "obj": "col_item",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 403 403 302 302 404",
    },
    "collectives:claim_list": {"obj": None, "get": f"{ALL6} 403"},
    "collectives:claim_create": {
        "obj": "col_collective",
        "get": f"{CLAIMS} 403",
        "post": f"{CLAIMS} 403",
    },
    "collectives:claim_detail": {"obj": "col_claim", "get": f"{ALL6} 404"},
    "collectives:claim_edit": {
        "obj": "col_claim",
        "get": f"{CLAIMS} 404",
        "post": f"{CLAIMS} 404",
    },
    "collectives:claim_move": {
        "obj": "col_claim",
        "get": f"{CLAIMS} 404",
        "post": f"{CLAIMS} 404",
    },
    # the POST prints the PDF
    "collectives:claim_petition": {
        "obj": "col_claim",
        "get": f"{CLAIMS} 404",
        "post": f"{CLAIMS} 404",
    },
    # a granted claim starts a drive: edit_claims and run_drives (not legal advocates)
    "collectives:claim_drive": {
        "obj": "col_claim",
        "get": "200 200 403 403 200 403 404",
        "post": "200 200 403 403 200 403 404",
    },
    "collectives:profile_edit": {
        "obj": "col_collective",
        "get": f"{PROFILE} 403",
        "post": f"{PROFILE} 403",
    },
    "collectives:office_bearer_add": {
        "obj": "col_collective",
        "get": f"{PROFILE} 403",
        "post": f"{PROFILE} 403",
    },
    "collectives:office_bearer_end": {
        "obj": "col_bearer",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 403 403 302 403 404",
    },
    "collectives:member_growth": {"obj": "member", "get": f"{ALL6} 404"},
    # counts only, suppressed: every role that holds view_aggregates (not volunteers)
    "collectives:figures": {"obj": None, "get": "200 200 200 200 200 403 200"},
    "collectives:training_list": {"obj": None, "get": f"{ALL6} 403"},
    "collectives:training_create": {"obj": None, "get": f"{TRAIN} 403", "post": f"{TRAIN} 403"},
    "collectives:training_detail": {"obj": "col_training", "get": f"{ALL6} 404"},
    "collectives:training_edit": {
        "obj": "col_training",
        "get": f"{TRAIN} 404",
        "post": f"{TRAIN} 404",
    },
    "collectives:training_session_add": {
        "obj": "col_training",
        "get": f"{TRAIN} 404",
        "post": f"{TRAIN} 404",
    },
    "collectives:training_participant_add": {
        "obj": "col_training",
        "get": f"{TRAIN} 404",
        "post": f"{TRAIN} 404",
    },
    "collectives:training_attendance": {
        "obj": "col_training_session",
        "get": f"{TRAIN} 404",
        "post": f"{TRAIN} 404",
    },
    # an empty POST is refused at the fields (topic, date, place): the form again
    "collectives:training_session_edit": {
        "obj": "col_training_session",
        "get": f"{TRAIN} 404",
        "post": f"{TRAIN} 404",
    },
    # GET: the confirmation page; POST removes the session (no attendance yet) or her
    "collectives:training_session_remove": {
        "obj": "col_training_session",
        "get": f"{TRAIN} 404",
        "post": "302 302 403 403 403 403 404",
    },
    "collectives:training_participant_remove": {
        "obj": "col_training_participant",
        "get": f"{TRAIN} 404",
        "post": "302 302 403 403 403 403 404",
    },
}
PUBLIC: dict[str, int] = {}

API_EXPECTED: dict[str, object] = {
    "/api/duty-bearers": ("ok", None),
    "/api/duty-bearers/{uuid}": ("ok", "col_duty_bearer"),
    "/api/sessions": ("ok", None),  # POST with an empty body is refused (422)
    "/api/sessions/{uuid}": ("ok", "col_session"),
    # writes need record_sessions: social workers and legal advocates are refused (403)
    "/api/sessions/{uuid}/attendance": {
        "obj": "col_session",
        "get": "200 200 200 200 401 401 401",
        "post": "422 422 403 403 401 401 401",
    },
    "/api/sessions/{uuid}/decisions": {
        "obj": "col_session",
        "get": "200 200 200 200 401 401 401",
        "post": "422 422 403 403 401 401 401",
    },
    "/api/sessions/{uuid}/action-items": {
        "obj": "col_session",
        "post": "422 422 403 403 401 401 401",
    },
    "/api/action-items": ("ok", None),
    "/api/claims": ("ok", None),  # POST with an empty body is refused (422)
    "/api/claims/{uuid}": ("ok", "col_claim"),
    "/api/claims/{uuid}/transitions": {
        "obj": "col_claim",
        "post": "422 422 403 422 401 401 401",
    },
    "/api/trainings": ("ok", None),
    "/api/trainings/{uuid}": ("ok", "col_training"),
    # attendance of a training needs manage_trainings: admins and facilitators
    "/api/training-sessions/{uuid}/attendance": {
        "obj": "col_training_session",
        "post": "422 422 403 403 401 401 401",
    },
    "/api/action-items/{uuid}/status": {
        "obj": "col_item",
        "post": "422 422 403 403 401 401 401",
    },
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


def _session(world, org: str):
    from datetime import timedelta

    from django.utils import timezone

    from saathi.collectives import services

    admin = world.user(org, Role.ORG_ADMIN)
    session = services.session_create(
        collective=world.collectives[f"{org}1"],
        data={
            "kind": "general",
            "on": timezone.localdate(),
            "facilitator": world.user(org, Role.FACILITATOR),
        },
        actor=admin,
    )
    item = services.action_item_add(
        session=session,
        data={
            "text": "Visit the ration shop",
            # a user, not a member: the sweep's own routes end memberships as it walks
            "user": world.user(org, Role.FACILITATOR),
            "due_on": timezone.localdate() + timedelta(days=7),
        },
        actor=admin,
    )
    return session, item


def _claim(world, org: str):
    from saathi.collectives import services

    return services.claim_create(
        collective=world.collectives[f"{org}1"],
        data={
            "duty_bearer": _duty_bearer(world, org),
            "title": "Ration cards for all",
            "demand": "Ration cards for every member",
            "method": "memorandum",
            "members": [_in_collective(world, org)],
            "language": "bn",
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )


def _in_collective(world, org: str):
    """Her, a current member of the collective: the sweep's own routes end memberships as
    it walks (people:member_end_membership), so she joins again when hers was ended."""
    from saathi.people.models import Membership
    from saathi.people.services import refresh_membership_copies

    member, collective = world.members[f"{org}1"], world.collectives[f"{org}1"]
    if not Membership.objects.filter(
        member=member, collective=collective, left_on__isnull=True
    ).exists():
        Membership.objects.create(member=member, collective=collective)
        refresh_membership_copies(member)
    return member


def _training(world, org: str):
    from datetime import timedelta

    from django.utils import timezone

    from saathi.collectives import services

    admin = world.user(org, Role.ORG_ADMIN)
    training = services.training_create(
        organisation=world.orgs[org],
        collective=world.collectives[f"{org}1"],
        data={"title": "Leadership", "sessions_required": 1},
        actor=admin,
    )
    session = services.training_session_add(
        training=training,
        data={
            "topic": "Collective efficacy",
            "on": timezone.localdate() - timedelta(days=1),
            "place": "Hall",
        },
        actor=admin,
    )
    participant = services.training_participant_add(
        training=training, data={"user": world.user(org, Role.FACILITATOR)}, actor=admin
    )
    return training, session, participant


def objects(world, org: str, role: str) -> dict:
    session, item = _session(world, org)
    training, training_session, participant = _training(world, org)
    from django.utils import timezone

    from saathi.collectives import services

    bearer = services.office_bearer_add(
        collective=world.collectives[f"{org}1"],
        data={
            "member": _in_collective(world, org),
            "post": "secretary",
            "term_from": timezone.localdate(),
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )
    return {
        "col_bearer": {"uuid": bearer.uuid},
        "col_claim": {"uuid": _claim(world, org).uuid},
        "col_duty_bearer": {"uuid": _duty_bearer(world, org).uuid},
        "col_collective": {"uuid": world.collectives[f"{org}1"].uuid},
        "col_session": {"uuid": session.uuid},
        "col_item": {"uuid": item.uuid},
        "col_training": {"uuid": training.uuid},
        "col_training_session": {"uuid": training_session.uuid},
        "col_training_participant": {"uuid": participant.uuid},
    }


def api_objects(world) -> dict:
    session, item = _session(world, "a")
    training, training_session, _participant = _training(world, "a")
    return {
        "col_training": {"uuid": training.uuid},
        "col_training_session": {"uuid": training_session.uuid},
        "col_claim": {"uuid": _claim(world, "a").uuid},
        "col_duty_bearer": {"uuid": _duty_bearer(world, "a").uuid},
        "col_session": {"uuid": session.uuid},
        "col_item": {"uuid": item.uuid},
    }
