"""Services: correspondence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, vault
from saathi.core.files import check_upload
from saathi.core.policy import Cap
from saathi.people.models import Member

from ..models import (
    Application,
    Correspondence,
    CorrespondenceKind,
)
from ._base import _require
from .applications import _member_ctx


def correspondence_add(
    *, member: Member, data: dict, actor, application: Application | None = None, upload=None
) -> Correspondence:
    org_id, colls = _member_ctx(member)
    _require(actor, Cap.EDIT_APPLICATIONS, org_id, colls)
    errors = {}
    if data.get("kind") not in CorrespondenceKind.values:
        errors["kind"] = _("Choose what kind of contact this was.")
    if not (data.get("authority") or "").strip():
        errors["authority"] = _("Name the office or authority.")
    if not data.get("on"):
        errors["on"] = _("Give the date.")
    elif data["on"] > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if not (data.get("summary") or "").strip():
        errors["summary"] = _("Write what was said or sent.")
    if application is not None and application.member_id != member.pk:
        errors["application"] = _("This application is not hers.")
    if errors:
        raise ValidationError(errors)
    scan = None
    if upload is not None:
        scan = check_upload(upload, "attachment")
    with transaction.atomic():
        item = Correspondence.objects.create(
            organisation_id=org_id,
            member=member,
            application=application,
            kind=data["kind"],
            authority=data["authority"].strip()[:200],
            on=data["on"],
            summary=data["summary"].strip()[:2000],
            created_by=actor,
        )
        if scan is not None:
            content, mime = scan
            vault.store(item, "attachment_file", content)
            item.attachment_content_type = mime
            item.attachment_size = len(content)
            item.save(
                update_fields=["attachment_file", "attachment_content_type", "attachment_size"]
            )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=item,
            organisation_id=org_id,
            member_id=member.pk,
            detail={"kind": item.kind, "attachment": bool(scan)},
        )
    return item
