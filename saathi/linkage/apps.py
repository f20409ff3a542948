from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "saathi.linkage"
    label = "linkage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the background runners
