from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "saathi.rights"
    label = "rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import agenda, jobs, receivers  # noqa: F401  # agenda, job runners, receivers
