"""Services: letters."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.policy import Cap

from ..models import (
    LANGS,
    Application,
    LetterKind,
    LetterPrint,
    LetterTemplate,
)
from ._base import _require
from .applications import _member_ctx

PLACEHOLDERS = (
    "member_name",
    "member_name_latin",
    "address",
    "scheme",
    "authority",
    "office",
    "application_reference",
    "authority_reference",
    "submitted_on",
    "today",
    "documents",
    "organisation",
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def check_placeholders(text: str) -> list[str]:
    return sorted({m for m in _PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})


def letter_template_save(
    *, organisation, kind: str, language: str, subject: str, body: str, actor
) -> LetterTemplate:
    _require(actor, Cap.MANAGE_SCHEMES, organisation.pk)
    errors = {}
    if kind not in LetterKind.values:
        errors["kind"] = _("Choose a letter.")
    if language not in LANGS:
        errors["language"] = _("Choose a language.")
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors[field] = _("This cannot be empty.")
        unknown = check_placeholders(text)
        if unknown:
            errors[field] = _("Unknown placeholders: %(names)s. Use only: %(allowed)s.") % {
                "names": ", ".join("{%s}" % u for u in unknown),
                "allowed": ", ".join("{%s}" % p for p in PLACEHOLDERS),
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tpl, _created = LetterTemplate.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            language=language,
            defaults={
                "subject": subject.strip()[:300],
                "body": body.strip(),
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=tpl,
            organisation_id=organisation.pk,
            detail={"kind": kind, "language": language},
        )
    return tpl


def letter_template_for(organisation_id: int, kind: str, language: str) -> LetterTemplate | None:
    rows = list(
        LetterTemplate.objects.filter(
            kind=kind, language=language, organisation_id__in=[organisation_id]
        )
    ) or list(LetterTemplate.objects.filter(kind=kind, language=language, organisation=None))
    return rows[0] if rows else None


def letter_pdf(*, application: Application, kind: str, language: str, actor) -> bytes:
    """The letter as PDF in ``language``; the print is recorded and audited."""
    from .. import letters as rendering  # saathi/entitlements/letters.py

    org_id, colls = _member_ctx(application.member)
    _require(actor, Cap.PRINT_LETTERS, org_id, colls)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Choose a letter.")})
    if language not in LANGS:
        raise ValidationError({"language": _("Choose a language.")})
    tpl = letter_template_for(org_id, kind, language)
    if tpl is None:
        raise ValidationError({"language": _("There is no letter of this kind in this language.")})
    pdf = rendering.render_pdf(application, tpl, language)
    with transaction.atomic():
        LetterPrint.objects.create(
            application=application, kind=kind, language=language, printed_by=actor
        )
        audit.record(
            audit.Action.PRINT,
            actor=actor,
            obj=application,
            organisation_id=org_id,
            member_id=application.member_id,
            detail={"letter": kind, "language": language},
        )
    return pdf
