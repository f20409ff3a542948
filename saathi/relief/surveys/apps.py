from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "saathi.relief.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the import runner
