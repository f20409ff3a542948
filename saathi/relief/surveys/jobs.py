"""Background job: import a Kobo or ODK export into a survey version."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from saathi.core.jobs import job_runner
from saathi.people.models import Collective

from . import services
from .models import SurveyVersion

KIND = "surveys.import_responses"


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
