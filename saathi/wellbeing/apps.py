from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "saathi.wellbeing"
    label = "wellbeing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Wellbeing"

    def ready(self):
        from . import agenda

        agenda.register()
