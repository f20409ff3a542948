"""The only way a view gets one stock record: scoped, 404 for "missing" and "not yours"."""

from saathi.core.access import fetch

from .models import Place


def access_place(user, uuid, cap: str | None = None) -> Place:
    return fetch(
        Place.objects.visible_to(user),
        user,
        uuid,
        cap=cap,
        reach=lambda p: (p.organisation_id, [p.collective_id] if p.collective_id else []),
    )
