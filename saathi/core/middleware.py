"""Request-level limits that hold whatever proxy is (or is not) in front of the server."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class RequestSizeLimitMiddleware:
    """Refuse, with 413 and a page in the user's language, a request whose body is larger
    than ``SAATHI_REQUEST_MAX_BYTES`` before anything reads it.

    The documented nginx caps bodies at the same size (``client_max_body_size``); this is
    the same rule for a server reached without that proxy. Django's own
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds form fields but not uploaded files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.SAATHI_REQUEST_MAX_BYTES:
            return render(
                request,
                "errors/413.html",
                {"limit": settings.SAATHI_REQUEST_MAX_BYTES},
                status=413,
            )
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuse a query string holding a NUL character (``%00``), which no field of the
    platform can hold and PostgreSQL refuses to compare ("text fields cannot contain NUL"):
    422 with the fields named for the API (its documented error body), 400 for pages.
    Form bodies are already refused field by field (Django's forms prohibit NUL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = sorted({k for k, values in request.GET.lists() for v in values if "\x00" in v})
        bad += sorted({k for k in request.GET if "\x00" in k} - set(bad))
        if bad:
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            message = _("This holds a character that is not allowed (a NUL byte).")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "invalid", "errors": {k[:60]: [message] for k in bad}},
                    status=422,
                )
            return HttpResponseBadRequest(message)
        return self.get_response(request)
