from django.apps import AppConfig


class CollectivesConfig(AppConfig):
    name = "saathi.collectives"
    label = "collectives"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import agenda

        agenda.register()
