"""Erase records past their retention period (after notice), except under a legal hold."""

from django.core.management.base import BaseCommand

from saathi.rights import retention


class Command(BaseCommand):
    help = "List what is due, give notice, and erase what has passed its retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list only, erase nothing")

    def handle(self, *args, dry_run: bool, **options):
        r = retention.sweep(dry_run=dry_run)
        self.stdout.write(
            f"due within the notice period: {len(r.due_soon)}; "
            f"{'would erase' if dry_run else 'erased'}: {len(r.erased)}; "
            f"kept under a legal hold: {len(r.held)}"
        )
