"""Writes: XLSForm uploads, responses from the phone form, Kobo/ODK imports. Audited."""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

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
        if survey.platform:
            raise ValidationError(
                {
                    "file": _(
                        "The form id “%(id)s” is one of Saathi's own forms. Give yours another."
                    )
                    % {"id": form_id}
                }
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
    collective: Any  # a people.Collective
    district: str
    member: Any = None  # a people.Member, or None


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
    if survey.platform:  # its submissions go through the module's services (ADR 0040)
        raise PermissionDenied
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
    orphans: int = 0  # repeat rows left out: the row they go under is not in the file


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
    kept. A repeat's row (a sheet or CSV of its own) whose household, or outer repeat
    row, is not in the file is reported with its sheet or file and line. Rows whose
    instance id is already stored are counted as duplicates, so the same file imported
    twice adds nothing the second time."""
    from .exports import read_export

    survey = version.survey
    if survey.platform:
        raise PermissionDenied
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
    for line, reason in export.orphans():
        result.orphans += 1
        add_error(line, reason)
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
            "repeat_rows_left_out": result.orphans,
        },
    )
    return result


def _describe(spec: engine.Spec, errors: dict) -> str:
    """ "size: “abc” is not a whole number." for each wrong answer (no other answers)."""
    parts = []
    for name, message in list(errors.items())[:5]:
        parts.append(f"{name}: {message}")
    return " ".join(parts)[:500]


# ------------------------------------------------------------ OpenRosa (ADR 0033)
DEVICE_SECRET_BYTES = 18


def _secret_hash(secret: str) -> str:
    import hashlib
    import hmac

    from saathi.core import crypto

    return hmac.new(
        crypto.hash_key("device-credential"), secret.encode(), hashlib.sha256
    ).hexdigest()


def device_credential_create(*, actor, collective, label: str):
    """A new credential for one of the actor's phones. Returns (credential, secret): the
    secret is shown once and never stored."""
    import secrets

    from .models import DeviceCredential

    errors = {}
    label = (label or "").strip()
    if not label:
        errors["label"] = _("Give the phone a name you will recognise, e.g. “Padma's phone”.")
    if collective is None:
        errors["collective"] = _("Choose the collective.")
    if errors:
        raise ValidationError(errors)
    if not policy.has_cap_for(
        actor, Cap.RECORD_RESPONSES, collective.organisation_id, [collective.pk]
    ):
        raise PermissionDenied
    secret = secrets.token_urlsafe(DEVICE_SECRET_BYTES)
    with transaction.atomic():
        cred = DeviceCredential.objects.create(
            user=actor,
            organisation_id=collective.organisation_id,
            collective=collective,
            label=label[:80],
            username=f"d{secrets.token_hex(6)}",
            secret_hash=_secret_hash(secret),
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=cred,
            organisation_id=collective.organisation_id,
            detail={"device_credential": str(cred.uuid)},
        )
    return cred, secret


def device_credential_revoke(*, credential, actor) -> None:
    if credential.user_id != actor.pk:
        raise PermissionDenied
    if credential.revoked_at is None:
        with transaction.atomic():
            credential.revoked_at = timezone.now()
            credential.save(update_fields=["revoked_at"])
            audit.record(
                audit.Action.CHANGE,
                actor=actor,
                obj=credential,
                organisation_id=credential.organisation_id,
                detail={"device_credential": str(credential.uuid), "revoked": True},
            )


def device_authenticate(username: str, secret: str):
    """The active credential with this user name and secret, or None (revoked, unknown,
    wrong secret or an inactive user all answer None)."""
    import hmac

    from .models import DeviceCredential

    cred = (
        DeviceCredential.objects.select_related("user", "collective", "organisation")
        .filter(username=username[:40])
        .first()
    )
    expected = cred.secret_hash if cred else _secret_hash("not a credential")
    ok = hmac.compare_digest(expected, _secret_hash(secret))
    if not (cred and ok and cred.revoked_at is None and cred.user.is_active):
        return None
    now = timezone.now()
    if cred.last_used_at is None or (now - cred.last_used_at).total_seconds() > 300:
        DeviceCredential.objects.filter(pk=cred.pk).update(last_used_at=now)
    return cred


def device_surveys(device):
    """The surveys an ODK client may list and fill: its organisation's, within its user's
    scope, while she may still record responses for its collective."""
    if not policy.has_cap_for(
        device.user, Cap.RECORD_RESPONSES, device.organisation_id, [device.collective_id]
    ):
        return Survey.objects.none()
    from . import platform

    return (
        Survey.objects.visible_to(device.user, Cap.RECORD_RESPONSES)
        .filter(organisation_id=device.organisation_id)
        .exclude(platform__in=set(platform.FORM_IDS) - set(platform.kinds_for(device)))
    )


_EXTENSIONS = {
    "jpg": "image",
    "jpeg": "image",
    "png": "image",
    "wav": "audio",
    "mp3": "audio",
    "m4a": "audio",
    "amr": "audio",
    "ogg": "audio",
    "mp4": "video",
    "3gp": "video",
    "mov": "video",
    "webm": "video",
    "pdf": "document",
}


def _check_attachment(name: str, upload) -> tuple[bytes, str]:
    """The attachment's bytes and type, checked by content against what its name says."""
    import filetype
    from django.conf import settings

    from saathi.core.files import IMAGE_TYPES, check_upload

    family = _EXTENSIONS.get(name.rpartition(".")[2].lower())
    what = {
        "image": _("a photo"),
        "audio": _("a sound recording"),
        "video": _("a video"),
        "document": _("a PDF"),
    }
    if family is None:
        raise ValidationError(
            _("The attachment “%(name)s” is not a kind of file Saathi keeps.") % {"name": name}
        )
    if family == "image":
        try:
            return check_upload(upload, "attachment", IMAGE_TYPES)
        except ValidationError:
            raise ValidationError(
                _("The attachment “%(name)s” is not %(what)s, as its name says.")
                % {"name": name, "what": what[family]}
            ) from None
    if upload.size > settings.SAATHI_UPLOAD_MAX_BYTES:
        raise ValidationError(_("The attachment “%(name)s” is too large.") % {"name": name})
    data = upload.read()
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind else ""
    ok = (family == "document" and mime == "application/pdf") or (
        family in ("audio", "video") and mime.split("/")[0] in ("audio", "video")
    )
    if not ok:
        raise ValidationError(
            _("The attachment “%(name)s” is not %(what)s, as its name says.")
            % {"name": name, "what": what[family]}
        )
    return data, mime


@dataclass
class SubmitResult:
    status: int  # 201 stored, 202 already stored or kept for review
    message: str
    response: Response | None = None
    held: object | None = None


def openrosa_submit(*, device, xml: bytes, files: dict) -> SubmitResult:
    """One OpenRosa submission (its XML and the attachments of this POST). Idempotent on
    instanceID: sent again, it stores nothing twice (attachments not yet stored are
    added, as clients split large submissions over several POSTs). An edit
    (deprecatedID) becomes a new version. A submission that breaks a rule is kept for
    review, never lost and never applied. Raises openrosa.SubmissionError (400/404/413)
    or ValidationError (an attachment that is not what its name says)."""
    from saathi.core import vault

    from . import openrosa, platform
    from .models import Attachment, HeldSubmission

    user = device.user
    root = openrosa.parse_xml(xml)
    form_id = root.get("id", "")
    survey = device_surveys(device).filter(form_id=form_id).first()
    if survey is None:
        raise openrosa.SubmissionError(_("This form is not on the server for you."), 404)
    versions = list(survey.versions.order_by("-number"))
    sent_version = root.get("version", "")
    version = next(
        (v for v in versions if (v.form_version or str(v.number)) == sent_version), versions[0]
    )
    spec = engine.spec_for(version)
    sub = openrosa.read_submission(xml, engine.repeat_tree(spec))
    # the attachments the answers name, checked before anything is stored
    named = set()
    for q in spec.questions:
        value = sub.raw.get(q["name"])
        if isinstance(value, str) and value:
            named.add(value)

    def name_files(rows):  # a roster's rows, and the rows of the repeats inside them
        for row in rows if isinstance(rows, list) else ():
            for v in (row or {}).values():
                if isinstance(v, str) and v:
                    named.add(v)
                elif isinstance(v, list):
                    name_files(v)

    for rep in spec.repeats:
        name_files(sub.raw.get(rep["name"]))
    checked_files = {}
    for name, upload in files.items():
        if name in named:
            try:
                checked_files[name] = _check_attachment(name, upload)
            except ValidationError as exc:
                raise openrosa.SubmissionError(exc.messages[0]) from None

    def attach(skip=frozenset(), **owner):
        have = set(Attachment.objects.filter(**owner).values_list("name", flat=True))
        for name, (data, mime) in checked_files.items():
            if name in have or name in skip:
                continue
            att = Attachment(name=name[:200], content_type=mime, size=len(data), **owner)
            vault.store(att, "file", data)
            att.save()

    with transaction.atomic():
        existing = Response.objects.filter(survey=survey, instance_id=sub.instance_id).first()
        if existing is not None:
            attach(response=existing)
            return SubmitResult(202, _("Already received. Nothing was added twice."), existing)
        held = HeldSubmission.objects.filter(survey=survey, instance_id=sub.instance_id).first()
        if held is not None:
            attach(held=held)
    if held is not None:
        if held.rule == platform.Rule.PHOTO_MISSING and held.status == HeldSubmission.Status.OPEN:
            # the photo came in a later POST (Collect splits large submissions): the
            # submission is now whole, and goes through the service as if sent at once
            try:
                response = held_apply(held=held, actor=user, fix=platform.Fix(), by_device=True)
            except ValidationError:
                pass
            else:
                return SubmitResult(201, _("Thank you: the form was received."), response)
        return SubmitResult(202, _("Already received; kept for review."), held=held)
    checked = engine.check(spec, sub.raw, device=True)
    collective = device.collective
    previous = None
    if sub.deprecated_id:
        previous = Response.objects.filter(
            survey=survey, instance_id=sub.deprecated_id, current=True
        ).first()
    try:
        with transaction.atomic():
            applied = None
            broken = None
            if checked.errors:
                broken = platform.RuleBroken(platform.Rule.FORM)
            elif survey.platform:
                try:
                    with transaction.atomic():  # a refusal undoes what the service began
                        applied = platform.apply(
                            survey.platform,
                            answers={**checked.answers, "start": sub.raw.get("start")},
                            files=checked_files,
                            actor=user,
                            collective=collective,
                        )
                except platform.RuleBroken as exc:
                    broken = exc
            if broken is not None:
                held = HeldSubmission.objects.create(
                    survey=survey,
                    version=version,
                    organisation_id=survey.organisation_id,
                    collective=collective,
                    instance_id=sub.instance_id,
                    deprecated_id=sub.deprecated_id,
                    xml=xml.decode("utf-8", "replace"),
                    errors=checked.errors,
                    rule=broken.rule if survey.platform else "",
                    rule_detail=broken.detail,
                    device=device,
                    recorded_by=user,
                )
                attach(held=held)
                audit.record(
                    audit.Action.CREATE,
                    actor=user,
                    obj=held,
                    organisation_id=survey.organisation_id,
                    detail={
                        "survey": str(survey.uuid),
                        "held": sorted(checked.errors)[:20],
                        "rule": broken.rule,
                    },
                )
                if broken.rule == platform.Rule.FORM:
                    text = _(
                        "Received. Some answers break the form's rules; a person will review it."
                    )
                else:
                    text = _("Received, not yet applied: %(rule)s. A person will review it.") % {
                        "rule": platform.Rule.label(broken.rule)
                    }
                return SubmitResult(202, text, held=held)
            response = _store_response(
                survey=survey,
                version=version,
                spec=spec,
                collective=collective,
                instance_id=sub.instance_id,
                answers=checked.answers,
                user=user,
                device=device,
                previous=previous,
                applied=applied,
                actor=user,
            )
            attach(response=response, skip=applied.consumed if applied else set())
    except IntegrityError:  # the same submission arriving twice at once: the first stays
        return SubmitResult(202, _("Already received. Nothing was added twice."))
    if previous is not None:
        from .tallies import tally_rebuild

        tally_rebuild(survey)  # the replaced version leaves the figures
    return SubmitResult(201, _("Thank you: the form was received."), response)


def _store_response(
    *,
    survey,
    version,
    spec,
    collective,
    instance_id,
    answers,
    user,
    device,
    previous,
    applied,
    actor,
    held=None,
) -> Response:
    """The Response of an OpenRosa submission (sent, or applied from review), its tally
    and its audit record. In the caller's transaction."""
    district = ""
    if isinstance(answers.get("district"), str):
        district = answers["district"].strip()
    district = district or (collective.districts or [""])[0] or collective.name
    response = Response.objects.create(
        survey=survey,
        version=version,
        organisation_id=survey.organisation_id,
        collective=collective,
        district=district[:100],
        member=applied.member if applied else None,
        instance_id=instance_id,
        answers=answers,
        source=Response.Source.OPENROSA,
        recorded_by=user,
        device=device,
        previous=previous,
        applied_to=applied.ref if applied else "",
    )
    if previous is not None:
        Response.objects.filter(pk=previous.pk).update(current=False)
    tally_add(survey, spec, [(collective.pk, response.district, response.answers)])
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=response,
        member_id=response.member_id,
        detail={
            "survey": str(survey.uuid),
            "version": version.number,
            "openrosa": True,
            "replaces": str(previous.uuid) if previous else "",
            "applied_to": response.applied_to,
            "from_review": str(held.uuid) if held else "",
        },
    )
    return response


