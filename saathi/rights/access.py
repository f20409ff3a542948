"""The only way a view gets one rights record: scoped, 404 for "missing" and "not yours"."""

from saathi.core.access import fetch

from .models import Breach, Processor, RightsRequest


def access_request(user, uuid, cap: str | None = None) -> RightsRequest:
    return fetch(
        RightsRequest.objects.visible_to(user).select_related("member", "created_by"),
        user,
        uuid,
        cap=cap,
    )


def access_breach(user, uuid, cap: str | None = None) -> Breach:
    return fetch(
        Breach.objects.visible_to(user).select_related("organisation"), user, uuid, cap=cap
    )


def access_processor(user, uuid, cap: str | None = None) -> Processor:
    return fetch(Processor.objects.visible_to(user), user, uuid, cap=cap)
