from django.apps import AppConfig


class LivelihoodsConfig(AppConfig):
    name = "saathi.livelihoods"
    label = "livelihoods"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import agenda

        agenda.register()
