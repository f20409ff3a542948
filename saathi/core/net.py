"""The client's address, taken from a trusted proxy only.

With ``SAATHI_TRUSTED_PROXIES = 0`` (the default) the address is ``REMOTE_ADDR`` and an
``X-Forwarded-For`` header, which any client can write, is ignored. With ``N`` proxies in
front of Saathi, each of them appends the address it saw, so the client is the N-th entry
from the right; entries further left were written by the client and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client as the nearest trusted proxy saw it."""
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    proxies = settings.SAATHI_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        # Not through the proxies (a direct connection on the server's own network):
        # the connection's own address is the client.
        return remote
    return _clean(forwarded[-proxies]) or remote
