from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "saathi.entitlements"
    label = "entitlements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import agenda

        agenda.register()
