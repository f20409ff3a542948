"""The only way a view gets one livelihoods record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core.access import fetch

from .models import Debt, Device, FollowUp, HealthDrive, Support


def access_support(user, uuid, cap: str | None = None) -> Support:
    return fetch(
        Support.objects.visible_to(user).select_related("member", "campaign"), user, uuid, cap=cap
    )


def access_follow_up(user, uuid, cap: str | None = None) -> FollowUp:
    return fetch(
        FollowUp.objects.visible_to(user).select_related("support", "member"), user, uuid, cap=cap
    )


def access_debt(user, uuid, cap: str | None = None) -> Debt:
    """An informal debt: only those who may see debts reach it (others get 404)."""
    return fetch(Debt.objects.visible_to(user).select_related("member"), user, uuid, cap=cap)


def access_device(user, uuid, cap: str | None = None) -> Device:
    return fetch(
        Device.objects.visible_to(user).select_related("member", "collective", "campaign"),
        user,
        uuid,
        cap=cap,
    )


def access_drive(user, uuid, cap: str | None = None) -> HealthDrive:
    return fetch(
        HealthDrive.objects.visible_to(user).select_related("collective"), user, uuid, cap=cap
    )
