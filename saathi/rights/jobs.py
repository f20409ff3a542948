"""Background jobs of the rights module (core.jobs)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from saathi.core import audit, policy
from saathi.core.jobs import job_runner
from saathi.core.policy import Cap

from . import exports
from .models import RightsRequest, RightsSettings

ZIP = "application/zip"


@job_runner("rights.access_export")
def run_access_export(job, progress) -> None:
    req = RightsRequest.objects.select_related("member").get(uuid=job.params["object"])
    member = req.member
    reach = (member.organisation_id, member.collective_ids())
    if not policy.has_cap_for(job.owner, Cap.RECORD_RIGHTS, *reach):
        raise PermissionDenied  # she lost the right since she started it
    release = bool(job.params.get("release")) and policy.has_cap_for(
        job.owner, Cap.VIEW_CONFIDENTIAL, *reach
    )
    chosen = RightsSettings.objects.filter(organisation_id=member.organisation_id).first()
    content, rows = exports.build(
        member,
        language=req.language,
        release=release,
        show_names=bool(chosen and chosen.show_staff_names),
    )
    progress(rows, rows)
    job.set_result(content, f"{req.reference}.zip", ZIP)
    job.summary = {"rows": rows}
    audit.record(
        audit.Action.EXPORT,
        actor=job.owner,
        obj=req,
        organisation_id=member.organisation_id,
        member_id=member.pk,
        detail={"format": "zip", "rows": rows, "confidential_released": release},
    )
