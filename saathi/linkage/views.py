"""Linkage pages. Thin: access -> form -> service -> render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy, texts
from saathi.core.access import require_cap
from saathi.core.forms import apply_service_errors
from saathi.core.jobs import export_start, job_start
from saathi.core.policy import Cap

from . import access, jobs, registration, selectors, services
from .forms import DecisionForm, ListImportForm, RunForm


def _require_cap(user, cap=Cap.LINK_LISTS):
    require_cap(user, cap)


@login_required
def index(request):
    _require_cap(request.user)
    lists = selectors.lists_of(request.user)[:50]
    runs = selectors.runs_of(request.user)[:20]
    return render(request, "linkage/index.html", {"lists": lists, "runs": runs})


@login_required
def list_import(request):
    _require_cap(request.user)
    scope = policy.scope_for(request.user, Cap.LINK_LISTS)
    form = ListImportForm(
        request.POST or None,
        request.FILES or None,
        organisations=selectors.organisations_for_linking(request.user),
        collectives=selectors.collectives_for_linking(request.user),
        collective_required=not scope.organisations,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org, coll = d["organisation"], d["collective"]
        if not policy.has_cap_for(request.user, Cap.LINK_LISTS, org.pk, [coll.pk] if coll else []):
            form.add_error("collective", _("You may not import lists here."))
        else:
            try:
                job = job_start(
                    kind=jobs.IMPORT,
                    actor=request.user,
                    organisation=org,
                    title=texts.Text(jobs.TITLE_IMPORT),
                    params={
                        "organisation": org.pk,
                        "collective": coll.pk if coll else None,
                        "name": d["name"],
                    },
                    upload=d["file"],
                    upload_name=d["file"].name,
                    return_url=reverse("linkage:index"),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(job.get_absolute_url())
    return render(request, "linkage/list_import.html", {"form": form})


@login_required
def list_detail(request, uuid):
    lst = access.access_list(request.user, uuid)
    page = selectors.list_records(lst, request.GET.get("page", 1))
    return render(request, "linkage/list_detail.html", {"list": lst, "page": page})


@login_required
def run_create(request):
    _require_cap(request.user)
    lists = selectors.lists_of(request.user)
    form = RunForm(request.POST or None, lists=lists, initial=_initial_lists(request, lists))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.run_create(
                actor=request.user,
                organisation=d["lists"][0].organisation,
                lists=d["lists"],
                against_registry=d["against_registry"],
                threshold=float(d["threshold"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            job = job_start(
                kind=jobs.RUN,
                actor=request.user,
                organisation=run.organisation,
                title=texts.Text(jobs.TITLE_RUN),
                params={"run": run.pk},
                return_url=reverse("linkage:run_detail", kwargs={"uuid": run.uuid}),
            )
            run.job = job
            run.save(update_fields=["job"])
            return redirect(job.get_absolute_url())
    return render(request, "linkage/run_form.html", {"form": form})


def _initial_lists(request, lists):
    wanted = request.GET.getlist("list")[:20]
    if not wanted:
        return {}
    try:
        return {"lists": list(lists.filter(uuid__in=wanted))}
    except ValidationError:
        return {}


@login_required
def run_detail(request, uuid):
    run = access.access_run(request.user, uuid)
    counts = selectors.run_counts(request.user, run)
    return render(
        request,
        "linkage/run_detail.html",
        {"run": run, "counts": counts, "lists": list(run.lists.all())},
    )


@login_required
def run_review(request, uuid):
    run = access.access_run(request.user, uuid)
    tab = request.GET.get("tab", "review")
    if tab not in selectors.TABS:
        tab = "review"
    page = selectors.review_queue(request.user, run, tab, request.GET.get("page", 1))
    counts = selectors.run_counts(request.user, run)
    return render(
        request,
        "linkage/run_review.html",
        {
            "run": run,
            "tab": tab,
            "page": page,
            "counts": counts,
            "here": request.get_full_path(),
            "decisions": DecisionForm.base_fields["decision"].choices,
        },
    )


@login_required
def pair_detail(request, uuid):
    pair = access.access_pair(request.user, uuid)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_decide(
                pair=pair,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Decision saved. This pair will not be asked again."))
            nxt = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
                nxt = reverse("linkage:run_review", kwargs={"uuid": pair.run.uuid})
            return redirect(nxt)
    card = selectors.pair_card(pair)
    card["decision"] = services.decision_for(pair)
    card["decision_label"] = selectors.decision_label(card["decision"])
    return render(request, "linkage/pair_detail.html", {"card": card, "form": form})


@login_required
@require_POST
def run_export(request, uuid):
    """Start the clean-list export (a POST: it is audited)."""
    run = access.access_run(request.user, uuid)
    if run.status != run.Status.DONE:
        raise PermissionDenied
    job = export_start(
        kind=jobs.EXPORT_CLEAN,
        actor=request.user,
        obj=run,
        organisation=run.organisation,
        title=texts.Text(jobs.TITLE_CLEAN, {"ref": run.reference}),
        fmt="xlsx" if request.POST.get("format") == "xlsx" else "csv",
        return_url=reverse("linkage:run_detail", kwargs={"uuid": run.uuid}),
    )
    return redirect(job.get_absolute_url())


@login_required
def beneficiary_detail(request, uuid):
    ben = access.access_beneficiary(request.user, uuid)
    recs = selectors.beneficiary_records(ben)
    merged_from = list(ben.merged_from.all().only("uuid", "reference"))
    return render(
        request,
        "linkage/beneficiary_detail.html",
        {"ben": ben, "records": recs, "merged_from": merged_from},
    )


@login_required
@require_POST
def registration_check(request):
    """The live duplicate warning of the registration form (htmx): candidates only."""
    _require_cap(request.user, Cap.EDIT_MEMBERS)
    check = registration.live_check(request.user, request.POST)
    return render(request, "linkage/_register_duplicates.html", {"dup": check, "live": True})
