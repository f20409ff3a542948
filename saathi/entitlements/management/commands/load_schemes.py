"""``manage.py load_schemes``: reload the shipped catalogue after its data changed.

A changed scheme gets a new version; applications keep the version they were made under.
"""

from django.core.management.base import BaseCommand

from saathi.entitlements.services import load_shipped_catalogue


class Command(BaseCommand):
    help = "Load the shipped scheme catalogue and default letters (new versions for changes)."

    def handle(self, *args, **options):
        result = load_shipped_catalogue()
        self.stdout.write(
            f"Schemes: {result['created']} new, {result['updated']} new versions of changed ones."
        )
