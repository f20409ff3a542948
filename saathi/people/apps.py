from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "saathi.people"
    label = "people"