_MEDIA_TYPES = {
    "image": {"image/jpeg", "image/png"},
    "audio": {"audio/x-wav", "audio/mpeg", "audio/ogg", "audio/mp4", "audio/amr"},
    "video": {"video/mp4", "video/quicktime", "video/3gpp", "video/webm"},
}


def survey_media_attach(*, version, name: str, upload, actor):
    """Attach (or replace) a media file the form names: checked by content, encrypted."""
    import hashlib

    import filetype
    from django.conf import settings

    from saathi.core import vault

    from .models import SurveyMedia

    survey = version.survey
    if not policy.has_cap_for(actor, Cap.MANAGE_SURVEYS, survey.organisation_id):
        raise PermissionDenied
    if name not in version.media:
        raise ValidationError({"name": _("The form does not name this file.")})
    if upload.size > settings.SAATHI_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    data = upload.read()
    ext = name.rpartition(".")[2].lower()
    if ext in ("csv", "xml", "geojson", "txt"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                {"file": _("This file is not text in UTF-8. Save it as CSV UTF-8.")}
            ) from None
        mime = {"csv": "text/csv", "xml": "text/xml", "geojson": "application/geo+json"}.get(
            ext, "text/plain"
        )
    else:
        kind = filetype.guess(data[:8192])
        mime = kind.mime if kind else ""
        family = _EXTENSIONS.get(ext)
        if family not in _MEDIA_TYPES or mime not in _MEDIA_TYPES[family]:
            raise ValidationError(
                {"file": _("This file is not what its name “%(name)s” says.") % {"name": name}}
            )
    with transaction.atomic():
        old = SurveyMedia.objects.filter(version=version, name=name).first()
        item = SurveyMedia(
            version=version,
            name=name,
            content_type=mime,
            size=len(data),
            md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        )
        vault.store(item, "file", data)
        if old is not None:
            old.delete()
            # the replaced file goes once the new one is committed
            transaction.on_commit(lambda: vault.delete(old, "file"))
        item.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=survey,
            organisation_id=survey.organisation_id,
            detail={"media": name[:100], "version": version.number},
        )
    return item


