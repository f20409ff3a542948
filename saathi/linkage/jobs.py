"""Background runners of the linkage module: list imports and linkage runs."""

from django.utils.translation import gettext as _

from saathi.core.jobs import job_runner
from saathi.people.models import Collective, Organisation

from . import services
from .imports import read_list
from .models import LinkageRun

IMPORT = "linkage.import_list"
RUN = "linkage.run"


@job_runner(IMPORT)
def run_import(job, progress):
    params = job.params
    organisation = Organisation.objects.get(pk=params["organisation"])
    collective = Collective.objects.filter(pk=params.get("collective") or None).first()
    read = read_list(job.input_bytes() or b"", job.input_name)
    for line, reason in read.errors:
        job.add_error(line, reason)
    progress(0, len(read.rows))
    lst = services.list_import(
        organisation=organisation,
        collective=collective,
        name=params.get("name", ""),
        read=read,
        file_name=job.input_name,
        actor=job.owner,
        job=job,
        progress=progress,
    )
    job.return_url = lst_url = _list_url(lst)
    job.summary = {
        _("Rows imported"): len(read.rows),
        _("Rows refused"): len(read.errors),
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
