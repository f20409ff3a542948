from datetime import date

from django.core.management.base import BaseCommand, CommandError

from saathi.core.agenda.reminders import send_due


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (today's and tomorrow's agenda entries) by SMS or "
        "email, as each user chose, in her language. Run it from cron, e.g. every hour; each "
        "reminder goes once per user and entry even when two runs overlap."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Send as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today: write the date as YYYY-MM-DD.") from exc
        out = send_due(today)
        # counts only: never an address or a text
        self.stdout.write(
            f"sent {out.sent} (sms {out.by_channel.get('sms', 0)}, email "
            f"{out.by_channel.get('email', 0)}), already sent {out.already}, "
            f"failed {out.failed} (tried again next run), skipped {out.skipped}"
        )
        if out.failed:
            raise CommandError(f"{out.failed} reminder(s) could not be sent.")