def survey_media_read(item) -> bytes:
    from saathi.core import vault

    return vault.read(item, "file")


def held_set_aside(*, held, actor, note: str = "") -> None:
    """A person looked at a submission kept for review and set it aside: it stays on record
    (never deleted), no longer waiting."""
    from .models import HeldSubmission

    if not policy.has_cap_for(actor, Cap.MANAGE_SURVEYS, held.organisation_id):
        raise PermissionDenied
    if held.status != HeldSubmission.Status.OPEN:
        return
    with transaction.atomic():
        held.status = HeldSubmission.Status.DISCARDED
        held.resolved_by = actor
        held.resolved_at = timezone.now()
        held.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=held,
            organisation_id=held.organisation_id,
            detail={"held": "set_aside"},
        )


def _may_review(actor, held) -> None:
    if not policy.has_cap_for(actor, Cap.MANAGE_SURVEYS, held.organisation_id):
        raise PermissionDenied


def held_xml(held) -> str:
    """The XML a kept submission was sent as (decrypted; callers audit the read)."""
    xml = held.xml
    return xml.unseal_for_system() if hasattr(xml, "unseal_for_system") else str(xml)


def held_answers(held) -> tuple[dict, dict]:
    """(the answers of a kept submission as sent, its meta: start, instanceID)."""
    from . import openrosa

    spec = engine.spec_for(held.version)
    try:
        sub = openrosa.read_submission(held_xml(held).encode(), engine.repeat_tree(spec))
    except openrosa.SubmissionError as exc:  # kept as sent, but it no longer reads
        raise ValidationError({"__all__": exc.message}) from None
    return sub.raw, {"start": sub.raw.get("start"), "instance_id": sub.instance_id}


