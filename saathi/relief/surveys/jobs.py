"""Background jobs: import a Kobo or ODK export into a survey version; compile a large
XLSForm (thousands of questions take pyxform seconds, too long for a request)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core import texts
from saathi.core.jobs import job_runner
from saathi.people.models import Collective, Organisation

from . import services
from .models import SurveyVersion

KIND = "surveys.import_responses"
UPLOAD_KIND = "surveys.upload_form"
# job titles, stored as codes and shown in the reader's language (core.texts)
TITLE_UPLOAD = texts.define("surveys.upload_form", gettext_lazy("Checking the form %(name)s"))
TITLE_IMPORT = texts.define(
    "surveys.import_responses", gettext_lazy("Import of responses: %(title)s")
)


@job_runner(UPLOAD_KIND)
def upload_form(job, progress):
    organisation = Organisation.objects.filter(pk=job.params["organisation"]).first()
    if organisation is None:
        raise PermissionDenied
    try:
        version = services.survey_upload(
            organisation=organisation,
            data=job.input_bytes() or b"",
            file_name=job.input_name,
            actor=job.owner,
        )
    except ValidationError as exc:
        for problem in exc.messages:  # each "Sheet “survey”, row N: ..."
            job.add_error(None, problem)
        raise ValidationError(
            _("The form was not saved. Correct the problems listed below and upload it again.")
        ) from None
    progress(1, 1)
    job.return_url = reverse("surveys:survey_detail", kwargs={"uuid": version.survey.uuid})
    job.summary = {_("Version"): version.number, _("Questions"): len(version.questions)}


@job_runner(KIND)
def import_responses(job, progress):
    version = SurveyVersion.objects.select_related("survey").get(pk=job.params["version"])
    collective = Collective.objects.filter(pk=job.params["collective"]).first()
    if collective is None:
        raise PermissionDenied
    result = services.responses_import(
        version=version,
        data=job.input_bytes() or b"",
        file_name=job.input_name,
        meta=services.ResponseMeta(collective=collective, district=job.params["district"]),
        actor=job.owner,
        add_error=job.add_error,
        progress=progress,
    )
    job.summary = {
        _("Rows read"): result.rows,
        _("Responses imported"): result.imported,
        _("Already imported (skipped)"): result.duplicates,
        _("Rows refused"): result.refused,
    }
    if result.orphans:
        job.summary[_("Repeat rows left out (the row they go under is missing)")] = result.orphans
