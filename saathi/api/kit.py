"""What every router shares: paging, the capability decorator, the error bodies.

- ``Pagination``: page numbers are bounded (a page of 10**19 used to reach SQLite as a
  number it cannot hold and answer 500); a page past the end is an empty page.
- ``requires(cap)``: refuses (403) a caller whose role lacks the capability.
- A service's ``ValidationError`` raised in a route answers 422 with its fields
  (``saathi.api.api`` registers the handler); routes never catch it themselves.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from saathi.core.access import require_cap

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class Problem(Schema):
    """Every error body: a short code or sentence, and the fields that are wrong."""

    detail: str
    errors: dict[str, list[str]] = {}


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def requires(cap):
    """Route decorator: the caller's role must hold ``cap`` somewhere (403 otherwise);
    the record-level check stays with the app's ``access_*`` function."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            require_cap(request.user, cap)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def invalid(**errors: list[str]) -> ValidationError:
    """``raise invalid(member=["Unknown member."])``: a 422 naming the field."""
    return ValidationError({field: list(messages) for field, messages in errors.items()})
