"""Services: programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.policy import Cap
from saathi.funds.services import money
from saathi.people.services import next_reference

from ..models import (
    ZERO,
    Item,
    Programme,
)
from ._base import require

PROGRAMME_FIELDS = (
    "name",
    "funder",
    "collective",
    "campaign",
    "starts_on",
    "ends_on",
    "budget",
    "target_households",
    "interval_days",
    "eligibility_notes",
    "criteria_collective",
    "criteria_district",
    "criteria_missing_document",
    "criteria_min_age",
    "criteria_max_age",
    "criteria_one_per_household",
)


def programme_save(*, organisation, data: dict, actor, programme: Programme | None = None):
    require(actor, Cap.MANAGE_RELIEF, organisation.pk)
    errors = {}
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = _("The end date is before the start date.")
    for key in ("collective", "criteria_collective"):
        coll = data.get(key)
        if coll is not None and coll.organisation_id != organisation.pk:
            errors[key] = _("This collective belongs to another organisation.")
    camp = data.get("campaign")
    if camp is not None and camp.organisation_id != organisation.pk:
        errors["campaign"] = _("This campaign belongs to another organisation.")
    lo, hi = data.get("criteria_min_age"), data.get("criteria_max_age")
    if lo is not None and hi is not None and lo > hi:
        errors["criteria_max_age"] = _("The maximum age is below the minimum age.")
    if not data.get("interval_days"):
        errors["interval_days"] = _("Enter at least one day.")
    if errors:
        raise ValidationError(errors)
    creating = programme is None
    programme = programme or Programme(
        organisation=organisation, reference=next_reference("PRG")[0], created_by=actor
    )
    changed = [f for f in PROGRAMME_FIELDS if getattr(programme, f, None) != data.get(f)]
    for f in PROGRAMME_FIELDS:
        if f in data:
            value = data[f]
            setattr(programme, f, "" if value is None and f.startswith("criteria_d") else value)
    programme.budget = programme.budget or ZERO
    with transaction.atomic():
        programme.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=programme,
            fields=[] if creating else changed,
        )
    return programme


def item_add(*, programme: Programme, data: dict, actor) -> Item:
    require(actor, Cap.MANAGE_RELIEF, programme.organisation_id)
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for this item.")})
    if programme.items.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This programme already has an item with this name.")})
    if data.get("kind") not in Item.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of item this is.")})
    unit_value = money(data.get("unit_value") or 0, "unit_value", allow_zero=True)
    if data["kind"] in Item.MONEY_KINDS and unit_value == 0:
        raise ValidationError({"unit_value": _("Enter the amount each household gets.")})
    with transaction.atomic():
        item = Item.objects.create(
            programme=programme,
            kind=data["kind"],
            name=name,
            contents=(data.get("contents") or "").strip(),
            unit=(data.get("unit") or "").strip(),
            unit_value=unit_value,
            planned_quantity=data.get("planned_quantity") or 0,
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=programme,
            fields=["items"],
            detail={"item": str(item.uuid)},
        )
    return item
