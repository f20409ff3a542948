"""Background work of the relief module: distribution-list imports, list and ledger exports.

Each runner re-checks the rights of the user who started the job (she may have lost
them since) through the same access functions the pages use.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.jobs import job_runner
from saathi.core.policy import Cap

from . import access, exports, services


def _scoped(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except Http404:
        raise PermissionDenied from None


@job_runner("relief.export_list")
def export_list(job, progress):
    blist = _scoped(access.access_list, job.owner, job.params["list"], Cap.MANAGE_RELIEF)
    fmt = job.params["format"]
    rows, left_out = exports.list_rows(blist)
    progress(len(rows), len(rows))
    header = exports.list_header()
    name = f"{blist.reference}.{fmt}"
    if fmt == "csv":
        content, ctype = exports.to_csv(header, rows), exports.CSV
    elif fmt == "xlsx":
        content, ctype = exports.to_xlsx(header, rows, blist.reference), exports.XLSX
    else:
        content, ctype = exports.list_pdf(blist, rows), exports.PDF
    job.set_result(content, name, ctype)
    audit.record(
        audit.Action.EXPORT,
        actor=job.owner,
        obj=blist,
        detail={"format": fmt, "rows": len(rows), "left_out_no_consent": left_out},
    )
    job.summary = {_("People on the list"): len(rows)}
    if left_out:
        job.summary[_("Left out: consent withdrawn")] = left_out


@job_runner("relief.export_ledger")
def export_ledger(job, progress):
    campaign = _scoped(access.access_campaign, job.owner, job.params["campaign"], Cap.MANAGE_FUNDS)
    fmt = job.params["format"]
    hxl = exports.LEDGER_HXL if job.params.get("hxl") else None
    rows = list(exports.ledger_rows(campaign))
    progress(len(rows), len(rows))
    header = exports.ledger_header()
    name = f"{campaign.reference}-ledger.{fmt}"
    if fmt == "xlsx":
        job.set_result(exports.to_xlsx(header, rows, campaign.reference, hxl), name, exports.XLSX)
    else:
        job.set_result(exports.to_csv(header, rows, hxl), name, exports.CSV)
    audit.record(
        audit.Action.EXPORT,
        actor=job.owner,
        obj=campaign,
        detail={"format": fmt, "rows": len(rows), "hxl": bool(hxl)},
    )
    job.summary = {_("Ledger entries"): len(rows)}


@job_runner("relief.export_report")
def export_report(job, progress):
    programme = _scoped(access.access_programme, job.owner, job.params["programme"])
    fmt = job.params["format"]
    hxl = exports.REPORT_HXL if job.params.get("hxl") else None
    rows = exports.report_rows(programme)
    progress(len(rows), len(rows))
    header = exports.report_header()
    name = f"{programme.reference}-report.{fmt}"
    if fmt == "xlsx":
        job.set_result(exports.to_xlsx(header, rows, programme.reference, hxl), name, exports.XLSX)
    else:
        job.set_result(exports.to_csv(header, rows, hxl), name, exports.CSV)
    audit.record(
        audit.Action.EXPORT,
        actor=job.owner,
        obj=programme,
        detail={"format": fmt, "hxl": bool(hxl)},
    )
    job.summary = {_("Items"): len(rows) - 1}


def read_distribution_csv(data: bytes):
    """(line number, row) pairs of a distribution list; headers are matched loosely.

    The bytes are decoded as they are read (a 45 MB list is not copied into a string).
    """
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
        if not header:
            raise ValidationError(_("The file is empty."))
        names = [h.strip().lower().replace(" ", "_") for h in header]
        missing = {"member_reference", "item", "date"} - set(names)
        if missing:
            raise ValidationError(
                _("These columns are missing: %(cols)s.") % {"cols": ", ".join(sorted(missing))}
            )
        for line, values in enumerate(reader, 2):
            if not any(v.strip() for v in values):
                continue
            yield line, dict(zip(names, values, strict=False))
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text (save it as CSV UTF-8).") + f" ({_('Line')} {line + 1})"
        ) from None


@job_runner("relief.import_distributions")
def import_distributions(job, progress):
    programme = _scoped(
        access.access_programme, job.owner, job.params["programme"], Cap.RECORD_DISTRIBUTIONS
    )
    data = job.input_bytes() or b""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    total = max(0, lines - 1)  # rows below the header
    progress(0, total)
    result = services.distributions_import(
        programme=programme,
        rows=read_distribution_csv(data),
        actor=job.owner,
        progress=lambda n: progress(n, max(total, n)),
        add_error=job.add_error,
    )
    job.summary = {
        _("Distributions recorded"): result.imported,
        _("Rows refused"): result.refused,
    }
    if result.repeats_allowed:
        job.summary[_("Repeats with a written reason")] = result.repeats_allowed
