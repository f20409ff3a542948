"""Records for advocacy tests, written through the services."""

from __future__ import annotations

from django.utils import timezone

from saathi.advocacy import services
from saathi.core.policy import Role

CONSENT = {
    "name_shown": "real",
    "face": "shown",
    "voice": "own",
    "place_shown": False,
    "collective_shown": True,
    "language": "bn",
    "method": "signature",
}
BLURRED = {**CONSENT, "name_shown": "none", "face": "blurred", "voice": "altered"}


def outlet(world, org="a", **data):
    return services.outlet_create(
        organisation=world.orgs[org],
        data={"name": "Kolkata TV", "kind": "tv", "language": "bn", "reach": 200000, **data},
        actor=world.user(org, Role.FACILITATOR),
    )


def journalist(world, org="a", **data):
    return services.journalist_create(
        organisation=world.orgs[org],
        data={"name": "Ananya Sen", "outlet": data.pop("outlet", None), **data},
        actor=world.user(org, Role.FACILITATOR),
    )


def duty_bearer(world, org="a"):
    from saathi.collectives import services as col

    return col.duty_bearer_create(
        organisation=world.orgs[org],
        data={
            "title": "District Collector",
            "office": "Collectorate",
            "level": "district",
            "state": "WB" if org == "a" else "AP",
            "district": "Nadia" if org == "a" else "Guntur",
        },
        actor=world.user(org, Role.ORG_ADMIN),
    )


def in_collective(world, key: str):
    """Member ``key`` as a current member of her collective (sweeps end memberships)."""
    from saathi.people.models import Membership
    from saathi.people.services import refresh_membership_copies

    member, collective = world.members[key], world.collectives[key]
    if not Membership.objects.filter(
        member=member, collective=collective, left_on__isnull=True
    ).exists():
        Membership.objects.create(member=member, collective=collective)
        refresh_membership_copies(member)
    return member


def campaign(world, org="a", role=Role.FACILITATOR, **data):
    return services.campaign_create(
        organisation=world.orgs[org],
        data={
            "title": "Ration for every member",
            "started_on": timezone.localdate(),
            "collective": world.collectives[f"{org}1"],
            **data,
        },
        actor=world.user(org, role),
    )


def engagement(world, org="a", role=Role.FACILITATOR, **data):
    actor = world.user(org, role)
    return services.engagement_create(
        organisation=world.orgs[org],
        data={
            "kind": "interview",
            "on": timezone.localdate(),
            "topic": "Rations for women without ration cards",
            "collective": world.collectives[f"{org}1"],
            "handled_by": actor,
            **data,
        },
        actor=actor,
    )


def with_participant(world, org="a", consent=CONSENT, reviewed=True, **data):
    eng = engagement(world, org, **data)
    actor = world.user(org, Role.FACILITATOR)
    p = services.participant_add(
        engagement=eng, member=in_collective(world, f"{org}1"), role="leader", actor=actor
    )
    if consent is not None:
        services.identity_consent_record(participant=p, data=dict(consent), actor=actor)
        if reviewed:
            services.identity_review_record(participant=p, data={"review_how": "saw"}, actor=actor)
    return eng, p


def action(world, org="a", role=Role.FACILITATOR, **data):
    return services.action_create(
        organisation=world.orgs[org],
        data={
            "kind": "memorandum",
            "on": timezone.localdate(),
            "title": "Memorandum on rations",
            "demand": "Rations for every member without a ration card.",
            "collective": world.collectives[f"{org}1"],
            "duty_bearers": [duty_bearer(world, org)],
            **data,
        },
        actor=world.user(org, role),
    )


def outcome(world, org="a", role=Role.FACILITATOR, **data):
    return services.outcome_create(
        organisation=world.orgs[org],
        data={
            "kind": "government_order",
            "title": "Rations for women without cards",
            "on": timezone.localdate(),
            "collective": world.collectives[f"{org}1"],
            "reach_count": 600,
            **data,
        },
        actor=world.user(org, role),
    )


PUBLISH = {"published_link": "https://example.org/story"}


def publish(eng, world, org="a", **data):
    return services.engagement_publish(
        engagement=eng,
        data={"published_on": timezone.localdate(), **PUBLISH, **data},
        actor=world.user(org, Role.FACILITATOR),
    )
