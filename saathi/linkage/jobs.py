"""Background runners of the linkage module: list imports, linkage runs, the clean list."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core import texts
from saathi.core.jobs import export_table, job_runner
from saathi.people.models import Collective, Organisation

from . import access, selectors, services
from .imports import read_list
from .models import LinkageRun

IMPORT = "linkage.import_list"
RUN = "linkage.run"
EXPORT_CLEAN = "linkage.export_clean_list"
LEARN = "linkage.learn"

# job titles, stored as codes and shown in the reader's language (core.texts)
TITLE_IMPORT = texts.define("linkage.import_list", gettext_lazy("Import of a beneficiary list"))
TITLE_RUN = texts.define("linkage.run", gettext_lazy("Finding the same people across lists"))
TITLE_CLEAN = texts.define("linkage.clean_list", gettext_lazy("Clean list %(ref)s"))
TITLE_LEARN = texts.define("linkage.learn", gettext_lazy("Learning from the review decisions"))


@job_runner(EXPORT_CLEAN)
def export_clean_list(job, progress):
    """The clean list: one row per person, which source rows she merges. Audited."""
    try:
        run = access.access_run(job.owner, job.params["object"])
    except Http404:
        raise PermissionDenied from None  # she lost her access since
    if run.status != run.Status.DONE:
        raise PermissionDenied
    rows = selectors.clean_list_rows(run)
    header = list(selectors.CLEAN_COLUMNS)
    progress(len(rows), len(rows))
    export_table(
        job,
        obj=run,
        header=header,
        rows=[[r[c] for c in header] for r in rows],
        name=f"clean-list-{run.reference}",
        sheet="clean list",
    )
    job.summary = {_("People on the clean list"): len(rows)}


@job_runner(IMPORT)
def run_import(job, progress):
    params = job.params
    organisation = Organisation.objects.get(pk=params["organisation"])
    collective = Collective.objects.filter(pk=params.get("collective") or None).first()
    read = read_list(job.input_bytes() or b"", job.input_name)
    for line, reason in sorted(read.errors + read.warnings):
        job.add_error(line, reason)
    refused = len(read.errors)
    # every row of the file counts, the refused ones as done from the start
    progress(refused, len(read.rows) + refused)

    def counted(done: int, total: int) -> None:
        progress(done + refused, total + refused)

    lst = services.list_import(
        organisation=organisation,
        collective=collective,
        name=params.get("name", ""),
        read=read,
        file_name=job.input_name,
        actor=job.owner,
        job=job,
        progress=counted,
    )
    job.return_url = lst_url = _list_url(lst)
    job.summary = {
        _("Rows imported"): len(read.rows),
        _("Rows refused"): len(read.errors),
        _("Rows kept with a warning"): len({line for line, _reason in read.warnings}),
    }
    if read.ignored_columns:
        job.summary[_("Columns ignored")] = ", ".join(read.ignored_columns)[:200]
    return lst_url


def _list_url(lst):
    from django.urls import reverse

    return reverse("linkage:list_detail", kwargs={"uuid": lst.uuid})


@job_runner(RUN)
def run_linkage(job, progress):
    run = LinkageRun.objects.get(pk=job.params["run"])
    try:
        services.run_execute(run, actor=job.owner, progress=progress)
    except Exception:
        LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.FAILED)
        raise
    run.refresh_from_db()
    job.summary = {
        _("Records"): run.record_count,
        _("Registry members compared"): run.member_count,
        _("People found"): run.beneficiary_count,
        _("Pairs to review"): run.pairs.filter(band="review").count(),
        _("Automatic matches"): run.pairs.filter(band="auto").count(),
    }


@job_runner(LEARN)
def learn_from_review(job, progress):
    """The organisation's matcher learns from its review decisions (ADR 0042)."""
    try:
        run = access.access_run(job.owner, job.params["run"])
    except Http404:
        raise PermissionDenied from None  # she lost her access since
    lm = services.model_learn(run=run, actor=job.owner)
    progress(1, 1)
    job.summary = {_("Review decisions learnt from"): lm.label_count}
