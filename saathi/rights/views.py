"""Staff pages of members' requests. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import confidential
from saathi.core.access import require_cap
from saathi.core.forms import OrganisationPicker, form_view
from saathi.core.policy import Cap
from saathi.people.access import access_member

from . import breaches, selectors, services
from .access import access_breach, access_processor, access_request
from .forms import BreachForm, DecideForm, NoticeForm, ProcessorForm, RequestForm
from .models import Status


@login_required
def request_list(request):
    require_cap(request.user, Cap.VIEW_RIGHTS)
    ref = request.GET.get("member", "").strip()[:20]
    if ref:  # record a request for a member found by her reference
        from saathi.people.models import Member

        found = Member.objects.visible_to(request.user).filter(reference__iexact=ref).first()
        if found is not None:
            return redirect("rights:request_create", uuid=found.uuid)
        messages.error(request, _("No member with this reference."))
    status = request.GET.get("status", Status.RECEIVED)[:16]
    page = selectors.request_list(request.user, status=status, page=request.GET.get("page", 1))
    return render(
        request,
        "rights/request_list.html",
        {"page": page, "status": status, "statuses": Status.choices, "today": timezone.localdate()},
    )


@login_required
def request_create(request, uuid):
    member = access_member(request.user, uuid, Cap.RECORD_RIGHTS)
    initial = {"received_on": timezone.localdate(), "language": member.preferred_language}
    form = RequestForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        lambda data: services.request_record(member=member, actor=request.user, **data),
        template="rights/request_form.html",
        redirect_to=lambda req: redirect("rights:request_detail", uuid=req.uuid),
        success=_("Request recorded. Answer it within 90 days."),
        context={"member": member},
    )


def _texts(user, req) -> dict:
    """Her words and the answer: personal data of hers, opened for staff who answer her."""
    if req.status == Status.ERASED:
        return {}
    return confidential.reveal(user, req, ["details", "nominee", "answer"])


@login_required
def request_detail(request, uuid):
    req = access_request(request.user, uuid)
    context = selectors.request_detail(request.user, req)
    context["texts"] = _texts(request.user, req)
    return render(request, "rights/request_detail.html", context)


@login_required
def request_decide(request, uuid):
    req = access_request(request.user, uuid, Cap.RECORD_RIGHTS)
    form = DecideForm(request.POST or None)
    return form_view(
        request,
        form,
        lambda data: services.request_decide(request=req, actor=request.user, **data),
        template="rights/decide_form.html",
        redirect_to=lambda r: redirect("rights:request_detail", uuid=r.uuid),
        success=_("Decision recorded."),
        context={"req": req},
    )


@login_required
@require_POST
def erasure_approve(request, uuid):
    req = access_request(request.user, uuid, Cap.APPROVE_ERASURE)
    try:
        req = services.erasure_approve(request=req, actor=request.user)
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for text in msgs:
                messages.error(request, text)
    else:
        if req.status == Status.ERASED:
            messages.success(request, _("Erased. Her data can no longer be read anywhere."))
        else:
            messages.error(
                request, _("Refused: %(reason)s") % {"reason": req.get_refusal_code_display()}
            )
    return redirect("rights:request_detail", uuid=req.uuid)


@login_required
@require_POST
def access_export(request, uuid):
    req = access_request(request.user, uuid, Cap.RECORD_RIGHTS)
    try:
        job = services.access_export_start(
            request=req, release=request.POST.get("release") == "1", actor=request.user
        )
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for text in msgs:
                messages.error(request, text)
        return redirect("rights:request_detail", uuid=req.uuid)
    return redirect(job)


# --- the breach register (DPDP Rules 2025, rule 7): organisation admins


@login_required
def breach_list(request):
    require_cap(request.user, Cap.APPROVE_ERASURE)
    page = selectors.breach_list(request.user, page=request.GET.get("page", 1))
    return render(request, "rights/breach_list.html", {"page": page, "now": timezone.now()})


@login_required
def breach_create(request):
    picker = OrganisationPicker(request.user, Cap.APPROVE_ERASURE)
    initial = {}
    if not picker.several:
        initial["contact"] = selectors.notice_current(picker.organisations[0])["contact"]
    form = picker.add_to(BreachForm(request.POST or None, initial=initial))

    def save(data):
        organisation = picker.take(form)  # takes the choice out of ``data``
        return breaches.breach_record_from_references(
            organisation=organisation, actor=request.user, **data
        )

    return form_view(
        request,
        form,
        save,
        template="rights/breach_form.html",
        redirect_to=lambda b: b.get_absolute_url(),
        success=_("Breach recorded. Notify the members and report to the Board within 72 hours."),
    )


@login_required
def breach_detail(request, uuid):
    breach = access_breach(request.user, uuid, Cap.APPROVE_ERASURE)
    context = selectors.breach_detail(breach)
    context["now"] = timezone.now()
    return render(request, "rights/breach_detail.html", context)


@login_required
@require_POST
def breach_notify(request, uuid):
    breach = access_breach(request.user, uuid, Cap.APPROVE_ERASURE)
    sent = breaches.breach_notify(breach=breach, actor=request.user)
    messages.success(
        request,
        _("Sent to %(sent)s of %(count)s affected members.")
        % {"sent": sent, "count": breach.members.count()},
    )
    return redirect(breach)


@login_required
@require_POST
def breach_report(request, uuid):
    """The Board report as a PDF: a POST, as every print is (it writes an audit row)."""
    breach = access_breach(request.user, uuid, Cap.APPROVE_ERASURE)
    pdf = breaches.board_report_pdf(breach, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{breach.reference}-board.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- the privacy notice and the contact for requests: organisation admins


@login_required
def notice_publish(request):
    picker = OrganisationPicker(request.user, Cap.APPROVE_ERASURE)
    org = picker.organisations[0]
    chosen = request.GET.get("org", "")
    if chosen:
        org = next((o for o in picker.organisations if str(o.uuid) == chosen), None)
        if org is None:
            raise Http404
    current = selectors.notice_current(org)
    initial = {"contact": current["contact"]}
    initial |= {f"text_{code}": n.text for code, n in current["texts"].items()}
    form = NoticeForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        lambda data: services.notice_publish(
            organisation=org, texts=form.texts(), contact=data["contact"], actor=request.user
        ),
        template="rights/notice_form.html",
        redirect_to=lambda v: f"{request.path}?org={org.uuid}",
        success=lambda v: _("Version %(v)s of the notice is published.") % {"v": v},
        context={"org": org, "organisations": picker.organisations, **current},
    )


# --- the processor register (DPDP Act s.8(2)): organisation admins


@login_required
def processor_list(request):
    require_cap(request.user, Cap.APPROVE_ERASURE)
    page = selectors.processor_list(request.user, page=request.GET.get("page", 1))
    return render(request, "rights/processor_list.html", {"page": page})


@login_required
def processor_create(request):
    picker = OrganisationPicker(request.user, Cap.APPROVE_ERASURE)
    form = picker.add_to(ProcessorForm(request.POST or None))

    def save(data):
        organisation = picker.take(form)  # takes the choice out of ``data``
        return services.processor_save(organisation=organisation, actor=request.user, **data)

    return form_view(
        request,
        form,
        save,
        template="rights/processor_form.html",
        redirect_to="rights:processor_list",
        success=_("Processor added to the register."),
    )


@login_required
def processor_edit(request, uuid):
    processor = access_processor(request.user, uuid, Cap.APPROVE_ERASURE)
    initial = {k: getattr(processor, k) for k in services.PROCESSOR_FIELDS}
    form = ProcessorForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        lambda data: services.processor_save(
            organisation=processor.organisation, processor=processor, actor=request.user, **data
        ),
        template="rights/processor_form.html",
        redirect_to="rights:processor_list",
        success=_("Saved."),
        context={"processor": processor},
    )
