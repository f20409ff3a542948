"""Background jobs: long imports, exports and linkage runs, with progress a user can watch.

A module registers a runner for a kind of job and starts jobs from its views::

    @job_runner("relief.export_list")
    def run(job, progress):
        rows = ...
        for i, row in enumerate(rows, 1):
            ...
            progress(i, len(rows))
        job.set_result(content, "list.xlsx", XLSX)
        job.summary = {"rows": len(rows)}

    job = job_start(kind="relief.export_list", actor=request.user, organisation=org,
                    title=_("Beneficiary list"), params={...}, upload=request.FILES["file"])
    return redirect(job)

Runners live in ``<app>/jobs.py``, imported by the app's ``ready()``. The task worker
(``manage.py db_worker``) runs them; tests and a demo without a worker can use the
immediate backend. A runner re-checks the starter's rights itself (the user may have lost
them since), reports bad rows with ``job.add_error(line, reason)`` and never puts
personal data in ``summary``, ``errors`` or logs. The runner runs in the language of the
user who started the job, so ``gettext`` reasons and summary labels
(``job.summary = {_("Rows imported"): 120}``) read in her language.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from . import audit, policy, vault
from .models import Job
from .texts import Text

logger = logging.getLogger(__name__)

Runner = Callable[[Job, "Progress"], None]
_RUNNERS: dict[str, Runner] = {}


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    """Register ``fn(job, progress)`` as the runner of jobs of ``kind``."""

    def register(fn: Runner) -> Runner:
        if kind in _RUNNERS and _RUNNERS[kind] is not fn:
            raise ValueError(f"two runners for job kind {kind}")
        _RUNNERS[kind] = fn
        return fn

    return register


class Progress:
    """Counts work done; writes to the database at most every ``interval`` seconds."""

    def __init__(self, job: Job, interval: float = 0.5):
        self.job = job
        self.interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self.flush()

    def flush(self) -> None:
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done,
            total=self.job.total,
            errors=self.job.errors,
            error_count=self.job.error_count,
        )


def _read_upload(upload) -> bytes:
    if isinstance(upload, bytes):
        data = upload
    else:
        limit = settings.SAATHI_IMPORT_MAX_BYTES
        if getattr(upload, "size", 0) > limit:
            raise ValidationError(
                {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": limit // 2**20}}
            )
        data = b"".join(upload.chunks())
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    return data


def job_start(
    *,
    kind: str,
    actor,
    organisation,
    title: str | Text,
    params: dict | None = None,
    upload=None,
    upload_name: str = "",
    return_url: str = "",
) -> Job:
    """Create a job and hand it to the task worker. ``upload``: an UploadedFile or bytes."""
    if kind not in _RUNNERS:
        raise ValueError(f"no runner registered for job kind {kind}")
    coded = title if isinstance(title, Text) else None
    job = Job.objects.create(
        kind=kind,
        # generated titles are stored as a code with parameters (core.texts)
        title=(coded.english() if coded else str(title))[:200],
        title_code=coded.code if coded else "",
        title_params=coded.params if coded else {},
        owner=actor,
        organisation=organisation,
        params=params or {},
        return_url=return_url,
    )
    if upload is not None:
        data = _read_upload(upload)
        vault.store(job, "input_file", data)
        job.input_name = (upload_name or getattr(upload, "name", "") or "")[:200]
        job.save(update_fields=["input_file", "input_name"])
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=job,
        organisation_id=getattr(organisation, "pk", None),
        detail={"kind": kind},
    )
    backend = task_backends[run_job.backend]
    if isinstance(backend, ImmediateBackend):
        run_job.enqueue(job.pk)
    else:
        # the worker must see the committed row
        from django.db import transaction

        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> str:
    if not connection.in_atomic_block:
        # a worker between tasks: drop a connection that went stale. Run at once inside a
        # request's or a test's transaction, the connection is in use and must stay open.
        close_old_connections()
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.finished:
        return job.status
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    progress = Progress(job)
    try:
        # messages, row reasons and summary labels in the language of the user who waits
        with translation.override(getattr(job.owner, "language", "") or None):
            _RUNNERS[job.kind](job, progress)
    except (ValidationError, PermissionDenied) as exc:
        job.status = Job.Status.FAILED
        job.failure = _failure_text(exc)
    except Exception as exc:  # noqa: BLE001 - a job must end, and say it failed
        logger.exception("job %s (%s) failed: %s", job.uuid, job.kind, type(exc).__name__)
        job.status = Job.Status.FAILED
        job.failure = _("Something went wrong. The team has been told; try again later.")
    else:
        job.status = Job.Status.DONE
        if job.total is None:
            job.total = job.done
    job.finished_at = timezone.now()
    vault.delete(job, "input_file")
    job.save()
    return job.status


def _failure_text(exc) -> str:
    if isinstance(exc, PermissionDenied):
        return _("You are no longer allowed to do this.")
    messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
    return " ".join(str(m) for m in messages)[:300]


# ----------------------------------------------------------------------------- reads
def jobs_visible_to(user):
    """The user's own jobs, and the jobs of organisations where they manage users."""
    scope = policy.scope_for(user, policy.Cap.MANAGE_USERS)
    from django.db.models import Q

    return Job.objects.filter(Q(owner=user) | Q(organisation_id__in=scope.organisations))


