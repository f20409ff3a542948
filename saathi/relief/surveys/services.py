"""Writes: XLSForm uploads, responses from the phone form, Kobo/ODK imports. Audited."""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.policy import Cap

from . import engine
from .models import Response, Survey, SurveyVersion
from .tallies import tally_add
from .xlsform import XLSFormError, compile_xlsform, measure_xlsform, survey_sheet, xform_for

XLSFORM_MAX_BYTES = 5 * 1024 * 1024
# A form with more rows than this on its survey sheet is compiled in a background job:
# pyxform takes about half a second per thousand questions (a 30,000-question form: 14 s).
LARGE_FORM_ROWS = 2_000
# pyxform's JSON of a form, as stored: a bound on what every page of the form reads.
DEFINITION_MAX_BYTES = 8 * 1024 * 1024


def xlsform_is_large(data: bytes) -> bool:
    """Whether the form should be compiled in a background job. Raises ValidationError
    at "file" when the workbook is refused before parsing (too large once unpacked, no
    survey sheet, an empty one)."""
    if len(data) > XLSFORM_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large: at most %(mb)s MB.") % {"mb": 5}})
    try:
        info = measure_xlsform(data)
    except XLSFormError as exc:
        raise ValidationError({"file": [str(p) for p in exc.problems[:30]]}) from None
    survey = survey_sheet(info)
    return survey is not None and survey.data_rows > LARGE_FORM_ROWS


def survey_upload(*, organisation, data: bytes, file_name: str, actor) -> SurveyVersion:
    """Validate an XLSForm with pyxform and store it: a new survey, or a new version of the
    organisation's survey with the same form id. Raises ValidationError({"file": [...]}):
    one message per problem, with its row."""
    if not policy.has_cap_for(actor, Cap.MANAGE_SURVEYS, organisation.pk):
        raise PermissionDenied
    if len(data) > XLSFORM_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large: at most %(mb)s MB.") % {"mb": 5}})
    try:
        form = compile_xlsform(data)
    except XLSFormError as exc:
        raise ValidationError({"file": [str(p) for p in exc.problems[:30]]}) from None
    if len(json.dumps(form.definition, ensure_ascii=False).encode()) > DEFINITION_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "The form is too large once converted (more than %(mb)s MB). Split it "
                    "into smaller forms."
                )
                % {"mb": DEFINITION_MAX_BYTES // (1024 * 1024)}
            }
        )
    form_id = form.form_id or file_name.rsplit(".", 1)[0][:100] or "survey"
    with transaction.atomic():
        survey, created = Survey.objects.select_for_update().get_or_create(
            organisation=organisation,
            form_id=form_id,
            defaults={"title": form.title or form_id},
        )
        if not created and form.title:
            survey.title = form.title
            survey.save(update_fields=["title"])
        number = (survey.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        xform, media = xform_for(form.definition, f"{number}")
        version = SurveyVersion.objects.create(
            xform=xform,
            media=media,
            survey=survey,
            number=number,
            form_version=form.version,
            title=form.title or form_id,
            default_language=form.default_language,
            languages=form.languages,
            definition=form.definition,
            fields=form.fields,
            file_name=file_name[:200],
            uploaded_by=actor,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=version,
            object_id=str(survey.uuid),
            organisation_id=organisation.pk,
            detail={"survey_version": number, "questions": len(version.questions)},
        )
    return version


@dataclass
class ResponseMeta:
    collective: object
    district: str
    member: object | None = None


def _check_meta(actor, survey: Survey, meta: ResponseMeta, cap: str) -> dict:
    errors: dict[str, str] = {}
    coll = meta.collective
    if coll is None or coll.organisation_id != survey.organisation_id:
        errors["collective"] = _("Choose the collective.")
    elif not policy.has_cap_for(actor, cap, survey.organisation_id, [coll.pk]):
        raise PermissionDenied
    if not meta.district.strip():
        errors["district"] = _("Write the district.")
    if meta.member is not None and meta.member.organisation_id != survey.organisation_id:
        errors["member"] = _("This member is not in the survey's organisation.")
    return errors


def response_record(
    *,
    version: SurveyVersion,
    raw: dict,
    meta: ResponseMeta,
    actor,
    language: str | None = None,
    instance_id: str = "",
) -> tuple[Response | None, engine.Checked]:
    """Check and save one response filled in on Saathi. Returns (response or None, the
    check: its ``errors`` by question name, and the meta errors under "collective",
    "district", "member")."""
    survey = version.survey
    spec = engine.spec_for(version)
    checked = engine.check(spec, raw, language)
    checked.errors.update(_check_meta(actor, survey, meta, Cap.RECORD_RESPONSES))
    if checked.errors:
        return None, checked
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                version=version,
                organisation_id=survey.organisation_id,
                collective=meta.collective,
                district=meta.district.strip()[:100],
                member=meta.member,
                instance_id=instance_id or f"uuid:{uuidlib.uuid4()}",
                answers=checked.answers,
                source=Response.Source.FORM,
                recorded_by=actor,
            )
            tally_add(survey, spec, [(meta.collective.pk, response.district, response.answers)])
            audit.record(
                audit.Action.CREATE,
                actor=actor,
                obj=response,
                member_id=meta.member.pk if meta.member else None,
                detail={"survey": str(survey.uuid), "version": version.number},
            )
    except IntegrityError:  # the same form sent twice (double tap): keep the first
        response = Response.objects.get(survey=survey, instance_id=instance_id)
    return response, checked


