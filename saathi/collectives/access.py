"""The only way a view gets one collectives record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core.access import fetch
from saathi.people.models import Collective

from .models import (
    ActionItem,
    Claim,
    Decision,
    DutyBearer,
    GroupSession,
    OfficeBearer,
    Training,
    TrainingParticipant,
    TrainingSession,
)


def access_duty_bearer(user, uuid, cap: str | None = None) -> DutyBearer:
    """An entry of the directory of duty bearers (other modules use this one too)."""
    return fetch(DutyBearer.objects.visible_to(user), user, uuid, cap=cap)


def access_collective(user, uuid, cap: str | None = None) -> Collective:
    """A collective; with ``cap``, held on the collective itself (a leader's grant on it
    counts, unlike ``people.access.access_collective`` which asks for the organisation)."""
    return fetch(
        Collective.objects.visible_to(user).select_related("organisation"),
        user,
        uuid,
        cap=cap,
        reach=lambda c: (c.organisation_id, [c.pk]),
    )


def access_session(user, uuid, cap: str | None = None) -> GroupSession:
    return fetch(
        GroupSession.objects.visible_to(user).select_related("collective", "led_by", "facilitator"),
        user,
        uuid,
        cap=cap,
    )


def access_decision(user, uuid, cap: str | None = None) -> Decision:
    return fetch(Decision.objects.visible_to(user).select_related("session"), user, uuid, cap=cap)


def access_action_item(user, uuid, cap: str | None = None) -> ActionItem:
    return fetch(
        ActionItem.objects.visible_to(user).select_related("collective", "session"),
        user,
        uuid,
        cap=cap,
    )


def access_claim(user, uuid, cap: str | None = None) -> Claim:
    return fetch(
        Claim.objects.visible_to(user).select_related("collective", "duty_bearer", "drive"),
        user,
        uuid,
        cap=cap,
    )


def access_office_bearer(user, uuid, cap: str | None = None) -> OfficeBearer:
    return fetch(
        OfficeBearer.objects.visible_to(user).select_related("collective", "member"),
        user,
        uuid,
        cap=cap,
    )


def access_training(user, uuid, cap: str | None = None) -> Training:
    """A training series; one of the organisation (no collective) is reached through an
    organisation grant only."""
    return fetch(
        Training.objects.visible_to(user).select_related("collective"), user, uuid, cap=cap
    )


def access_training_session(user, uuid, cap: str | None = None) -> TrainingSession:
    return fetch(
        TrainingSession.objects.visible_to(user).select_related("training", "training__collective"),
        user,
        uuid,
        cap=cap,
    )


def access_training_participant(user, uuid, cap: str | None = None) -> TrainingParticipant:
    """A participant of a training (a member or a member of staff), scoped like the
    training: its organisation and collective are hers (never the collectives of the
    member, for a training of the organisation)."""
    return fetch(
        TrainingParticipant.objects.visible_to(user).select_related(
            "training", "training__collective", "member", "user"
        ),
        user,
        uuid,
        cap=cap,
        reach=lambda p: (p.organisation_id, [p.collective_id] if p.collective_id else []),
    )
