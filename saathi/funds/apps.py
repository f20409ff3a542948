from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "saathi.funds"
    label = "funds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the ledger export runner
