"""Relief pages. Thin: access -> form -> service -> render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy, texts
from saathi.core.access import require_cap
from saathi.core.files import download_name
from saathi.core.forms import OrganisationPicker, apply_service_errors, form_view
from saathi.core.jobs import export_start, job_start
from saathi.core.policy import Cap
from saathi.core.views import private_file_response
from saathi.funds import selectors as funds_selectors
from saathi.funds.models import Campaign
from saathi.people.models import Collective, Member
from saathi.people.selectors import search_members

from . import access, selectors, services
from . import jobs as relief_jobs
from .forms import (
    DistributionForm,
    ExportForm,
    ImportForm,
    ItemForm,
    ListForm,
    OtpForm,
    ProgrammeForm,
    ResponseForm,
    ReverseForm,
    SubmitForm,
)
from .models import BeneficiaryList, Distribution

_require_cap = require_cap


@login_required
def index(request):
    _require_cap(request.user, Cap.VIEW_RELIEF)
    programmes = list(selectors.programmes_for(request.user)[:50])
    campaigns = funds_selectors.ledgers(funds_selectors.campaigns_for(request.user)[:50])
    return render(
        request,
        "relief/index.html",
        {"programmes": programmes, "campaigns": campaigns},
    )


@login_required
def figures(request):
    _require_cap(request.user, Cap.VIEW_AGGREGATES)
    return render(
        request, "relief/figures.html", {"agg": selectors.relief_aggregates(request.user)}
    )


# -------------------------------------------------------------------- programmes
def _programme_form(request, programme, picker=None):
    orgs = picker.ids if picker else [programme.organisation_id]
    collectives = Collective.objects.filter(organisation_id__in=orgs).order_by("name")
    campaigns = Campaign.objects.filter(organisation_id__in=orgs).order_by("-starts_on")
    initial = {}
    if programme is not None:
        initial = {f: getattr(programme, f) for f in services.PROGRAMME_FIELDS}
        for key in ("collective", "criteria_collective", "campaign"):
            initial[key] = getattr(programme, key).uuid if getattr(programme, key) else None
    form = ProgrammeForm(
        request.POST or None, initial=initial, collectives=collectives, campaigns=campaigns
    )
    if picker:
        picker.add_to(form)

    def save(_data):
        return services.programme_save(
            organisation=picker.take(form) if picker else programme.organisation,
            data=form.data_for_service(),
            programme=programme,
            actor=request.user,
        )

    return form_view(
        request,
        form,
        save,
        template="relief/programme_form.html",
        success=_("Programme saved."),
        redirect_to=lambda saved: reverse("relief:programme_detail", args=[saved.uuid]),
        context={"programme": programme},
    )


@login_required
def programme_create(request):
    return _programme_form(request, None, OrganisationPicker(request.user, Cap.MANAGE_RELIEF))


@login_required
def programme_edit(request, uuid):
    programme = access.access_programme(request.user, uuid, Cap.MANAGE_RELIEF)
    return _programme_form(request, programme)


@login_required
def programme_detail(request, uuid):
    programme = access.access_programme(request.user, uuid)
    user = request.user
    org = programme.organisation_id
    return render(
        request,
        "relief/programme_detail.html",
        {
            "programme": programme,
            "progress": selectors.programme_progress(programme),
            "recent": selectors.distributions_page(user, programme).object_list[:10],
            "lists": selectors.lists_of(user, programme),
            "may_manage": policy.has_cap_for(user, Cap.MANAGE_RELIEF, org),
            "may_record": policy.has_cap(user, Cap.RECORD_DISTRIBUTIONS),
            "may_stock": policy.has_cap_for(user, Cap.MANAGE_STOCK, org),
        },
    )


@login_required
def item_add(request, uuid):
    programme = access.access_programme(request.user, uuid, Cap.MANAGE_RELIEF)
    back = reverse("relief:programme_detail", args=[programme.uuid])
    return form_view(
        request,
        ItemForm(request.POST or None),
        lambda d: services.item_add(programme=programme, data=d, actor=request.user),
        template="relief/simple_form.html",
        success=_("Item added."),
        redirect_to=back,
        context={"title": _("Add an item"), "subtitle": programme.name, "back": back},
    )


# ----------------------------------------------------------------- distributions
@login_required
def distribution_record(request, uuid):
    programme = access.access_programme(request.user, uuid, Cap.RECORD_DISTRIBUTIONS)
    user = request.user
    items = programme.items.all()
    member_uuid = request.POST.get("member") or request.GET.get("member")
    member = None
    if member_uuid:
        try:
            member = access.access_recipient(user, member_uuid)
        except Http404:
            member = None
    q = request.GET.get("q", "").strip()[:100]
    matches = []
    if q and member is None:
        matches = list(
            search_members(
                Member.objects.visible_to(user, Cap.RECORD_DISTRIBUTIONS).filter(
                    organisation_id=programme.organisation_id, archived_at__isnull=True
                ),
                q,
            )
            .select_related("household")
            .only("uuid", "display_name", "native_name", "reference", "village", "household")
            .order_by("display_name", "id")[:10]
        )
    initial = {"handed_over_by": user.get_full_name() or user.username}
    if member is not None:
        initial["member"] = member.uuid
    form = DistributionForm(
        request.POST or None, request.FILES or None, items=items, initial=initial
    )
    if request.method == "POST" and member is None:
        messages.error(request, _("Find and choose the member first."))
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.DistributionInput(
            programme=programme,
            item=d["item"],
            member=member,
            distributed_on=d["distributed_on"],
            mode=d["mode"],
            handed_over_by=d["handed_over_by"],
            ack_method=d["ack_method"],
            quantity=d["quantity"],
            amount=d["amount"],
            place=d["place"],
            repeat_reason=d["repeat_reason"],
        )
        try:
            if d["ack_method"] == Distribution.Ack.OTP:
                challenge = services.otp_send(data=data, actor=user)
                messages.success(request, _("A code was sent to her phone."))
                return redirect("relief:otp_verify", uuid=challenge.uuid)
            services.distribution_record(data=data, actor=user, ack_upload=d["ack_file"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Distribution recorded."))
            return redirect(reverse("relief:distribution_record", args=[programme.uuid]))
    return render(
        request,
        "relief/distribution_form.html",
        {"programme": programme, "form": form, "member": member, "q": q, "matches": matches},
    )


@login_required
def otp_verify(request, uuid):
    challenge = access.access_challenge(request.user, uuid)
    item = challenge.programme.items.filter(pk=challenge.payload.get("item")).first()
    return form_view(
        request,
        OtpForm(request.POST or None),
        lambda d: services.otp_verify(challenge=challenge, code=d["code"], actor=request.user),
        template="relief/otp.html",
        success=_("Code confirmed. Distribution recorded."),
        redirect_to=lambda dist: reverse("relief:programme_detail", args=[dist.programme.uuid]),
        context={"challenge": challenge, "item": item},
    )


@login_required
def distribution_list(request, uuid):
    programme = access.access_programme(request.user, uuid)
    page = selectors.distributions_page(request.user, programme, request.GET.get("page", 1))
    return render(request, "relief/distribution_list.html", {"programme": programme, "page": page})


@login_required
def distribution_cancel(request, uuid):
    dist = access.access_distribution(request.user, uuid, Cap.MANAGE_RELIEF)
    form = ReverseForm(request.POST or None)
    form.fields["reason"].label = _("Why is this distribution cancelled?")
    back = reverse("relief:distribution_list", args=[dist.programme.uuid])
    return form_view(
        request,
        form,
        lambda d: services.distribution_cancel(
            distribution=dist, reason=d["reason"], actor=request.user
        ),
        template="relief/simple_form.html",
        success=_("Distribution cancelled. The record of it is kept."),
        redirect_to=back,
        context={
            "title": _("Cancel a distribution"),
            "subtitle": f"{dist.member.display_name} · {dist.item.name} · "
            f"{dist.distributed_on:%d/%m/%Y}",
            "back": back,
            "submit": _("Cancel the distribution"),
        },
    )


@login_required
def distribution_ack(request, uuid):
    dist = access.access_distribution(request.user, uuid, Cap.VIEW_RELIEF)
    mime = dist.ack_content_type
    name = download_name(f"acknowledgement-{dist.uuid}", mime)
    return private_file_response(request, dist, "ack_file", filename=name, content_type=mime)


@login_required
def distribution_import(request, uuid):
    programme = access.access_programme(request.user, uuid, Cap.RECORD_DISTRIBUTIONS)
    if not policy.has_cap_for(request.user, Cap.RECORD_DISTRIBUTIONS, programme.organisation_id):
        raise PermissionDenied  # imports need a grant on the whole organisation
    back = reverse("relief:programme_detail", args=[programme.uuid])
    return form_view(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda d: job_start(
            kind="relief.import_distributions",
            actor=request.user,
            organisation=programme.organisation,
            title=texts.Text(relief_jobs.TITLE_IMPORT, {"p": programme.name}),
            params={"programme": str(programme.uuid)},
            upload=d["file"],
            return_url=back,
        ),
        template="relief/simple_form.html",
        redirect_to=lambda job: job.get_absolute_url(),
        context={
            "title": _("Import a distribution list"),
            "subtitle": programme.name,
            "back": back,
            "multipart": True,
            "submit": _("Import"),
        },
    )


@login_required
@require_POST
def programme_report(request, uuid):
    programme = access.access_programme(request.user, uuid)
    form = ExportForm(request.POST)
    if not form.is_valid() or form.cleaned_data["format"] == "pdf":
        messages.error(request, _("Choose CSV or XLSX."))
        return redirect("relief:programme_detail", uuid=programme.uuid)
    fmt = form.cleaned_data["format"]
    job = export_start(
        kind="relief.export_report",
        actor=request.user,
        obj=programme,
        organisation=programme.organisation,
        title=texts.Text(relief_jobs.TITLE_REPORT, {"p": programme.name}),
        fmt=fmt,
        params={"hxl": form.cleaned_data["hxl"]},
        return_url=reverse("relief:programme_detail", args=[programme.uuid]),
    )
    return redirect(job.get_absolute_url())


# ------------------------------------------------------------- beneficiary lists
@login_required
def list_create(request, uuid):
    programme = access.access_programme(request.user, uuid, Cap.MANAGE_RELIEF)
    form = ListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            blist = services.list_build(
                programme=programme, authority=form.cleaned_data["authority"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("List drawn up."))
            return redirect("relief:list_detail", uuid=blist.uuid)
    return render(
        request,
        "relief/simple_form.html",
        {
            "form": form,
            "title": _("Draw up a beneficiary list"),
            "subtitle": programme.name,
            "back": reverse("relief:programme_detail", args=[programme.uuid]),
            "submit": _("Draw up the list"),
        },
    )


def _processors(blist):
    """rights (issue 13): the organisation's processors in use, for the submission."""
    from saathi.rights.selectors import processors_in_use

    return processors_in_use(blist.organisation_id)