def held_check(
    *, held, actor, fix=None, attachments: list[str] | None = None, memo: dict | None = None
) -> dict:
    """What still stands in the way of applying a kept submission, checked now with the
    reviewer's rights and in her language: {field or "": message}. Writes nothing."""
    from . import platform

    try:
        raw, meta = held_answers(held)
    except ValidationError as exc:
        return {"__all__": exc.messages[0]}
    raw.update((fix.answers if fix else {}) or {})
    checked = engine.check(engine.spec_for(held.version), raw, device=True)
    if checked.errors:
        return dict(checked.errors)
    if not held.survey.platform:
        return {}
    if attachments is None:
        attachments = list(held.attachments.values_list("name", flat=True))
    files = {name: (b"", "") for name in attachments}
    try:
        platform.apply(
            held.survey.platform,
            answers={**checked.answers, "start": meta["start"]},
            files=files,
            actor=actor,
            collective=held.collective,
            fix=fix,
            dry_run=True,
            memo=memo,
        )
    except platform.RuleBroken as exc:
        return exc.messages or {"__all__": platform.Rule.label(exc.rule)}
    return {}


def held_apply(*, held, actor, fix=None, by_device: bool = False) -> Response:
    """Apply a kept submission after a person fixed what broke (``fix``: corrected
    answers, a reason to give again, leave out who left, the phone's list wins): it goes
    through the same services, with ``actor``'s rights, and becomes a Response. Raises
    ValidationError {field: message} while a rule still breaks (nothing is written)."""
    from saathi.core import vault

    from . import platform
    from .models import HeldSubmission

    if not by_device:
        _may_review(actor, held)
    fix = fix or platform.Fix()
    raw, meta = held_answers(held)
    raw.update(fix.answers or {})
    version = held.version
    spec = engine.spec_for(version)
    checked = engine.check(spec, raw, device=True)
    if checked.errors:
        raise ValidationError(dict(checked.errors))
    files = {a.name: (vault.read(a, "file"), a.content_type) for a in held.attachments.all()}
    survey = held.survey
    previous = None
    if held.deprecated_id:
        previous = Response.objects.filter(
            survey=survey, instance_id=held.deprecated_id, current=True
        ).first()
    try:
        with transaction.atomic():
            response = _apply_held(held, actor, fix, checked, meta, files, previous, by_device)
    except platform.RuleBroken as exc:
        if by_device and exc.rule != held.rule:
            HeldSubmission.objects.filter(pk=held.pk).update(rule=exc.rule, rule_detail=exc.detail)
        raise ValidationError(exc.messages or {"__all__": platform.Rule.label(exc.rule)}) from None
    held.status, held.response = HeldSubmission.Status.APPLIED, response
    if previous is not None:
        from .tallies import tally_rebuild

        tally_rebuild(survey)
    return response


