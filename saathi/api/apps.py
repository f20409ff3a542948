from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "saathi.api"
    label = "api"