@login_required
def list_detail(request, uuid):
    blist = access.access_list(request.user, uuid)
    may_manage = policy.has_cap_for(request.user, Cap.MANAGE_RELIEF, blist.organisation_id)
    action = request.POST.get("action")
    processors = _processors(blist) if may_manage and blist.status == "draft" else []
    submit_form = SubmitForm(request.POST if action == "submit" else None, processors=processors)
    response_form = ResponseForm(request.POST if action == "response" else None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            if action == "submit" and submit_form.is_valid():
                d = submit_form.cleaned_data
                services.list_submit(
                    blist=blist,
                    submitted_on=d["submitted_on"],
                    submitted_to=d["submitted_to"],
                    note=d["note"],
                    actor=request.user,
                    processor=next(
                        (p for p in processors if str(p.uuid) == d.get("processor")), None
                    ),
                )
                messages.success(request, _("Submission recorded."))
                return redirect("relief:list_detail", uuid=blist.uuid)
            if action == "response" and response_form.is_valid():
                d = response_form.cleaned_data
                services.list_record_response(
                    blist=blist,
                    response=d["response"],
                    response_on=d["response_on"],
                    accepted=d["response_accepted"],
                    note=d["note"],
                    actor=request.user,
                )
                messages.success(request, _("The authority's answer is recorded."))
                return redirect("relief:list_detail", uuid=blist.uuid)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # about the list, not a field
                messages.error(request, " ".join(exc.messages))
            apply_service_errors(submit_form if action == "submit" else response_form, exc)
    entries = list(
        blist.entries.select_related("member").only(
            "position",
            "member__uuid",
            "member__display_name",
            "member__native_name",
            "member__reference",
            "member__village",
            "member__district",
        )[:200]
    )
    return render(
        request,
        "relief/list_detail.html",
        {
            "blist": blist,
            "entries": entries,
            "steps": selectors.list_timeline(blist),
            "may_manage": may_manage,
            "submit_form": submit_form,
            "response_form": response_form,
            "Status": BeneficiaryList.Status,
        },
    )


@login_required
@require_POST
def list_export(request, uuid):
    blist = access.access_list(request.user, uuid, Cap.MANAGE_RELIEF)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose CSV, XLSX or PDF."))
        return redirect("relief:list_detail", uuid=blist.uuid)
    fmt = form.cleaned_data["format"]
    job = export_start(
        kind="relief.export_list",
        actor=request.user,
        obj=blist,
        organisation=blist.programme.organisation,
        title=texts.Text(relief_jobs.TITLE_LIST, {"ref": blist.reference}),
        fmt=fmt,
        return_url=reverse("relief:list_detail", args=[blist.uuid]),
    )
    return redirect(job.get_absolute_url())


# ------------------------------------------------------------------- fundraising
