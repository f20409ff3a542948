"""Long-lived, versioned cache headers for static files in demo mode.

Production runs ``collectstatic`` with WhiteNoise's ``CompressedManifestStaticFilesStorage``:
every URL carries a content hash in the file name and WhiteNoise serves it as immutable.
Demo mode serves from the finders without ``collectstatic``; there the URL
``{% static %}`` writes carries the hash of the file's content as ``?v=``, and a request
whose ``v`` is the file's current hash is cached for a year as immutable. A request
without it (or with an old one) keeps WhiteNoise's short ``max-age``, so an edited file
is never stuck in a browser.
"""

from __future__ import annotations

import hashlib
import os

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.middleware import WhiteNoiseMiddleware

FOREVER = 10 * 365 * 24 * 60 * 60
_versions: dict[str, tuple[float, str]] = {}


def version_of(name: str) -> str:
    """The first 12 hex digits of the SHA-256 of the static file ``name`` ('' if none)."""
    path = finders.find(name)
    if not path or isinstance(path, list):
        return ""
    mtime = os.stat(path).st_mtime
    cached = _versions.get(name)
    if cached and cached[0] == mtime:
        return cached[1]
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:12]
    _versions[name] = (mtime, digest)
    return digest


class VersionedStaticFilesStorage(StaticFilesStorage):
    """Demo mode's storage: the URL of a file carries its content hash (``?v=``)."""

    def url(self, name):
        url = super().url(name)
        version = version_of(name) if name else ""
        return f"{url}?v={version}" if version else url


class VersionedWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, plus a year's immutable caching for a URL with the file's current hash."""

    def __call__(self, request):
        response = super().__call__(request)
        version = request.GET.get("v")
        if (
            version
            and response.status_code in (200, 304)
            and request.path_info.startswith(self.static_prefix)
            and version == version_of(request.path_info[len(self.static_prefix) :])
        ):
            response["Cache-Control"] = f"max-age={FOREVER}, public, immutable"
        return response
