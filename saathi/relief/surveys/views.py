"""Survey pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from saathi.core import policy, texts
from saathi.core.forms import apply_service_errors
from saathi.core.jobs import job_start
from saathi.core.policy import Cap

from . import access, describe, engine, jobs, odkxpath, selectors, services
from .demo import needs_assessment_xlsx
from .forms import ResponseMetaForm, ResponsesImportForm, XLSFormUploadForm
from .jobs import KIND as IMPORT_KIND
from .jobs import UPLOAD_KIND

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def survey_list(request):
    if not access.may_reach_surveys(request.user):
        raise PermissionDenied
    return render(
        request,
        "surveys/survey_list.html",
        {
            "rows": selectors.survey_list(request.user),
            "may_upload": policy.has_cap(request.user, Cap.MANAGE_SURVEYS),
            "may_phones": policy.has_cap(request.user, Cap.RECORD_RESPONSES),
        },
    )


@login_required
def survey_upload(request):
    orgs = access.organisations_to_manage(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = XLSFormUploadForm(request.POST or None, request.FILES or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        organisation = form.cleaned_data["organisation"]
        try:
            if upload.size > services.XLSFORM_MAX_BYTES:
                raise ValidationError(
                    {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": 5}}
                )
            data = b"".join(upload.chunks())
            if services.xlsform_is_large(data):
                job = job_start(
                    kind=UPLOAD_KIND,
                    actor=request.user,
                    organisation=organisation,
                    title=texts.Text(jobs.TITLE_UPLOAD, {"name": upload.name[:100]}),
                    params={"organisation": organisation.pk},
                    upload=data,
                    upload_name=upload.name,
                    return_url=reverse("surveys:survey_list"),
                )
                return redirect(job)
            version = services.survey_upload(
                organisation=organisation, data=data, file_name=upload.name, actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Form saved: %(title)s, version %(n)s.")
                % {"title": version.title, "n": version.number},
            )
            return redirect("surveys:survey_detail", uuid=version.survey.uuid)
    return render(request, "surveys/survey_upload.html", {"form": form})


@login_required
def xlsform_template(request):
    if not policy.has_cap(request.user, Cap.MANAGE_SURVEYS):
        raise PermissionDenied
    response = HttpResponse(needs_assessment_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "needs_assessment.xlsx")
    return response


@login_required
def survey_detail(request, uuid):
    survey = access.access_survey(request.user, uuid)
    version = survey.latest_version()
    spec = engine.spec_for(version)
    lang = get_language()
    questions = [
        {
            "label": spec.text(q["label"], lang) or q["name"],
            "name": q["name"],
            "type": describe.type_label(q["type"]),
            "required": q["required"],
            # the rules in words (". >= 1 and . <= 30": "between 1 and 30")
            "relevant": "; ".join(describe.describe(c, spec, lang) for c in q["conditions"]),
            "constraint": describe.describe(q["constraint"], spec, lang),
            "choices": ", ".join(spec.text(c["label"], lang) or c["name"] for c in q["choices"]),
        }
        for q in spec.questions
    ]
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "version": version,
            "versions": survey.versions.select_related("uploaded_by").order_by("-number"),
            "questions": questions,
            "languages": sorted(version.languages),
            "may_fill": access.survey_allows(request.user, Cap.RECORD_RESPONSES, survey),
            "may_list": access.survey_allows(request.user, Cap.VIEW_RELIEF, survey),
            "may_manage": policy.has_cap_for(
                request.user, Cap.MANAGE_SURVEYS, survey.organisation_id
            ),
        },
    )


def _raw_answers(post, spec) -> dict:
    raw = {}
    for q in spec.questions:
        key = f"q_{q['name']}"
        if q["type"] == "select_multiple":
            raw[q["name"]] = post.getlist(key)
        elif key in post:
            raw[q["name"]] = post.get(key, "")
    return raw


def _form_items(spec, version, raw: dict, checked: engine.Checked | None, lang: str):
    """What the template renders: groups and questions with labels in ``lang``, the
    answers given, errors, and whether each is hidden by skip logic right now."""
    answers = checked.answers if checked else {}
    root = odkxpath.instance(
        {q["name"]: engine.xpath_value(answers.get(q["name"])) for q in spec.questions}
    )
    items = []
    q_by_name = spec.by_name
    hidden_depth = 0
    for f in version.fields:
        if f["kind"] == "group":
            hidden = False
            if f.get("relevant"):
                try:
                    hidden = not odkxpath.truthy(f["relevant"], root)
                except odkxpath.ExpressionError:
                    hidden = False
            items.append(
                {
                    "kind": "group",
                    "label": spec.text(f["label"], lang),
                    "relevant": f.get("relevant", ""),
                    "hidden": hidden,
                }
            )
            hidden_depth += 1
            continue
        if f["kind"] == "end_group":
            items.append({"kind": "end"})
            hidden_depth -= 1
            continue
        if f["kind"] == "repeat" or f.get("type") == "device":
            # shown for this question only: the rest of the form works in the browser
            items.append(
                {
                    "kind": "unsupported",
                    "label": spec.text(f["label"], lang) or f["name"],
                    "odk_type": f.get("odk_type", ""),
                }
            )
            continue
        if f.get("type") == "calculate":
            continue
        q = q_by_name[f["name"]]
        name = q["name"]
        value = raw.get(name, [] if q["type"] == "select_multiple" else "")
        selected = set(value) if isinstance(value, list) else {str(value)}
        items.append(
            {
                "kind": "question",
                "name": name,
                "input": f"q_{name}",
                "type": q["type"],
                "label": spec.text(q["label"], lang) or name,
                "hint": spec.text(q.get("hint"), lang),
                "required": q["required"] == "yes",
                "relevant": q["relevant"],
                "value": "" if isinstance(value, list) else value,
                "choices": [
                    {
                        "name": c["name"],
                        "label": spec.text(c["label"], lang) or c["name"],
                        "checked": c["name"] in selected,
                    }
                    for c in q["choices"]
                ],
                "error": (checked.errors.get(name) if checked else "") or "",
                "hidden": bool(checked) and not checked.relevant.get(name, True),
            }
        )
    return items


@login_required
def response_new(request, uuid):
    survey = access.access_survey(request.user, uuid, cap=Cap.RECORD_RESPONSES)
    if survey.platform:  # the platform's own forms: on a phone, or on the module's page
        messages.info(request, _("This form is filled in on a phone with ODK Collect."))
        return redirect("surveys:survey_detail", uuid=survey.uuid)
    version = survey.latest_version()
    spec = engine.spec_for(version)
    lang = get_language()
    collectives = access.collectives_for(request.user, Cap.RECORD_RESPONSES, survey).order_by(
        "name"
    )
    meta_form = ResponseMetaForm(request.POST or None, collectives=collectives, prefix="m")
    raw: dict = {}
    checked = engine.check(spec, {}, lang)  # skip logic of the empty form
    checked.errors = {}
    if request.method == "POST":
        raw = _raw_answers(request.POST, spec)
        checked = engine.check(spec, raw, lang)
        shown = set(request.POST.getlist("shown"))
        live = request.POST.get("live") == "1"
        newly = [
            n
            for n, rel in checked.relevant.items()
            if rel and n not in shown and spec.by_name[n]["type"] != "note"
        ]
        meta_ok = meta_form.is_valid()
        member = None
        if meta_ok and meta_form.cleaned_data["member"].strip():
            member = access.member_by_reference(request.user, meta_form.cleaned_data["member"])
            if member is None:
                meta_form.add_error("member", _("No member with this reference in your reach."))
                meta_ok = False
        if not live and newly and request.POST.get("shown_sent") == "1":
            # without JavaScript: the answers made more questions apply; show them first
            for n in newly:
                checked.errors.pop(n, None)
            messages.info(request, _("More questions apply now. Answer them, then save."))
        elif meta_ok:
            response, checked = services.response_record(
                version=version,
                raw=raw,
                meta=services.ResponseMeta(
                    collective=meta_form.cleaned_data["collective"],
                    district=meta_form.cleaned_data["district"],
                    member=member,
                ),
                actor=request.user,
                language=lang,
                instance_id=request.POST.get("instance_id", "")[:100],
            )
            if response is not None:
                messages.success(request, _("Saved. Thank you."))
                if access.survey_allows(request.user, Cap.VIEW_RELIEF, survey):
                    return redirect("surveys:response_detail", uuid=response.uuid)
                return redirect("surveys:response_new", uuid=survey.uuid)
            for field in ("collective", "district", "member"):
                if field in checked.errors:
                    meta_form.add_error(field, checked.errors.pop(field))
        # with the meta part wrong too, every error is shown in this one round
    items = _form_items(spec, version, raw, checked, lang)
    if request.method == "POST" and checked.errors:
        messages.error(request, _("Some answers need correcting. They are marked below."))
    return render(
        request,
        "surveys/response_form.html",
        {
            "survey": survey,
            "version": version,
            "meta_form": meta_form,
            "items": items,
            "instance_id": request.POST.get("instance_id") or f"uuid:{uuidlib.uuid4()}",
            # the answers' errors in the page's error summary, linked to their questions
            "error_items": [
                {"label": it["label"], "text": it["error"], "href": f"#{it['input']}"}
                for it in items
                if it.get("error") and not it.get("hidden")
            ],
            "language_missing": lang not in version.languages and bool(version.languages),
        },
    )


@login_required
def response_list(request, uuid):
    survey = access.access_survey(request.user, uuid, cap=Cap.VIEW_RELIEF)
    page = selectors.response_page(request.user, survey, request.GET.get("page", 1))
    return render(request, "surveys/response_list.html", {"survey": survey, "page": page})


@login_required
def response_detail(request, uuid):
    response = access.access_response(request.user, uuid)
    return render(
        request,
        "surveys/response_detail.html",
        {
            "response": response,
            "survey": response.survey,
            "answers": selectors.response_answers(request.user, response, get_language()),
        },
    )


@login_required
def responses_import(request, uuid):
    survey = access.access_survey(request.user, uuid)
    if not policy.has_cap_for(request.user, Cap.MANAGE_SURVEYS, survey.organisation_id):
        raise PermissionDenied
    if survey.platform:  # its submissions go through the services, one by one
        messages.info(request, _("This form is filled in on a phone with ODK Collect."))
        return redirect("surveys:survey_detail", uuid=survey.uuid)
    collectives = access.collectives_for(request.user, Cap.MANAGE_SURVEYS, survey).order_by("name")
    form = ResponsesImportForm(request.POST or None, request.FILES or None, collectives=collectives)
    if request.method == "POST" and form.is_valid():
        collective = form.cleaned_data["collective"]
        district = form.cleaned_data["district"].strip() or (collective.districts or [""])[0]
        try:
            if not district:
                raise ValidationError({"district": _("Write the district.")})
            job = job_start(
                kind=IMPORT_KIND,
                actor=request.user,
                organisation=survey.organisation,
                title=texts.Text(jobs.TITLE_IMPORT, {"title": survey.title}),
                params={
                    "version": survey.latest_version().pk,
                    "collective": collective.pk,
                    "district": district,
                },
                upload=form.cleaned_data["file"],
                return_url=reverse("surveys:survey_detail", kwargs={"uuid": survey.uuid}),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(job)
    return render(request, "surveys/responses_import.html", {"survey": survey, "form": form})


@login_required
def survey_figures(request, uuid):
    survey = access.access_survey(request.user, uuid)
    if not (
        access.survey_allows(request.user, Cap.VIEW_AGGREGATES, survey)
        or access.survey_allows(request.user, Cap.VIEW_RELIEF, survey)
    ):
        raise PermissionDenied
    by = "district" if request.GET.get("by") == "district" else "collective"
    agg = selectors.aggregates(request.user, survey, by=by, language=get_language())
    return render(request, "surveys/survey_figures.html", {"survey": survey, "agg": agg})
