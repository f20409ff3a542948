"""``manage.py surveys_rebuild_tallies [--survey UUID]``: recompute the figures' tallies
from the stored responses (after a restore, or to check them; see ADR 0010)."""

from django.core.management.base import BaseCommand

from saathi.relief.surveys.models import Survey
from saathi.relief.surveys.tallies import tally_rebuild


class Command(BaseCommand):
    help = "Recompute the needs assessments' tallies from their responses."

    def add_arguments(self, parser):
        parser.add_argument("--survey", help="one survey's uuid (default: every survey)")

    def handle(self, *args, survey=None, **options):
        surveys = Survey.objects.all()
        if survey:
            surveys = surveys.filter(uuid=survey)
        n = 0
        for s in surveys.iterator():
            tally_rebuild(s)
            n += 1
        self.stdout.write(f"Tallies rebuilt for {n} survey(s).")
