import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from saathi.core import audit, crypto, policy, vault
from saathi.core.files import IMAGE_TYPES
from saathi.core.policy import Cap, Role

logger = logging.getLogger(__name__)

# What each role does first, in order; the home page shows the first matching ones on top.
FIRST_TASKS = {
    Role.ORG_ADMIN: ["users", "members", "register", "dashboard"],
    Role.FACILITATOR: ["register", "members", "missing", "dashboard"],
    Role.SOCIAL_WORKER: ["members", "register", "dashboard"],
    Role.LEGAL_ADVOCATE: ["members", "dashboard"],
    Role.COLLECTIVE_LEADER: ["members", "register", "dashboard"],
    Role.VOLUNTEER: ["register", "members"],
    Role.VIEWER: ["dashboard"],
}
TASK_CAP = {
    "users": Cap.MANAGE_USERS,
    "members": Cap.VIEW_MEMBERS,
    "register": Cap.EDIT_MEMBERS,
    "missing": Cap.VIEW_MEMBERS,
    "dashboard": Cap.VIEW_AGGREGATES,
}
ROLE_ORDER = list(Role.values)
# Each module adds its own task links to the home page (they check ``caps`` themselves).
MODULE_HOME = [
    "entitlements/_home.html",
    "relief/_home.html",
    "surveys/_home.html",
    "linkage/_home.html",
    "legal/_home.html",
    "collectives/_home.html",  # collectives
    "wellbeing/_home.html",  # wellbeing
    "advocacy/_home.html",  # advocacy
    "livelihoods/_home.html",  # livelihoods
    "rights/_home.html",  # rights
]


@login_required
def home(request):
    roles = sorted(policy.roles_of(request.user), key=ROLE_ORDER.index)
    caps = policy.capabilities_of(request.user)
    tasks: list[str] = []
    for role in roles:
        for t in FIRST_TASKS[role]:
            if t not in tasks and TASK_CAP[t] in caps:
                tasks.append(t)
    agg = None
    if roles and roles[0] == Role.VIEWER:
        from saathi.reports.selectors import registry_aggregates

        agg = registry_aggregates(request.user)
    role_labels = [Role(r).label for r in roles]
    return render(
        request,
        "core/home.html",
        {
            "tasks": tasks,
            "roles": role_labels,
            "agg": agg,
            "primary_role": roles[0] if roles else "",
            "module_home": MODULE_HOME,
        },
    )


def private_file_response(
    request, obj, field_name: str, *, filename: str, content_type: str, reason=None
):
    """The one response that serves a private file; the view has fetched ``obj`` through
    its ``access_<entity>(user, uuid, cap)`` first.

    The read is audited (``view_document``, the field's name, never its content). Photos
    (JPEG, PNG: re-encoded when they were uploaded) are shown inline; a PDF and anything
    else is a download, with a CSP that sandboxes it should a browser open it anyway.
    A missing or unreadable file answers 404 (logged without personal data). ``reason``:
    the ``core.confidential.Reason`` given to open it (a reveal), kept in the audit row."""
    try:
        content = vault.read(obj, field_name)
    except FileNotFoundError:
        raise Http404 from None
    except (OSError, crypto.DecryptionError) as exc:
        logger.error(
            "private file %s.%s of %s cannot be read: %s",
            obj._meta.label,
            field_name,
            getattr(obj, "uuid", obj.pk),
            type(exc).__name__,
        )
        raise Http404 from None
    audit.record(
        audit.Action.VIEW_DOCUMENT,
        actor=request.user,
        obj=obj,
        fields=[field_name],
        detail=reason.detail() if reason else None,
    )
    return private_content_response(content, filename=filename, content_type=content_type)


def private_content_response(content: bytes, *, filename: str, content_type: str):
    """The headers every private file is sent with: photos inline, anything else a
    download; never cached, never sniffed, sandboxed if a browser opens it anyway."""
    inline = content_type in IMAGE_TYPES
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # sandboxed: no script runs, nothing loads; a photo opened on its own keeps the
    # browser's image viewer styling (inline style only, harmless without script)
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        if inline
        else "sandbox; default-src 'none'"
    )
    response["Content-Length"] = str(len(content))
    return response


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# ----------------------------------------------------------------------------- jobs
@login_required
def job_list(request):
    from .jobs import jobs_visible_to

    jobs = jobs_visible_to(request.user).select_related("owner")[:50]
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request, uuid):
    """The job's progress; htmx polls this page for its status part until it ends."""
    from .access import get_or_404
    from .jobs import jobs_visible_to

    job = get_or_404(jobs_visible_to(request.user), request.user, object_type="core.job", uuid=uuid)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_file(request, uuid):
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from .access import get_or_404
    from .jobs import job_download, jobs_visible_to

    job = get_or_404(jobs_visible_to(request.user), request.user, object_type="core.job", uuid=uuid)
    try:
        content, name, content_type = job_download(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    # a job's result is an export (audited as such by job_download); the same headers as
    # every private file, and always a download
    return private_content_response(
        content, filename=name, content_type=content_type or "application/octet-stream"
    )
