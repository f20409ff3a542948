from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "saathi.reports"
    label = "reports"
