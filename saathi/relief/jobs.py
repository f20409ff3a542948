"""Background work of the relief module: distribution-list imports, list and report exports.

Each runner re-checks the rights of the user who started the job (she may have lost
them since) through the same access functions the pages use.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core import texts
from saathi.core.jobs import export_audit, export_table, job_runner
from saathi.core.models import Job
from saathi.core.policy import Cap
from saathi.core.tables import read_table

from . import access, exports, services

logger = logging.getLogger(__name__)

# job titles, stored as codes and shown in the reader's language (core.texts)
TITLE_IMPORT = texts.define(
    "relief.import_distributions", gettext_lazy("Distribution list for %(p)s")
)
TITLE_REPORT = texts.define("relief.export_report", gettext_lazy("Report on %(p)s"))
TITLE_LIST = texts.define("relief.export_list", gettext_lazy("Beneficiary list %(ref)s"))
TITLE_LEDGER = texts.define("relief.export_ledger", gettext_lazy("Ledger of %(c)s"))


def _scoped(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except Http404:
        raise PermissionDenied from None


@job_runner("relief.export_list")
def export_list(job, progress):
    blist = _scoped(access.access_list, job.owner, job.params["object"], Cap.MANAGE_RELIEF)
    rows, left_out = exports.list_rows(blist)
    progress(len(rows), len(rows))
    detail = {"left_out_no_consent": left_out}
    if blist.processor_id:  # rights (issue 13): the export names the processor it went to
        detail["processor"] = str(blist.processor.uuid)
    if job.params["format"] == "pdf":
        job.set_result(exports.list_pdf(blist, rows), f"{blist.reference}.pdf", exports.PDF)
        export_audit(job, blist, len(rows), **detail)
    else:
        export_table(
            job,
            obj=blist,
            header=exports.list_header(),
            rows=rows,
            name=blist.reference,
            sheet=blist.reference,
            **detail,
        )
    job.summary = {_("People on the list"): len(rows)}
    if left_out:
        job.summary[_("Left out: consent withdrawn")] = left_out


@job_runner("relief.export_report")
def export_report(job, progress):
    programme = _scoped(access.access_programme, job.owner, job.params["object"])
    hxl = bool(job.params.get("hxl"))
    rows = exports.report_rows(programme)
    progress(len(rows), len(rows))
    export_table(
        job,
        obj=programme,
        header=exports.report_header(),
        rows=rows,
        name=f"{programme.reference}-report",
        sheet=programme.reference,
        extra_header=exports.REPORT_HXL if hxl else None,
        hxl=hxl,
    )
    job.summary = {_("Items"): len(rows) - 1}


DISTRIBUTION_COLUMNS = ("member_reference", "item", "date")


def read_distribution_list(data: bytes, add_problem=lambda line, reason: None):
    """(line number, row) pairs of a distribution list (CSV or XLSX, read by the one table
    reader); headers are matched loosely. A file that cannot be read at all (not UTF-8 at
    the top, no header, a needed column missing or twice, too many rows) raises
    ValidationError before any row is handed out; a row that cannot be read (a line that
    is not UTF-8 text, broken quoting) goes to ``add_problem(line, reason)`` at its real
    line, and the other rows are read."""
    table = read_table(data)
    names = [h.strip().lower().replace(" ", "_") for h in table.header]
    missing = set(DISTRIBUTION_COLUMNS) - set(names)
    if missing:
        raise ValidationError(
            _("These columns are missing: %(cols)s.") % {"cols": ", ".join(sorted(missing))}
        )
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise ValidationError(
            _("These columns appear twice in the header: %(cols)s.") % {"cols": ", ".join(twice)}
        )

    def rows():
        for row in table.rows():
            if row.problem:
                add_problem(row.line, row.problem)
                continue
            cells = ["" if c is None else _cell_text(c) for c in row.cells]
            yield row.line, dict(zip(names, cells, strict=False))

    return table.total, rows()


def _cell_text(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@job_runner("relief.import_distributions")
def import_distributions(job, progress):
    """Every good row is recorded and every bad one reported at its real line; a file that
    cannot be read records nothing and says so. The summary is written after each batch,
    so a job stopped by an unexpected error still says what it recorded."""
    programme = _scoped(
        access.access_programme, job.owner, job.params["programme"], Cap.RECORD_DISTRIBUTIONS
    )
    unreadable = {"rows": 0}

    def add_problem(line, reason):
        unreadable["rows"] += 1
        job.add_error(line, reason)

    try:
        total, rows = read_distribution_list(job.input_bytes() or b"", add_problem)
    except ValidationError as exc:
        raise ValidationError([*exc.messages, _("Nothing was imported.")]) from None
    progress(0, total)
    state = {"result": services.ImportResult(), "read": 0}

    def counted():
        for line, row in rows:
            state["read"] = line
            yield line, row

    def summarise(result):
        job.summary = {
            _("Distributions recorded"): result.imported,
            _("Rows refused"): result.refused + unreadable["rows"],
        }
        if result.repeats_allowed:
            job.summary[_("Repeats with a written reason")] = result.repeats_allowed
        if result.expenditures:
            days = sorted({on for on, _outside in result.expenditures})
            job.summary[_("Expenditure dated")] = ", ".join(d.strftime("%d/%m/%Y") for d in days)
        if any(outside for _on, outside in result.expenditures):
            campaign = programme.campaign
            job.summary[_("Outside the campaign")] = _(
                "The payments were made outside the campaign's dates (%(start)s to %(end)s). "
                "Check that this campaign paid for them."
            ) % {
                "start": campaign.starts_on.strftime("%d/%m/%Y"),
                "end": campaign.ends_on.strftime("%d/%m/%Y") if campaign.ends_on else "…",
            }

    def after_batch(n, result):
        summarise(result)
        Job.objects.filter(pk=job.pk).update(summary=job.summary)
        progress(n + unreadable["rows"], max(total, n + unreadable["rows"]))

    try:
        result = services.distributions_import(
            programme=programme,
            rows=counted(),
            actor=job.owner,
            progress=lambda n: after_batch(n, state["result"]),
            add_error=job.add_error,
            result=state["result"],
        )
    except (ValidationError, PermissionDenied):
        raise
    except Exception as exc:
        logger.exception("distribution import %s stopped: %s", job.uuid, type(exc).__name__)
        summarise(state["result"])
        raise ValidationError(
            _(
                "The import stopped at an unexpected error near line %(line)s. The "
                "distributions counted in the summary were recorded; the rows after them "
                "were not. Check the programme's distributions before importing the rest."
            )
            % {"line": state["read"]}
        ) from None
    summarise(result)
    progress(total, total)
