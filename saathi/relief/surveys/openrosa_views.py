"""OpenRosa endpoints for ODK Collect, KoboCollect and Enketo (ADR 0033), and the pages
where a user makes and revokes her phones' credentials and a manager attaches a form's
media and reviews the submissions kept for review. Thin: authenticate -> service -> XML.

The server address to type into ODK Collect is ``…/surveys/openrosa``; Collect adds
``/formList`` and ``/submission`` itself. Clients sign in with HTTP Basic over the
device credential (user name and secret), never the user's password.
"""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from saathi.core import policy
from saathi.core.access import fetch
from saathi.core.forms import apply_service_errors
from saathi.core.policy import Cap

from . import access, engine, openrosa, platform, selectors, services
from .forms import DeviceCredentialForm, HeldApplyForm, HeldRejectForm, MediaUploadForm
from .models import DeviceCredential, HeldSubmission, SurveyMedia

XML = "text/xml; charset=utf-8"


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = openrosa.OPENROSA_VERSION
    response["Date"] = http_date()
    response["Cache-Control"] = "no-store"
    return response


def _xml(body: bytes, status: int = 200) -> HttpResponse:
    return _headers(HttpResponse(body, content_type=XML, status=status))


def _message(text: str, status: int, nature: str = "") -> HttpResponse:
    return _xml(
        openrosa.response_xml(text, nature or ("submit_success" if status < 300 else "error")),
        status,
    )


def _challenge() -> HttpResponse:
    r = _message(_("Sign in with this phone's user name and secret from Saathi."), 401)
    r["WWW-Authenticate"] = 'Basic realm="Saathi ODK", charset="UTF-8"'
    return r


