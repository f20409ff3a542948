"""Background work of fundraising: the ledger export.

The runner re-checks the rights of the user who started the job (she may have lost them
since) through the same access function the pages use."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from saathi.core.jobs import export_table, job_runner
from saathi.core.policy import Cap

from . import access, exports


def _scoped(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except Http404:
        raise PermissionDenied from None


@job_runner("funds.export_ledger")
def export_ledger(job, progress):
    campaign = _scoped(access.access_campaign, job.owner, job.params["object"], Cap.MANAGE_FUNDS)
    hxl = bool(job.params.get("hxl"))
    rows = list(exports.ledger_rows(campaign))
    progress(len(rows), len(rows))
    export_table(
        job,
        obj=campaign,
        header=exports.ledger_header(),
        rows=rows,
        name=f"{campaign.reference}-ledger",
        sheet=campaign.reference,
        extra_header=exports.LEDGER_HXL if hxl else None,
        hxl=hxl,
    )
    job.summary = {_("Ledger entries"): len(rows)}
