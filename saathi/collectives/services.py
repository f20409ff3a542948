"""Writes of the collectives module: capability checked, validated (``ValidationError`` with
field keys), atomic, audited in the same transaction. No names or contacts are logged."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.access import deny
from saathi.core.policy import Cap
from saathi.people.choices import State

from .models import DISTRICT_LEVELS, DutyBearer, Level

# ------------------------------------------------------------------ duty bearers
DUTY_BEARER_FIELDS = (
    "title",
    "official_name",
    "office",
    "department",
    "level",
    "state",
    "district",
    "address",
    "phone",
    "email",
    "notes",
)
DIRECTORY_TYPE = "collectives.dutybearer"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-/]{4,38}$")


def _clean_duty_bearer(data: dict) -> dict:
    values = {k: str(data.get(k) or "").strip() for k in DUTY_BEARER_FIELDS}
    values["address"] = "\n".join(
        line.strip() for line in values["address"].splitlines() if line.strip()
    )
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Write the post, for example: District Collector.")
    if not values["office"]:
        errors["office"] = _("Write the office, for example: Collectorate, Nadia.")
    if values["level"] not in Level.values:
        errors["level"] = _("Choose the level of the office.")
    if values["state"] not in State.values:
        errors["state"] = _("Choose the state.")
    if values["level"] in DISTRICT_LEVELS and not values["district"]:
        errors["district"] = _("Write the district of this office.")
    if values["phone"]:
        digits = sum(ch.isdigit() for ch in values["phone"])
        if not _PHONE.match(values["phone"]) or not 6 <= digits <= 15:
            errors["phone"] = _("Write the phone number with digits only, e.g. 033 2345 6789.")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    limits = {f.name: f.max_length for f in DutyBearer._meta.fields if f.name in values}
    for name, value in values.items():
        if limits.get(name) and len(value) > limits[name] and name not in errors:
            errors[name] = _("Keep this under %(n)d characters.") % {"n": limits[name]}
    if errors:
        raise ValidationError(errors)
    return values


def duty_bearer_create(*, organisation, data: dict, actor) -> DutyBearer:
    """Add an office or official to ``organisation``'s directory."""
    from saathi.people.services import next_reference

    _require_directory(actor, organisation.pk)
    values = _clean_duty_bearer(data)
    with transaction.atomic():
        entry = DutyBearer.objects.create(
            reference=next_reference(DutyBearer.reference_prefix)[0],
            organisation=organisation,
            created_by=actor,
            **values,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=entry,
            fields=sorted(k for k, v in values.items() if v),
            detail={"level": entry.level},
        )
    return entry


def duty_bearer_update(*, duty_bearer: DutyBearer, data: dict, actor) -> DutyBearer:
    """Change an entry; ``data["archived"]`` takes it out of the pickers (kept for the
    claims and letters that name it)."""
    _require_directory(actor, duty_bearer.organisation_id)
    values = _clean_duty_bearer(data)
    archived = bool(data.get("archived"))
    changed = [k for k, v in values.items() if getattr(duty_bearer, k) != v]
    if archived != (duty_bearer.archived_at is not None):
        changed.append("archived")
    if not changed:
        return duty_bearer
    with transaction.atomic():
        for k, v in values.items():
            setattr(duty_bearer, k, v)
        duty_bearer.archived_at = (duty_bearer.archived_at or timezone.now()) if archived else None
        duty_bearer.save()
        audit.record(
            audit.Action.ARCHIVE if archived and "archived" in changed else audit.Action.CHANGE,
            actor=actor,
            obj=duty_bearer,
            fields=sorted(changed),
        )
    return duty_bearer


def _require_directory(actor, organisation_id: int) -> None:
    """The directory is the organisation's: a grant on the organisation, or on one of its
    collectives (``policy.COLLECTIVE_REACHES_ORGANISATION``), may edit it. Refusals are
    audited, then 403."""
    if not policy.has_cap_for(
        actor, Cap.MANAGE_DUTY_BEARERS, organisation_id, object_type=DIRECTORY_TYPE
    ):
        deny(
            actor,
            object_type=DIRECTORY_TYPE,
            organisation_id=organisation_id,
            cap=Cap.MANAGE_DUTY_BEARERS,
        )
        raise PermissionDenied
