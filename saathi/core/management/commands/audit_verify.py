from django.core.management.base import BaseCommand, CommandError

from saathi.core import audit


class Command(BaseCommand):
    help = "Verify the audit log's hash chain: detects altered, removed or inserted rows."

    def handle(self, *args, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} rows."))
            return
        for problem in result.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"Audit chain BROKEN: {len(result.problems)} problem(s) in {result.checked} rows."
        )