# ------------------------------------------------------------------ Kobo / ODK import
@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    rows: int = 0


def responses_import(
    *,
    version: SurveyVersion,
    data: bytes,
    file_name: str,
    meta: ResponseMeta,
    actor,
    add_error=lambda line, reason: None,
    progress=lambda done, total=None: None,
    batch_size: int = 1000,
) -> ImportResult:
    """Import a Kobo or ODK export (CSV with ; or , or XLSX) into ``version``.

    Bad rows are reported with ``add_error(line, reason)`` and skipped; good rows are
    kept. Rows whose instance id is already stored are counted as duplicates, so the
    same file imported twice adds nothing the second time."""
    from .exports import read_export

    survey = version.survey
    errors = _check_meta(actor, survey, meta, Cap.MANAGE_SURVEYS)
    if errors:
        raise ValidationError(errors)
    if not policy.has_cap_for(actor, Cap.MANAGE_SURVEYS, survey.organisation_id):
        raise PermissionDenied
    spec = engine.spec_for(version)
    export = read_export(data, file_name, spec)
    progress(0, export.total)
    seen = set(Response.objects.filter(survey=survey).values_list("instance_id", flat=True))
    result = ImportResult()
    pending: list[Response] = []
    now = timezone.now()
    district_q = spec.by_name.get("district")

    def flush():
        if pending:
            Response.objects.bulk_create(pending, batch_size=batch_size)
            tally_add(survey, spec, [(r.collective_id, r.district, r.answers) for r in pending])
            result.imported += len(pending)
            pending.clear()

    for row in export.rows():
        result.rows += 1
        if row.problem:
            result.refused += 1
            add_error(row.line, row.problem)
        elif row.instance_id in seen:
            result.duplicates += 1
        else:
            checked = engine.check(spec, row.values)
            if checked.errors:
                result.refused += 1
                add_error(row.line, _describe(spec, checked.errors))
            else:
                seen.add(row.instance_id)
                district = meta.district
                if district_q and isinstance(checked.answers.get("district"), str):
                    district = checked.answers["district"]
                pending.append(
                    Response(
                        survey=survey,
                        version=version,
                        organisation_id=survey.organisation_id,
                        collective=meta.collective,
                        district=district.strip()[:100],
                        instance_id=row.instance_id,
                        answers=checked.answers,
                        source=Response.Source.IMPORT,
                        submitted_at=row.submitted_at or now,
                        recorded_by=actor,
                        created_at=now,
                    )
                )
                if len(pending) >= batch_size:
                    with transaction.atomic():
                        flush()
        progress(result.rows, export.total)
    with transaction.atomic():
        flush()
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=survey,
        detail={
            "import": "responses",
            "version": version.number,
            "imported": result.imported,
            "duplicates": result.duplicates,
            "refused": result.refused,
        },
    )
    return result


def _describe(spec: engine.Spec, errors: dict) -> str:
    """ "size: “abc” is not a whole number." for each wrong answer (no other answers)."""
    parts = []
    for name, message in list(errors.items())[:5]:
        parts.append(f"{name}: {message}")
    return " ".join(parts)[:500]
