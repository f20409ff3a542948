from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saathi.core"
    label = "core"
    verbose_name = "Saathi core"

    def ready(self):
        from . import checks  # noqa: F401
