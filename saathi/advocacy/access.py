"""The only way a view gets one advocacy record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core.access import fetch

from .models import (
    AdvocacyAction,
    Campaign,
    Engagement,
    FollowUp,
    Journalist,
    MediaOutlet,
    Outcome,
    Participant,
)


def access_outlet(user, uuid, cap: str | None = None) -> MediaOutlet:
    return fetch(MediaOutlet.objects.visible_to(user), user, uuid, cap=cap)


def access_journalist(user, uuid, cap: str | None = None) -> Journalist:
    return fetch(Journalist.objects.visible_to(user).select_related("outlet"), user, uuid, cap=cap)


def access_campaign(user, uuid, cap: str | None = None) -> Campaign:
    return fetch(
        Campaign.objects.visible_to(user).select_related("collective"), user, uuid, cap=cap
    )


def access_engagement(user, uuid, cap: str | None = None) -> Engagement:
    return fetch(
        Engagement.objects.visible_to(user).select_related(
            "collective", "outlet", "journalist", "handled_by", "campaign"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_participant(user, uuid, cap: str | None = None) -> Participant:
    return fetch(
        Participant.objects.visible_to(user).select_related("engagement", "member"),
        user,
        uuid,
        cap=cap,
    )


def access_action(user, uuid, cap: str | None = None) -> AdvocacyAction:
    return fetch(
        AdvocacyAction.objects.visible_to(user).select_related(
            "collective", "campaign", "organisation"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_follow_up(user, uuid, cap: str | None = None) -> FollowUp:
    return fetch(FollowUp.objects.visible_to(user).select_related("action"), user, uuid, cap=cap)


def access_outcome(user, uuid, cap: str | None = None) -> Outcome:
    return fetch(
        Outcome.objects.visible_to(user).select_related("collective", "campaign", "verified_by"),
        user,
        uuid,
        cap=cap,
    )
