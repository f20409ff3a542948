"""Legal-aid pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core.access import require_cap
from saathi.core.files import download_name
from saathi.core.forms import RevealForm, form_view
from saathi.core.policy import Cap
from saathi.core.views import private_file_response

from . import access, letters, selectors, services
from .forms import (
    CompensationForm,
    ComplaintAnswerForm,
    ComplaintForm,
    DisclosureConsentForm,
    DocumentForm,
    HearingForm,
    IdentifierForm,
    LetterForm,
    MatterForm,
    MoveForm,
    PaymentForm,
    PersonForm,
    ProtectionForm,
    ThreatForm,
)
from .models import MatterType


def _detail(matter) -> str:
    return reverse("legal:matter_detail", args=[matter.uuid])


def _papers(matter) -> str:
    return reverse("legal:matter_papers", args=[matter.uuid])


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), 1000)
    except ValueError:
        return 1


@login_required
def matter_list(request):
    require_cap(request.user, Cap.VIEW_LEGAL)
    filters = selectors.MatterFilters(
        matter_type=request.GET.get("type", "")[:40],
        flag=request.GET.get("flag", "")[:16],
        mine=request.GET.get("mine") == "1",
    )
    rows, after, full = selectors.matter_list(request.user, filters, request.GET.get("after", ""))
    return render(
        request,
        "legal/matter_list.html",
        {
            "rows": rows,
            "after": after,
            "first_page": not request.GET.get("after"),
            "full": full,
            "filters": filters,
            "types": MatterType.choices,
        },
    )


@login_required
def agenda(request):
    """The legal kinds of the shared agenda: next dates, and (full view) running clocks,
    overdue first, each with its next step."""
    from saathi.core.agenda.selectors import agenda_page

    from .agenda import KINDS

    require_cap(request.user, Cap.VIEW_LEGAL)
    return render(
        request, "legal/agenda.html", agenda_page(request.user, _page(request), only=KINDS)
    )


@login_required
def member_matters(request, uuid):
    member = access.access_member(request.user, uuid)
    return render(
        request,
        "legal/member.html",
        {
            "member": member,
            "matters": selectors.member_matters(request.user, member),
            "may_open": access.may(request.user, Cap.MANAGE_LEGAL, member),
        },
    )


@login_required
def matter_open(request, uuid):
    member = access.access_member(request.user, uuid, Cap.MANAGE_LEGAL)
    return form_view(
        request,
        MatterForm(
            request.POST or None,
            member=member,
            # the advocate opening it answers for it, unless she chooses someone else
            initial={"responsible": request.user.pk},
        ),
        lambda d: services.matter_open(member=member, data=d, actor=request.user),
        template="legal/form.html",
        success=lambda m: _("Legal matter opened: %(ref)s") % {"ref": m.reference},
        redirect_to=_detail,
        context={"member": member, "title": _("Open a legal matter")},
    )


@login_required
def matter_detail(request, uuid):
    matter = access.access_matter(request.user, uuid)
    full = access.full_view(request.user, matter)
    if request.GET.get("seen") == "1":  # opened from an alert on the home page
        services.alerts_seen(user=request.user, matter=matter)
    if not full:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "legal/matter_summary.html", {"matter": matter})
    # the confidential parts open on a POST with a reason (core.confidential), audited
    reveal_form = RevealForm(request.POST if request.method == "POST" else None)
    reason = (
        reveal_form.chosen_reason() if reveal_form.is_bound and reveal_form.is_valid() else None
    )
    ctx = selectors.matter_detail(request.user, matter, reveal=reason)
    may_edit = access.may(request.user, Cap.MANAGE_LEGAL, matter)
    ctx.update(
        matter=matter,
        member=matter.member,
        may_edit=may_edit,
        may_print=access.may(request.user, Cap.PRINT_LEGAL, matter),
        revealed=reason is not None,
        reveal_form=reveal_form,
        move_form=MoveForm(allowed=matter.allowed_next()) if may_edit else None,
        letter_form=LetterForm(initial={"language": _letter_language(matter.member)}),
    )
    return render(request, "legal/matter_detail.html", ctx)


def _full_matter(request, uuid):
    """A matter whose whole record the user sees (advocates, admins): 404 otherwise, as
    a facilitator reaches its summary only."""
    matter = access.access_matter(request.user, uuid)
    if not access.full_view(request.user, matter):
        raise Http404
    return matter


@login_required
def matter_papers(request, uuid):
    matter = _full_matter(request, uuid)
    reveal_form = RevealForm(request.POST if request.method == "POST" else None)
    reason = (
        reveal_form.chosen_reason() if reveal_form.is_bound and reveal_form.is_valid() else None
    )
    ctx = selectors.matter_papers(request.user, matter, reveal=reason)
    ctx.update(
        matter=matter,
        member=matter.member,
        may_edit=access.may(request.user, Cap.MANAGE_LEGAL, matter),
        revealed=reason is not None,
        reveal_form=reveal_form,
    )
    return render(request, "legal/matter_papers.html", ctx)


@login_required
def matter_history(request, uuid):
    matter = _full_matter(request, uuid)
    return render(
        request,
        "legal/matter_history.html",
        {"matter": matter, "member": matter.member, "steps": selectors.matter_history(matter)},
    )


@login_required
def matter_move(request, uuid):
    matter = access.access_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    return form_view(
        request,
        MoveForm(request.POST or None, allowed=matter.allowed_next()),
        lambda d: services.matter_move(
            matter=matter,
            to_status=d["to_status"],
            on=d.get("on"),
            note=d.get("note", ""),
            actor=request.user,
        ),
        template="legal/form.html",
        success=_("Status changed."),
        redirect_to=lambda _s: _detail(matter),
        context={"member": matter.member, "matter": matter, "title": _("Change the status")},
    )


@login_required
def document_add(request, uuid):
    matter = access.access_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return form_view(
        request,
        form,
        lambda d: services.document_add(
            matter=matter, data=d, upload=d.get("upload"), actor=request.user
        ),
        template="legal/form.html",
        success=_("Document added."),
        redirect_to=lambda _d: _papers(matter) + "#documents",
        context={
            "member": matter.member,
            "matter": matter,
            "title": _("Add a document"),
            "multipart": True,
        },
    )


@login_required
def document_file(request, uuid):
    """A matter's document. The advocates who manage the matter open it at once; an
    organisation admin only through a reveal: a POST with her reason, audited with it."""
    doc = access.access_document(request.user, uuid)
    name = download_name(f"{doc.matter.reference}-{doc.kind}", doc.content_type)
    reason = None
    if not access.may(request.user, Cap.MANAGE_LEGAL, doc.matter):
        form = RevealForm(request.POST if request.method == "POST" else None)
        if not (form.is_bound and form.is_valid()):
            return render(
                request,
                "legal/document_reveal.html",
                {"doc": doc, "matter": doc.matter, "member": doc.matter.member, "form": form},
            )
        reason = form.chosen_reason()
    return private_file_response(
        request, doc, "content_file", filename=name, content_type=doc.content_type, reason=reason
    )


def _complaint_form(request, matter, save, title, *, levels=None, initial=None):
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        organisation_id=matter.organisation_id,
        levels=levels,
        initial=initial,
    )
    return form_view(
        request,
        form,
        lambda d: save({**d, "uploads": form.uploads()}),
        template="legal/form.html",
        success=_("Complaint recorded."),
        redirect_to=lambda _c: _papers(matter) + "#complaints",
        context={"member": matter.member, "matter": matter, "title": title, "multipart": True},
    )


@login_required
def complaint_add(request, uuid):
    matter = access.access_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    return _complaint_form(
        request,
        matter,
        lambda d: services.complaint_send(
            matter=matter, data=d, uploads=d["uploads"], actor=request.user
        ),
        _("Complaint about the police or a prosecutor"),
    )


@login_required
def complaint_escalate(request, uuid):
    complaint = access.access_complaint(request.user, uuid, Cap.MANAGE_LEGAL)
    if not complaint.next_levels():
        raise Http404
    return _complaint_form(
        request,
        complaint.matter,
        lambda d: services.complaint_escalate(
            complaint=complaint, data=d, uploads=d["uploads"], actor=request.user
        ),
        _("Escalate the complaint"),
        levels=complaint.next_levels(),
        initial={"about": complaint.about, "ground": complaint.ground},
    )


@login_required
def complaint_answer(request, uuid):
    complaint = access.access_complaint(request.user, uuid, Cap.MANAGE_LEGAL)
    matter = complaint.matter
    form = ComplaintAnswerForm(request.POST or None, request.FILES or None)
    return form_view(
        request,
        form,
        lambda d: services.complaint_answer(
            complaint=complaint, data=d, uploads=form.uploads(), actor=request.user
        ),
        template="legal/form.html",
        success=_("Response recorded."),
        redirect_to=lambda _c: _papers(matter) + "#complaints",
        context={
            "member": matter.member,
            "matter": matter,
            "title": _("The response to the complaint"),
            "multipart": True,
        },
    )


COMPLAINT_FILES = {"complaint": "complaint", "receipt": "receipt", "affidavit": "affidavit"}


@login_required
def complaint_file(request, uuid, which):
    complaint = access.access_complaint(request.user, uuid)
    if which not in COMPLAINT_FILES or not getattr(complaint, f"{which}_file"):
        raise Http404
    mime = getattr(complaint, f"{which}_content_type")
    name = download_name(f"{complaint.matter.reference}-{which}", mime)
    return private_file_response(
        request, complaint, f"{which}_file", filename=name, content_type=mime
    )


def _matter_form(request, uuid, form_class, save, title, success, initial=None, form_kwargs=None):
    matter = access.access_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    return form_view(
        request,
        form_class(
            request.POST or None,
            initial=initial(matter) if initial else None,
            **(form_kwargs(matter) if form_kwargs else {}),
        ),
        lambda d: save(matter, d),
        template="legal/form.html",
        success=success,
        redirect_to=lambda _r: _detail(matter),
        context={"member": matter.member, "matter": matter, "title": title},
    )


@login_required
def matter_edit(request, uuid):
    return _matter_form(
        request,
        uuid,
        MatterForm,
        lambda m, d: services.matter_update(matter=m, data=d, actor=request.user),
        _("Facts and dates"),
        _("Changes saved."),
        initial=lambda m: model_to_dict(m, fields=MatterForm.Meta.fields),
        form_kwargs=lambda m: {"member": m.member},
    )


@login_required
def identifier_add(request, uuid):
    def save(matter, d):
        _ident, warnings = services.identifier_add(matter=matter, data=d, actor=request.user)
        for w in warnings:
            messages.warning(request, w)

    return _matter_form(
        request, uuid, IdentifierForm, save, _("Add a case number"), _("Number added.")
    )


@login_required
def person_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        PersonForm,
        lambda m, d: services.person_add(matter=m, data=d, actor=request.user),
        _("Add a person working on the matter"),
        _("Added."),
    )


@login_required
def hearing_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        HearingForm,
        lambda m, d: services.hearing_record(matter=m, data=d, actor=request.user),
        _("Record a hearing"),
        _("Hearing recorded."),
        initial=lambda m: {
            "court": m.court_establishment,
            "court_number": m.court_number,
            "stage": m.stage,
            "on": m.next_date,
            "purpose": m.next_purpose,
        },
    )


@login_required
def compensation_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        CompensationForm,
        lambda m, d: services.compensation_open(matter=m, data=d, actor=request.user),
        _("Compensation application"),
        _("Compensation claim recorded."),
    )


@login_required
def threat_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        ThreatForm,
        lambda m, d: services.threat_record(matter=m, data=d, actor=request.user),
        _("Record a threat"),
        _("Threat recorded."),
    )


@login_required
def protection_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        ProtectionForm,
        lambda m, d: services.protection_apply(matter=m, data=d, actor=request.user),
        _("Witness-protection application"),
        _("Application recorded."),
    )


def _part_form(request, part, form_class, save, title, success, initial=None):
    matter = part.matter
    return form_view(
        request,
        form_class(request.POST or None, initial=initial),
        lambda d: save(part, d),
        template="legal/form.html",
        success=success,
        redirect_to=lambda _r: _detail(matter),
        context={"member": matter.member, "matter": matter, "title": title},
    )


@login_required
def compensation_edit(request, uuid):
    comp = access.access_compensation(request.user, uuid, Cap.MANAGE_LEGAL)
    return _part_form(
        request,
        comp,
        CompensationForm,
        lambda c, d: services.compensation_update(compensation=c, data=d, actor=request.user),
        _("Interim relief, award and appeals"),
        _("Changes saved."),
        initial=model_to_dict(comp, fields=CompensationForm.Meta.fields + ["documents"]),
    )


@login_required
def payment_add(request, uuid):
    comp = access.access_compensation(request.user, uuid, Cap.MANAGE_LEGAL)
    return _part_form(
        request,
        comp,
        PaymentForm,
        lambda c, d: services.payment_record(compensation=c, data=d, actor=request.user),
        _("Record a payment"),
        _("Payment recorded."),
    )


@login_required
def protection_edit(request, uuid):
    app = access.access_protection(request.user, uuid, Cap.MANAGE_LEGAL)
    return _part_form(
        request,
        app,
        ProtectionForm,
        lambda a, d: services.protection_update(application=a, data=d, actor=request.user),
        _("Threat analysis report, measures and review"),
        _("Changes saved."),
        initial=model_to_dict(app, fields=ProtectionForm.Meta.fields),
    )


def _letter_language(member) -> str:
    lang = member.preferred_language
    return lang if lang in letters.LANGS else "en"


@login_required
def letter(request, uuid):
    matter = access.access_matter(request.user, uuid, Cap.PRINT_LEGAL)
    form = LetterForm(request.POST or None, initial={"language": _letter_language(matter.member)})

    def pdf_response(printed):
        kind, language, pdf = printed
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{matter.reference}-{kind}-{language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response

    return form_view(
        request,
        form,
        lambda d: (
            d["kind"],
            d["language"],
            services.letter_pdf(
                matter=matter, kind=d["kind"], language=d["language"], actor=request.user
            ),
        ),
        template="legal/form.html",
        redirect_to=pdf_response,
        context={
            "member": matter.member,
            "matter": matter,
            "title": _("Print a letter"),
            "submit": _("Print (PDF)"),
        },
    )


@login_required
def consent_add(request, uuid):
    return _matter_form(
        request,
        uuid,
        DisclosureConsentForm,
        lambda m, d: services.disclosure_consent_record(matter=m, data=d, actor=request.user),
        _("Her written authorisation to be named (BNS s.72)"),
        _("Authorisation recorded."),
    )


@login_required
@require_POST
def consent_withdraw(request, uuid):
    consent = access.access_disclosure_consent(request.user, uuid, Cap.MANAGE_LEGAL)
    services.disclosure_consent_withdraw(consent=consent, actor=request.user)
    messages.success(request, _("Authorisation withdrawn."))
    return redirect(_detail(consent.matter))
