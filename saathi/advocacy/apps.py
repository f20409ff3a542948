from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "saathi.advocacy"
    label = "advocacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from saathi.core.consent import consent_withdrawn

        from . import agenda, signals

        agenda.register()
        consent_withdrawn.connect(
            signals.registry_media_withdrawn, dispatch_uid="advocacy.registry_media_withdrawn"
        )