def _apply_held(held, actor, fix, checked, meta, files, previous, by_device) -> Response:
    from . import platform
    from .models import Attachment, HeldSubmission

    survey, version = held.survey, held.version
    spec = engine.spec_for(version)
    locked = HeldSubmission.objects.select_for_update().get(pk=held.pk)
    if locked.status != HeldSubmission.Status.OPEN:
        raise ValidationError({"__all__": _("This submission was already resolved.")})
    applied = None
    if survey.platform:
        applied = platform.apply(
            survey.platform,
            answers={**checked.answers, "start": meta["start"]},
            files=files,
            actor=actor,
            collective=held.collective,
            fix=fix,
        )
    response = _store_response(
        survey=survey,
        version=version,
        spec=spec,
        collective=held.collective,
        instance_id=held.instance_id,
        answers=checked.answers,
        user=held.recorded_by,
        device=held.device,
        previous=previous,
        applied=applied,
        actor=actor,
        held=held,
    )
    consumed = applied.consumed if applied else set()
    Attachment.objects.filter(held=held).exclude(name__in=consumed).update(response=response)
    locked.status = HeldSubmission.Status.APPLIED
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.response = response
    locked.save(update_fields=["status", "resolved_by", "resolved_at", "response"])
    audit.record(
        audit.Action.CHANGE,
        actor=actor,
        obj=locked,
        organisation_id=held.organisation_id,
        detail={
            "held": "applied",
            "rule": held.rule,
            "fixed": sorted(fix.answers)[:20],
            "repeat_reason": bool(fix.repeat_reason),
            "confirm_overwrite": fix.confirm_overwrite,
            "leave_out_left": fix.leave_out_left,
            "by_device": by_device,
        },
    )
    return response