def job_download(*, job: Job, actor) -> tuple[bytes, str, str]:
    if job.status != Job.Status.DONE or not job.result_file:
        raise ValidationError(_("This job has no file to download."))
    content = job.result_bytes()
    audit.record(
        audit.Action.EXPORT,
        actor=actor,
        obj=job,
        organisation_id=job.organisation_id,
        detail={"kind": job.kind},
    )
    return content, job.result_name, job.result_content_type


# --------------------------------------------------------------------------- exports
EXPORT_FORMATS = ("csv", "xlsx", "pdf")


def export_start(
    *,
    kind: str,
    actor,
    obj,
    organisation,
    title: str | Text,
    fmt: str,
    return_url: str,
    params: dict | None = None,
) -> Job:
    """The one way a page starts an export: a background job for ``obj`` (any record with
    a uuid) in ``fmt``. Its runner reads ``job.params["object"]`` and ``["format"]``,
    re-checks the starter's rights and ends with :func:`export_table` (or, for a PDF,
    ``job.set_result`` and :func:`export_audit`). Exports are never made on a GET: they
    are audited, and a link must not write an audit row (or be fetched by a prefetcher)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt}")
    return job_start(
        kind=kind,
        actor=actor,
        organisation=organisation,
        title=(
            title.with_suffix(fmt.upper())
            if isinstance(title, Text)
            else f"{title} ({fmt.upper()})"
        ),
        params={"object": str(obj.uuid), "format": fmt, **(params or {})},
        return_url=return_url,
    )


def export_audit(job: Job, obj, rows: int, **detail) -> None:
    """Record the export of ``obj`` by the job's owner (the audit row every export writes)."""
    audit.record(
        audit.Action.EXPORT,
        actor=job.owner,
        obj=obj,
        detail={"format": job.params.get("format"), "rows": rows, **detail},
    )


def export_table(
    job: Job,
    *,
    obj,
    header: list[str],
    rows: list,
    name: str,
    sheet: str,
    extra_header: list[str] | None = None,
    **detail,
) -> None:
    """In an export runner: ``rows`` as CSV or XLSX (``job.params["format"]``) through the
    one spreadsheet writer (no cell runs as a formula), the job's result, and its audit."""
    from .spreadsheets import CSV, XLSX, to_csv, to_xlsx

    fmt = job.params.get("format")
    if fmt == "xlsx":
        content, ctype = to_xlsx(header, rows, sheet, extra_header), XLSX
    else:
        fmt, content, ctype = "csv", to_csv(header, rows, extra_header), CSV
    job.set_result(content, f"{name}.{fmt}", ctype)
    export_audit(job, obj, len(rows), **detail)
