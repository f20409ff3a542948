"""Services: drives."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.policy import Cap

from ..models import (
    OPEN_STATUSES,
    Application,
    Drive,
    Scheme,
)
from ._base import _require
from .applications import application_start


def drive_create(
    *, organisation, scheme: Scheme, name: str, target_date: date, actor, collective=None
) -> Drive:
    from saathi.people.services import next_reference

    colls = [collective.pk] if collective is not None else []
    _require(actor, Cap.RUN_DRIVES, organisation.pk, colls)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the drive a name.")
    if target_date < timezone.localdate():
        errors["target_date"] = _("The target date is already past.")
    if collective is not None and collective.organisation_id != organisation.pk:
        errors["collective"] = _("Choose a collective of the organisation.")
    if scheme.replaced_at is not None or not (
        Scheme.objects.catalogue_for([organisation.pk]).filter(pk=scheme.pk).exists()
    ):
        errors["scheme"] = _("Choose a scheme of the catalogue.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        drive = Drive.objects.create(
            reference=next_reference("DRV")[0],
            organisation=organisation,
            collective=collective,
            scheme=scheme,
            name=name.strip()[:200],
            target_date=target_date,
            created_by=actor,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=drive,
            organisation_id=organisation.pk,
            detail={"scheme": scheme.code},
        )
    return drive


def drive_start_applications(*, drive: Drive, members, actor) -> dict:
    """Start an application under the drive's scheme for each member (one action).
    Members who already have an open application for it, or whom the scheme does not
    reach, are skipped and counted."""
    colls = [drive.collective_id] if drive.collective_id else []
    _require(actor, Cap.RUN_DRIVES, drive.organisation_id, colls)
    scheme = drive.scheme
    if scheme.replaced_at is not None:
        scheme = (
            Scheme.objects.catalogue_for([drive.organisation_id]).filter(code=scheme.code).first()
        )
        if scheme is None:
            raise ValidationError(_("The drive's scheme is no longer in the catalogue."))
    members = list(members)
    busy = set(
        Application.objects.filter(
            member__in=members, scheme__code=scheme.code, status__in=OPEN_STATUSES
        ).values_list("member_id", flat=True)
    )
    started, skipped = 0, 0
    with transaction.atomic():
        for m in members:
            if m.organisation_id != drive.organisation_id or m.pk in busy:
                skipped += 1
                continue
            if not scheme.applies_in(m.state) or m.archived_at is not None:
                skipped += 1
                continue
            application_start(
                member=m,
                scheme=scheme,
                actor=actor,
                drive=drive,
                deadline=drive.target_date,
                check_duplicate=False,
            )
            started += 1
    return {"started": started, "skipped": skipped}
