"""Legal-aid pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core.access import require_cap
from saathi.core.forms import apply_service_errors, form_view
from saathi.core.policy import Cap

from . import access, letters, selectors, services
from .forms import (
    CompensationForm,
    DisclosureConsentForm,
    HearingForm,
    IdentifierForm,
    LetterForm,
    MatterForm,
    PaymentForm,
    PersonForm,
    ProtectionForm,
    ThreatForm,
)
from .models import MatterType


def _detail(matter) -> str:
    return reverse("legal:matter_detail", args=[matter.uuid])


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), 1000)
    except ValueError:
        return 1


@login_required
def matter_list(request):
    require_cap(request.user, Cap.VIEW_LEGAL)
    filters = selectors.MatterFilters(
        matter_type=request.GET.get("type", "")[:40], flag=request.GET.get("flag", "")[:16]
    )
    page, full = selectors.matter_list(request.user, filters, request.GET.get("page", 1))
    return render(
        request,
        "legal/matter_list.html",
        {"page": page, "full": full, "filters": filters, "types": MatterType.choices},
    )


@login_required
def agenda(request):
    require_cap(request.user, Cap.VIEW_LEGAL)
    page = _page(request)
    rows, more = selectors.agenda(request.user, page=page)
    return render(
        request,
        "legal/agenda.html",
        {
            "rows": rows,
            "more": more,
            "page": page,
            "days": selectors.AGENDA_DAYS,
            "today": timezone.localdate(),
        },
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
        MatterForm(request.POST or None),
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
        return render(request, "legal/matter_summary.html", {"matter": matter})
    reveal = request.GET.get("reveal") == "1"
    ctx = selectors.matter_detail(request.user, matter, reveal=reveal)
    may_edit = access.may(request.user, Cap.MANAGE_LEGAL, matter)
    ctx.update(
        matter=matter,
        member=matter.member,
        may_edit=may_edit,
        may_print=access.may(request.user, Cap.PRINT_LEGAL, matter),
        revealed=reveal,
        letter_form=LetterForm(initial={"language": _letter_language(matter.member)}),
    )
    return render(request, "legal/matter_detail.html", ctx)


def _matter_form(request, uuid, form_class, save, title, success, initial=None):
    matter = access.access_matter(request.user, uuid, Cap.MANAGE_LEGAL)
    return form_view(
        request,
        form_class(request.POST or None, initial=initial(matter) if initial else None),
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
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pdf = services.letter_pdf(
                matter=matter, kind=d["kind"], language=d["language"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            name = f"{matter.reference}-{d['kind']}-{d['language']}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "legal/form.html",
        {
            "form": form,
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
