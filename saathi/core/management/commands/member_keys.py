"""Seal every member's encrypted values and private files under her own data key.

Run once after ``migrate`` on a database that existed before data keys (ADR 0034), and
whenever records have moved between members (a merge): nothing is lost, each value is
decrypted and sealed again under the key of the member it belongs to. Values that belong
to nobody stay under the master keys. Safe to run again: what is already right is left.
"""

from django.core.management.base import BaseCommand, CommandError

from saathi.core import audit, keystore, reseal


class Command(BaseCommand):
    help = "Seal every member's encrypted values and files under her own data key."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        rows, lost = reseal.reseal_fields(batch=batch, write=self.stdout.write)
        files, problems = reseal.reseal_files(
            batch=batch, write=self.stdout.write, warn=self.stderr.write
        )
        audit.record(
            audit.Action.KEY_ROTATION,
            username="member_keys",
            detail={
                "rows": rows,
                "files": files,
                "problems": problems,
                "member_keys": keystore.count(),
            },
        )
        if problems:
            raise CommandError(
                f"{problems} private files could not be sealed again (listed above)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {rows} rows and {files} files sealed under their members' keys "
                f"({keystore.count()} member keys; {lost} values of erased members left unread)."
            )
        )
