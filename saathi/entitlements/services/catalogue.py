"""Services: catalogue."""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.policy import Cap
from saathi.people.choices import DocumentKind

from ..models import (
    LANGS,
    Category,
    LetterTemplate,
    Level,
    Scheme,
    Verified,
)
from ._base import DATA, _require

SCHEME_FIELDS = (
    "names",
    "summaries",
    "level",
    "states",
    "excluded_states",
    "category",
    "eligibility",
    "required_documents",
    "other_documents",
    "provides_document",
    "rules",
    "alternative_routes",
    "authority",
    "channel",
    "typical_timeline",
    "typical_days",
    "grievance",
    "benefit",
    "source",
    "verified",
    "last_verified",
    "valid_from",
    "valid_to",
)


def _as_date(v):
    if v in (None, ""):
        return None
    return v if isinstance(v, date) else date.fromisoformat(v)


def _scheme_values(row: dict) -> dict:
    values = {k: row.get(k) for k in SCHEME_FIELDS if k in row}
    for k in ("last_verified", "valid_from", "valid_to"):
        if k in values:
            values[k] = _as_date(values[k])
    for k in ("states", "excluded_states", "required_documents", "rules"):
        values[k] = values.get(k) or []
    for k in ("other_documents", "provides_document", "channel", "typical_timeline"):
        values[k] = values.get(k) or ""
    for k in ("grievance", "benefit", "source", "eligibility"):
        values[k] = values.get(k) or ""
    return values


def _differs(scheme: Scheme, values: dict) -> bool:
    return any(getattr(scheme, k) != v for k, v in values.items())


def load_shipped_catalogue(scheme_model=Scheme, template_model=LetterTemplate) -> dict:
    """Load ``data/schemes.json`` and ``data/letters.json`` (set-up calls this).

    A shipped scheme whose data changed gets a new version; the old one is kept for the
    applications made under it. Idempotent.
    """
    rows = json.loads((DATA / "schemes.json").read_text(encoding="utf-8"))
    created = updated = 0
    now = timezone.now()
    for row in rows:
        values = _scheme_values(row)
        current = (
            scheme_model.objects.filter(
                code=row["code"], organisation__isnull=True, replaced_at__isnull=True
            )
            .order_by("-version")
            .first()
        )
        if current is None:
            scheme_model.objects.create(code=row["code"], version=1, **values)
            created += 1
        elif _differs(current, values):
            scheme_model.objects.filter(pk=current.pk).update(replaced_at=now)
            scheme_model.objects.create(code=row["code"], version=current.version + 1, **values)
            updated += 1
    letters = json.loads((DATA / "letters.json").read_text(encoding="utf-8"))
    for row in letters:
        template_model.objects.update_or_create(
            organisation=None,
            kind=row["kind"],
            language=row["language"],
            defaults={"subject": row["subject"], "body": row["body"]},
        )
    return {"created": created, "updated": updated}


def _clean_scheme_input(data: dict) -> dict:
    errors: dict[str, str] = {}
    names = {k: (v or "").strip() for k, v in (data.get("names") or {}).items() if k in LANGS}
    if not names.get("en"):
        errors["name_en"] = _("Write the scheme's name in English.")
    summaries = {k: (v or "").strip() for k, v in (data.get("summaries") or {}).items()}
    if data.get("level") not in Level.values:
        errors["level"] = _("Choose the level.")
    if data.get("category") not in Category.values:
        errors["category"] = _("Choose the category.")
    if data.get("verified") not in Verified.values:
        errors["verified"] = _("Say how far the facts are verified.")
    if not (data.get("authority") or "").strip():
        errors["authority"] = _("Name the authority that decides.")
    docs = data.get("required_documents") or []
    flat = [d for item in docs for d in ([item] if isinstance(item, str) else item)]
    if any(d not in DocumentKind.values for d in flat):
        errors["required_documents"] = _("Choose documents from the registry's list.")
    vf, vt = _as_date(data.get("valid_from")), _as_date(data.get("valid_to"))
    if vf and vt and vt < vf:
        errors["valid_to"] = _("The end of validity is before its start.")
    if data.get("typical_days") is not None and int(data["typical_days"]) > 3650:
        errors["typical_days"] = _("At most 3650 days.")
    if errors:
        raise ValidationError(errors)
    out = {k: data[k] for k in SCHEME_FIELDS if k in data}
    out["names"] = {k: v for k, v in names.items() if v}
    out["summaries"] = {k: v for k, v in summaries.items() if v and k in LANGS}
    return _scheme_values(out)


def scheme_save(*, organisation, data: dict, actor, scheme: Scheme | None = None) -> Scheme:
    """Add a scheme to ``organisation``'s catalogue, or write a new version of one.

    The edited version is closed (``replaced_at``) and kept for its applications. Editing
    a shipped scheme gives the organisation its own copy; other organisations keep the
    shipped one.
    """
    _require(actor, Cap.MANAGE_SCHEMES, organisation.pk)
    values = _clean_scheme_input(data)
    with transaction.atomic():
        if scheme is None:
            code = re.sub(r"[^a-z0-9_]+", "_", (data.get("code") or "").strip().lower())[:50]
            code = code.strip("_") or f"scheme_{uuidlib.uuid4().hex[:8]}"
            if Scheme.objects.catalogue_for([organisation.pk]).filter(code=code).exists():
                raise ValidationError({"code": _("A scheme with this code exists already.")})
            new = Scheme.objects.create(
                code=code, organisation=organisation, version=1, created_by=actor, **values
            )
            action = audit.Action.CREATE
        else:
            if scheme.replaced_at is not None:
                raise ValidationError(_("This version was replaced: edit the current one."))
            if scheme.organisation_id not in (None, organisation.pk):
                raise PermissionDenied
            if not _differs(scheme, values):
                return scheme
            latest = (
                Scheme.objects.filter(code=scheme.code, organisation=organisation)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
            if scheme.organisation_id == organisation.pk:
                Scheme.objects.filter(pk=scheme.pk).update(replaced_at=timezone.now())
            new = Scheme.objects.create(
                code=scheme.code,
                organisation=organisation,
                version=max(scheme.version, latest or 0) + 1,
                created_by=actor,
                **values,
            )
            action = audit.Action.CHANGE
        audit.record(
            action,
            actor=actor,
            obj=new,
            organisation_id=organisation.pk,
            fields=sorted(values),
            detail={"code": new.code, "version": new.version},
        )
    return new
