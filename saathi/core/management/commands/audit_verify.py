from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from saathi.core import audit
from saathi.core.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain: detects altered, removed or inserted rows. "
        "With --anchor FILE (kept outside the database, e.g. on another machine or "
        "write-once storage), also detects rows removed at the end since the last run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            type=Path,
            help="Append the chain head to this file and check it against the last one.",
        )

    def handle(self, *args, anchor: Path | None = None, **options):
        result = audit.verify()
        problems = list(result.problems)
        if anchor is not None:
            problems += self.check_anchor(anchor)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Audit chain BROKEN: {len(problems)} problem(s) in {result.checked} rows."
            )
        if anchor is not None:
            head = AuditChainHead.objects.filter(pk=1).first()
            if head is not None:
                with anchor.open("a") as f:
                    f.write(f"{head.seq} {head.hash} {timezone.now().isoformat()}\n")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} rows."))

    def check_anchor(self, anchor: Path) -> list[str]:
        if not anchor.exists():
            return []
        lines = [ln.split() for ln in anchor.read_text().splitlines() if ln.strip()]
        if not lines:
            return []
        seq, digest = int(lines[-1][0]), lines[-1][1]
        row = AuditEvent.objects.filter(seq=seq).only("hash").first()
        if row is None:
            return [f"anchored row seq={seq} is gone (rows removed at the end)"]
        if row.hash != digest:
            return [f"anchored row seq={seq} has a different hash (chain rewritten)"]
        return []