def held_reject(*, held, actor, reason: str) -> None:
    """A person rejects a kept submission, saying why: it stays on record, never applied."""
    from .models import HeldSubmission

    _may_review(actor, held)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is rejected.")})
    with transaction.atomic():
        updated = HeldSubmission.objects.filter(
            pk=held.pk, status=HeldSubmission.Status.OPEN
        ).update(
            status=HeldSubmission.Status.REJECTED,
            resolved_by=actor,
            resolved_at=timezone.now(),
            resolution_note=reason[:500],
        )
        if not updated:
            raise ValidationError({"reason": _("This submission was already resolved.")})
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=held,
            organisation_id=held.organisation_id,
            detail={"held": "rejected", "rule": held.rule},
        )
    held.refresh_from_db(fields=["status", "resolved_by", "resolved_at", "resolution_note"])


def generated_file_read(*, device, survey, name: str) -> bytes:
    """A list made for this phone; members.csv names members: its read is audited."""
    from . import platform

    data = platform.media_csv(device, name) or b""
    if name == "members.csv":
        audit.record(
            audit.Action.VIEW_PERSONAL,
            actor=device.user,
            obj=survey,
            organisation_id=survey.organisation_id,
            fields=["members.csv"],
            detail={
                "device": str(device.uuid),
                "collective": str(device.collective.uuid),
                "rows": max(data.count(b"\n") - 1, 0),
            },
        )
    return data