def _device(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sp, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        username, _colon, secret = base64.b64decode(value.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not username or not secret:
        return None
    return services.device_authenticate(username, secret)


def _device_survey(device, uuid):
    survey = services.device_surveys(device).filter(uuid=uuid).first()
    if survey is None:
        raise Http404
    return survey


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_list(request):
    device = _device(request)
    if device is None:
        return _challenge()
    platform.ensure_platform_surveys(device.organisation, device.user)
    forms = []
    for survey, version, has_media in selectors.device_form_list(device):
        entry = {
            "formID": survey.form_id,
            "name": version.title,
            "version": version.form_version or str(version.number),
            "hash": openrosa.md5_hash(version.xform),
            "downloadUrl": request.build_absolute_uri(
                reverse("surveys:openrosa_form", kwargs={"uuid": survey.uuid})
            ),
        }
        if has_media:
            entry["manifestUrl"] = request.build_absolute_uri(
                reverse("surveys:openrosa_manifest", kwargs={"uuid": survey.uuid})
            )
        forms.append(entry)
    return _xml(openrosa.form_list_xml(forms))


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_download(request, uuid):
    device = _device(request)
    if device is None:
        return _challenge()
    try:
        version = _device_survey(device, uuid).latest_version()
    except Http404:
        return _message(_("This form is not on the server for you."), 404)
    return _xml(version.xform.encode())


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_manifest(request, uuid):
    device = _device(request)
    if device is None:
        return _challenge()
    try:
        survey = _device_survey(device, uuid)
    except Http404:
        return _message(_("This form is not on the server for you."), 404)
    version = survey.latest_version()
    files = [
        {
            "filename": m.name,
            "hash": "md5:" + m.md5,
            "downloadUrl": request.build_absolute_uri(
                reverse("surveys:openrosa_media", kwargs={"uuid": survey.uuid, "media": m.uuid})
            ),
        }
        for m in version.media_files.order_by("name")
    ]
    attached = {f["filename"] for f in files}
    # the lists the platform makes for this phone (its members, sessions, items): their
    # hash changes when the list does, so the phone fetches them again
    for name in version.media:
        if name in platform.GENERATED_FILES and name not in attached:
            data = platform.media_csv(device, name) or b""
            files.append(
                {
                    "filename": name,
                    "hash": openrosa.md5_hash(data),
                    "downloadUrl": request.build_absolute_uri(
                        reverse("surveys:openrosa_file", kwargs={"uuid": survey.uuid, "name": name})
                    ),
                }
            )
    return _xml(openrosa.manifest_xml(files))


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def generated_file(request, uuid, name):
    """A list the platform makes for this phone (members.csv: names of her collective's
    members; an audited read of personal data)."""
    device = _device(request)
    if device is None:
        return _challenge()
    try:
        survey = _device_survey(device, uuid)
    except Http404:
        return _message(_("This form is not on the server for you."), 404)
    version = survey.latest_version()
    if name not in platform.GENERATED_FILES or name not in version.media:
        return _message(_("This file is not on the server."), 404)
    if version.media_files.filter(name=name).exists():  # a file the manager attached wins
        return _message(_("This file is not on the server."), 404)
    data = services.generated_file_read(device=device, survey=survey, name=name)
    r = _headers(HttpResponse(data, content_type="text/csv; charset=utf-8"))
    r["Content-Disposition"] = content_disposition_header(True, name)
    r["X-Content-Type-Options"] = "nosniff"
    return r


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def media_download(request, uuid, media):
    device = _device(request)
    if device is None:
        return _challenge()
    try:
        survey = _device_survey(device, uuid)
    except Http404:
        return _message(_("This form is not on the server for you."), 404)
    item = SurveyMedia.objects.filter(version__survey=survey, uuid=media).first()
    if item is None:
        return _message(_("This file is not on the server."), 404)
    data = services.survey_media_read(item)
    r = _headers(HttpResponse(data, content_type=item.content_type))
    r["Content-Disposition"] = content_disposition_header(True, item.name)
    r["X-Content-Type-Options"] = "nosniff"
    return r


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
def submission(request):
    device = _device(request)
    if device is None:
        return _challenge()
    if request.method == "HEAD":
        r = _headers(HttpResponse(status=204))
        r["X-OpenRosa-Accept-Content-Length"] = str(openrosa.SUBMISSION_MAX_BYTES)
        return r
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > openrosa.SUBMISSION_MAX_BYTES:
        return _message(_("The submission is too large."), 413)
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return _message(_("The submission has no xml_submission_file."), 400)
    files = {
        f.name: f
        for key, items in request.FILES.lists()
        if key != "xml_submission_file"
        for f in items
    }
    try:
        result = services.openrosa_submit(device=device, xml=xml_file.read(), files=files)
    except openrosa.SubmissionError as exc:
        return _message(exc.message, exc.status)
    return _message(result.message, result.status)


# ------------------------------------------------------------------ pages
@login_required
def device_list(request):
    collectives = selectors.device_collectives(request.user)
    if not collectives.exists():
        raise PermissionDenied
    form = DeviceCredentialForm(request.POST or None, collectives=collectives)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            cred, secret = services.device_credential_create(
                actor=request.user,
                collective=form.cleaned_data["collective"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            created = {"credential": cred, "secret": secret}
            form = DeviceCredentialForm(collectives=collectives)
    return render(
        request,
        "surveys/device_list.html",
        {
            "form": form,
            "created": created,
            "devices": DeviceCredential.objects.visible_to(request.user).select_related(
                "collective"
            ),
            "server_url": request.build_absolute_uri(reverse("surveys:openrosa_root")),
        },
    )


@login_required
@require_POST
def device_revoke(request, uuid):
    cred = fetch(DeviceCredential.objects.visible_to(request.user), request.user, uuid)
    services.device_credential_revoke(credential=cred, actor=request.user)
    messages.success(
        request, _("The phone “%(label)s” can no longer sign in.") % {"label": cred.label}
    )
    return redirect("surveys:device_list")


def openrosa_root(request):
    """The address typed into ODK Collect; a person opening it is sent to her phones page."""
    return redirect("surveys:device_list")


@login_required
def survey_media(request, uuid):
    survey = access.access_survey(request.user, uuid)
    if not policy.has_cap_for(request.user, Cap.MANAGE_SURVEYS, survey.organisation_id):
        raise PermissionDenied
    version = survey.latest_version()
    form = MediaUploadForm(request.POST or None, request.FILES or None, names=version.media)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_media_attach(
                version=version,
                name=form.cleaned_data["name"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect("surveys:survey_media", uuid=survey.uuid)
    attached = {m.name: m for m in version.media_files.all()}
    return render(
        request,
        "surveys/survey_media.html",
        {
            "survey": survey,
            "version": version,
            "form": form,
            "rows": [{"name": n, "attached": attached.get(n)} for n in version.media],
        },
    )


@login_required
def held_list(request, uuid):
    survey = access.access_survey(request.user, uuid)
    if not policy.has_cap_for(request.user, Cap.MANAGE_SURVEYS, survey.organisation_id):
        raise PermissionDenied
    return render(
        request,
        "surveys/held_list.html",
        {"survey": survey, "rows": selectors.held_rows(request.user, survey)},
    )


@login_required
@require_POST
def held_resolve(request, uuid):
    held = access.access_held(request.user, uuid, cap=Cap.MANAGE_SURVEYS)
    services.held_set_aside(held=held, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("The submission was set aside. It stays on record."))
    return redirect("surveys:held_list", uuid=held.survey.uuid)


@login_required
def review_queue(request):
    """Submissions from phones kept for review, of every form the user manages."""
    if not access.organisations_to_manage(request.user).exists():
        raise PermissionDenied
    status = request.GET.get("status", "open")
    if status not in HeldSubmission.Status.values:
        status = "open"
    page = selectors.review_page(request.user, request.GET.get("page"), status=status)
    return render(
        request,
        "surveys/review_queue.html",
        {
            "page": page,
            "rows": [
                {"held": h, "rule": platform.Rule.label(h.rule or platform.Rule.FORM)} for h in page
            ],
            "status": status,
            "statuses": HeldSubmission.Status.choices,
        },
    )


def _held_context(request, held, apply_form, reject_form):
    view = selectors.held_view(request.user, held, request.LANGUAGE_CODE)
    return {
        "held": held,
        "view": view,
        "apply_form": apply_form,
        "reject_form": reject_form,
        "error_forms": [f for f in (apply_form, reject_form) if f.is_bound],
    }


@login_required
def held_detail(request, uuid):
    """One kept submission: what it broke and what still stands in the way; apply it
    after fixing, or reject it with a reason (ADR 0040)."""
    held = access.access_held(request.user, uuid, cap=Cap.MANAGE_SURVEYS)
    spec = engine.spec_for(held.version)
    try:
        raw, _meta = services.held_answers(held)
    except ValidationError:
        raw = {}
    posted = request.method == "POST" and held.status == HeldSubmission.Status.OPEN
    apply_form = HeldApplyForm(request.POST if posted else None, held=held, spec=spec, raw=raw)
    reject_form = HeldRejectForm()
    if posted and apply_form.is_valid():
        fix = apply_form.fix()
        try:
            services.held_apply(held=held, actor=request.user, fix=fix)
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, errors in by_field.items():
                target = f"answer_{name}" if f"answer_{name}" in apply_form.fields else None
                if name in apply_form.fields:
                    target = name
                for e in errors:
                    apply_form.add_error(target, e)
        else:
            messages.success(request, _("Applied: it went through the same checks as the page."))
            return redirect("surveys:review_queue")
    return render(
        request, "surveys/held_detail.html", _held_context(request, held, apply_form, reject_form)
    )


@login_required
@require_POST
def held_reject(request, uuid):
    held = access.access_held(request.user, uuid, cap=Cap.MANAGE_SURVEYS)
    form = HeldRejectForm(request.POST)
    if form.is_valid():
        try:
            services.held_reject(held=held, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Rejected. It stays on record with your reason."))
            return redirect("surveys:review_queue")
    spec = engine.spec_for(held.version)
    apply_form = HeldApplyForm(None, held=held, spec=spec, raw={})
    return render(
        request, "surveys/held_detail.html", _held_context(request, held, apply_form, form)
    )
