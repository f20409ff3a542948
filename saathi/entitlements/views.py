"""Secretarial-service pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import policy
from saathi.core.access import require_cap
from saathi.core.files import download_name
from saathi.core.forms import OrganisationPicker, apply_service_errors, form_view
from saathi.core.policy import Cap
from saathi.core.scope import organisation_ids
from saathi.core.views import private_file_response
from saathi.people.models import Collective, Member

from . import access, selectors, services
from .eligibility import ALTERNATIVE_ROUTES
from .forms import (
    LANGUAGE_LABELS,
    ApplicationEditForm,
    ApplicationStartForm,
    CorrespondenceForm,
    DriveForm,
    LetterForm,
    LetterTemplateForm,
    MoveForm,
    SchemeForm,
)
from .models import (
    LANGS,
    Category,
    LetterKind,
    LetterTemplate,
    Scheme,
    Status,
)

_require_cap = require_cap


def _manage_org(request):
    """The organisation whose letter templates are edited: ``?organisation=`` among those
    where she manages schemes, else the first of them."""
    picker = OrganisationPicker(request.user, Cap.MANAGE_SCHEMES)
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    return next((o for o in picker.organisations if str(o.uuid) == wanted), picker.organisations[0])


def _detail(app) -> str:
    return reverse("entitlements:application_detail", args=[app.uuid])


# ------------------------------------------------------------------ schemes
@login_required
def scheme_list(request):
    _require_cap(request.user, Cap.VIEW_APPLICATIONS)
    state = request.GET.get("state", "")[:2]
    category = request.GET.get("category", "")[:32]
    schemes = selectors.catalogue(request.user, state=state, category=category)
    return render(
        request,
        "entitlements/scheme_list.html",
        {
            "schemes": schemes,
            "state": state,
            "category": category,
            "categories": Category.choices,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_SCHEMES),
        },
    )


@login_required
def scheme_detail(request, uuid):
    scheme = access.access_scheme(request.user, uuid)
    manage = access.organisations_with(request.user, Cap.MANAGE_SCHEMES)
    may_edit = scheme.is_current and (
        scheme.organisation_id is None or manage.filter(pk=scheme.organisation_id).exists()
    )
    return render(
        request,
        "entitlements/scheme_detail.html",
        {
            "scheme": scheme,
            "versions": selectors.scheme_versions(request.user, scheme),
            "may_edit": may_edit and manage.exists(),
            "alternative_routes": ALTERNATIVE_ROUTES if scheme.alternative_routes else [],
        },
    )


def _scheme_form(request, scheme: Scheme | None):
    picker = OrganisationPicker(request.user, Cap.MANAGE_SCHEMES)
    own = scheme is not None and scheme.organisation_id is not None
    groups = [d for d in (scheme.required_documents if scheme else []) if not isinstance(d, str)]
    initial = SchemeForm.initial_for(scheme) if scheme else {}
    form = SchemeForm(request.POST or None, initial=initial, groups=groups, creating=not scheme)
    if not own:  # a new scheme, or her organisation's own version of a shipped one
        picker.add_to(form)

    def save(_data):
        return services.scheme_save(
            organisation=scheme.organisation if own else picker.take(form),
            data=form.to_data(scheme.rules if scheme else ()),
            actor=request.user,
            scheme=scheme,
        )

    return form_view(
        request,
        form,
        save,
        template="entitlements/scheme_form.html",
        success=lambda new: _("Scheme saved (version %(v)s).") % {"v": new.version},
        redirect_to=lambda new: reverse("entitlements:scheme_detail", args=[new.uuid]),
        context={"scheme": scheme},
    )


@login_required
def scheme_create(request):
    return _scheme_form(request, None)


@login_required
def scheme_edit(request, uuid):
    scheme = access.access_scheme(request.user, uuid)
    if not scheme.is_current:
        raise Http404
    picker = OrganisationPicker(request.user, Cap.MANAGE_SCHEMES)  # 403 if she manages none
    if scheme.organisation_id not in (None, *picker.ids):
        raise Http404
    return _scheme_form(request, scheme)


# ------------------------------------------------------------------ member
@login_required
def member_entitlements(request, uuid):
    member = access.access_member(request.user, uuid)
    ctx = selectors.member_entitlements(request.user, member)
    ctx.update(
        member=member,
        may_edit=access.may(request.user, Cap.EDIT_APPLICATIONS, member),
        alternative_routes=ALTERNATIVE_ROUTES,
    )
    return render(request, "entitlements/member.html", ctx)


@login_required
def application_start(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_APPLICATIONS)
    schemes = selectors.catalogue_for_member(member)
    initial = {}
    code = request.GET.get("scheme", "")
    for s in schemes:
        if s.code == code:
            initial["scheme"] = str(s.uuid)

    def save(d):
        return services.application_start(
            member=member,
            scheme=next(s for s in schemes if str(s.uuid) == d["scheme"]),
            actor=request.user,
            identification_route=d["identification_route"],
            office=d["office"],
            deadline=d["deadline"],
            next_follow_up=d["next_follow_up"],
        )

    return form_view(
        request,
        ApplicationStartForm(request.POST or None, schemes=schemes, initial=initial),
        save,
        template="entitlements/form.html",
        success=lambda app: _("Application started: %(ref)s") % {"ref": app.reference},
        redirect_to=_detail,
        context={"member": member, "title": _("Start an application")},
    )


# ------------------------------------------------------------------ applications
@login_required
def application_list(request):
    _require_cap(request.user, Cap.VIEW_APPLICATIONS)
    filters = selectors.ApplicationFilters(
        status=request.GET.get("status", "")[:24],
        scheme=request.GET.get("scheme", "")[:60],
        stalled=request.GET.get("stalled") == "1",
    )
    page = selectors.application_list(request.user, filters, request.GET.get("page", 1))
    return render(
        request,
        "entitlements/application_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Status.choices,
            "schemes": sorted(selectors.catalogue(request.user), key=lambda s: str(s.name)),
        },
    )


@login_required
def application_detail(request, uuid):
    app = access.access_application(request.user, uuid)
    ctx = selectors.application_detail(request.user, app)
    may_edit = access.may(request.user, Cap.EDIT_APPLICATIONS, app.member)
    ctx.update(
        app=app,
        member=app.member,
        may_edit=may_edit,
        may_print=access.may(request.user, Cap.PRINT_LETTERS, app.member),
        move_form=MoveForm(allowed=app.allowed_next()) if may_edit else None,
        letter_form=LetterForm(
            initial={
                "language": app.member.preferred_language
                if app.member.preferred_language in LANGS
                else "en",
                "kind": "follow_up" if ctx["stalled"] else "cover",
            }
        ),
    )
    return render(request, "entitlements/application_detail.html", ctx)


@login_required
def application_move(request, uuid):
    app = access.access_application(request.user, uuid, Cap.EDIT_APPLICATIONS)

    def save(d):
        services.application_move(
            application=app,
            to_status=d["to_status"],
            actor=request.user,
            note=d["note"],
            reason=d["reason"],
            on=d["on"],
            authority_reference=d["authority_reference"],
            next_follow_up=d["next_follow_up"],
        )

    form = MoveForm(request.POST or None, allowed=app.allowed_next())
    return form_view(
        request,
        form,
        save,
        template="entitlements/form.html",
        success=lambda _r: (
            _("Status changed to: %(s)s") % {"s": Status(form.cleaned_data["to_status"]).label}
        ),
        redirect_to=lambda _r: _detail(app),
        context={"member": app.member, "app": app, "title": _("Change the status")},
    )


@login_required
def application_edit(request, uuid):
    app = access.access_application(request.user, uuid, Cap.EDIT_APPLICATIONS)
    initial = {k: getattr(app, k) for k in services.APPLICATION_EDIT_FIELDS}
    return form_view(
        request,
        ApplicationEditForm(request.POST or None, initial=initial),
        lambda d: services.application_update(application=app, data=d, actor=request.user),
        template="entitlements/form.html",
        success=_("Changes saved."),
        redirect_to=lambda _r: _detail(app),
        context={"member": app.member, "app": app, "title": _("Dates and office")},
    )


def _correspondence(request, member, app):
    form = CorrespondenceForm(
        request.POST or None,
        request.FILES or None,
        initial={"on": timezone.localdate(), "authority": app.office if app else ""},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.correspondence_add(
                member=member,
                application=app,
                data=d,
                upload=d.get("attachment"),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            if app:
                return redirect("entitlements:application_detail", uuid=app.uuid)
            return redirect("entitlements:member", uuid=member.uuid)
    return render(
        request,
        "entitlements/form.html",
        {
            "form": form,
            "member": member,
            "app": app,
            "title": _("Letter, visit or call"),
            "multipart": True,
        },
    )


@login_required
def application_correspondence(request, uuid):
    app = access.access_application(request.user, uuid, Cap.EDIT_APPLICATIONS)
    return _correspondence(request, app.member, app)


@login_required
def member_correspondence(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_APPLICATIONS)
    return _correspondence(request, member, None)


@login_required
def correspondence_attachment(request, uuid):
    item = access.access_correspondence(request.user, uuid, Cap.VIEW_APPLICATIONS)
    mime = item.attachment_content_type
    name = download_name(f"attachment-{item.uuid}", mime)
    return private_file_response(request, item, "attachment_file", filename=name, content_type=mime)


@login_required
def application_letter(request, uuid):
    app = access.access_application(request.user, uuid, Cap.PRINT_LETTERS)
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pdf = services.letter_pdf(
                application=app, kind=d["kind"], language=d["language"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            name = f"{app.reference}-{d['kind']}-{d['language']}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "entitlements/form.html",
        {"form": form, "member": app.member, "app": app, "title": _("Print a letter")},
    )


# ------------------------------------------------------------------ letter templates
@login_required
def letter_templates(request):
    org = _manage_org(request)
    own = {
        (t.kind, t.language): t
        for t in LetterTemplate.objects.filter(organisation__in=[org.pk, None]).order_by(
            "organisation"
        )
    }
    rows = [
        (kind, label, [(lang, LANGUAGE_LABELS[lang], own.get((kind, lang))) for lang in LANGS])
        for kind, label in LetterKind.choices
    ]
    return render(
        request,
        "entitlements/letter_templates.html",
        {"rows": rows, "placeholders": services.PLACEHOLDERS, "org": org},
    )


@login_required
def letter_template_edit(request):
    org = _manage_org(request)
    kind = request.GET.get("kind", LetterKind.COVER)
    language = request.GET.get("language", "en")
    if kind not in LetterKind.values or language not in LANGS:
        raise Http404
    tpl = services.letter_template_for(org.pk, kind, language)
    initial = {"subject": tpl.subject, "body": tpl.body} if tpl else {}
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(
                organisation=org,
                kind=kind,
                language=language,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Letter saved."))
            return redirect("entitlements:letter_templates")
    return render(
        request,
        "entitlements/letter_template_form.html",
        {
            "form": form,
            "kind_label": LetterKind(kind).label,
            "kind": kind,
            "language_label": LANGUAGE_LABELS[language],
            "language": language,
            "placeholders": services.PLACEHOLDERS,
        },
    )


# ------------------------------------------------------------------ drives
@login_required
def drive_list(request):
    _require_cap(request.user, Cap.VIEW_APPLICATIONS)
    rows = [(d, selectors.drive_progress(d)) for d in selectors.drives(request.user)]
    return render(
        request,
        "entitlements/drive_list.html",
        {"rows": rows, "may_run": policy.has_cap(request.user, Cap.RUN_DRIVES)},
    )


@login_required
def drive_create(request):
    _require_cap(request.user, Cap.RUN_DRIVES)
    scope = policy.scope_for(request.user, Cap.RUN_DRIVES)
    collectives = list(
        Collective.objects.filter(
            Q(pk__in=scope.collectives) | Q(organisation_id__in=scope.organisations)
        )
        .select_related("organisation")
        .order_by("name")
    )
    orgs = organisation_ids(request.user, Cap.RUN_DRIVES)
    schemes = list(Scheme.objects.catalogue_for(orgs).order_by("code"))
    form = DriveForm(request.POST or None, schemes=schemes, collectives=collectives)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scheme = next(s for s in schemes if str(s.uuid) == d["scheme"])
        collective = next((c for c in collectives if str(c.uuid) == d["collective"]), None)
        if collective is not None:
            organisation = collective.organisation
        elif scope.organisations:
            from saathi.people.models import Organisation

            organisation = Organisation.objects.get(pk=min(scope.organisations))
        else:
            organisation = None
            form.add_error("collective", _("Choose one of your collectives."))
        if organisation is not None:
            try:
                drive = services.drive_create(
                    organisation=organisation,
                    scheme=scheme,
                    name=d["name"],
                    target_date=d["target_date"],
                    collective=collective,
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("entitlements:drive_detail", uuid=drive.uuid)
    return render(request, "entitlements/form.html", {"form": form, "title": _("Start a drive")})


@login_required
def drive_detail(request, uuid):
    drive = access.access_drive(request.user, uuid)
    may_run = policy.has_cap_for(
        request.user,
        Cap.RUN_DRIVES,
        drive.organisation_id,
        [drive.collective_id] if drive.collective_id else [],
    )
    errors = []
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        chosen = request.POST.getlist("member")[:1000]
        if request.POST.get("whole_list") == "1":
            # every suggested member of the list, all pages, in one submit
            members = selectors.drive_suggested(request.user, drive)
        elif chosen:
            members = list(
                Member.objects.visible_to(request.user, Cap.EDIT_APPLICATIONS).filter(
                    uuid__in=[u for u in chosen if len(u) == 36]
                )
            )
        else:
            members = []
        if not members:
            errors.append(_("Choose at least one member."))
        else:
            try:
                result = services.drive_start_applications(
                    drive=drive, members=members, actor=request.user
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(
                    request,
                    _("%(n)s applications started; %(s)s members skipped.")
                    % {"n": result["started"], "s": result["skipped"]},
                )
                return redirect("entitlements:drive_detail", uuid=drive.uuid)
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), 1000)
    except ValueError:
        page = 1
    candidates, more = (
        selectors.drive_candidates(request.user, drive, page) if may_run else ([], False)
    )
    apps = list(
        drive.applications.visible_to(request.user).select_related("member").order_by("-id")[:100]
    )
    return render(
        request,
        "entitlements/drive_detail.html",
        {
            "drive": drive,
            "progress": selectors.drive_progress(drive),
            "candidates": candidates,
            "page": page,
            "more": more,
            "applications": apps,
            "may_run": may_run,
            "errors": errors,
        },
    )


# ------------------------------------------------------------------ agenda
# The agenda, its calendar feed and reminders live in saathi/core/agenda (every module's
# dates). These addresses stay for bookmarks and for calendars subscribed to the old link.
@login_required
def agenda(request):
    return redirect("agenda:agenda", permanent=True)


@login_required
def calendar_link(request):
    return redirect("agenda:calendar_link", permanent=True)
