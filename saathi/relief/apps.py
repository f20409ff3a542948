from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "saathi.relief"
    label = "relief"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the background job runners
