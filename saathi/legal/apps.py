from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "saathi.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Legal aid"

    def ready(self):
        from . import agenda

        agenda.register()
