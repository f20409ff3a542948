import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from saathi.core import audit, crypto
from saathi.core.models import AuditChainHead, AuditEvent


def _mac(seq: int, digest: str, anchored: str) -> str:
    key = crypto.hash_key("audit-checkpoint")
    return hmac.new(key, f"{seq}|{digest}|{anchored}".encode(), hashlib.sha256).hexdigest()


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain: detects altered, removed or inserted rows. "
        "The chain head and row count are also kept in a signed checkpoint file outside "
        "the database (SAATHI_AUDIT_CHECKPOINT, checked on every run): rows cut from the "
        "end, or a log emptied, are caught even when the head row was reset. With --anchor "
        "FILE (on another machine or write-once storage) the head is also appended there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            type=Path,
            help="Append the chain head to this file and check it against the last one.",
        )
        parser.add_argument(
            "--checkpoint",
            type=Path,
            default=None,
            help="The signed checkpoint file (default: SAATHI_AUDIT_CHECKPOINT).",
        )

    def handle(self, *args, anchor: Path | None = None, checkpoint: Path | None = None, **o):
        checkpoint = checkpoint or Path(settings.SAATHI_AUDIT_CHECKPOINT)
        result = audit.verify()
        saved = self.read_checkpoint(checkpoint)
        problems = list(result.problems) + saved.pop("problems")
        if anchor is not None:
            problems += self.check_anchor(anchor)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Audit chain BROKEN: {len(problems)} problem(s) in {result.checked} rows."
            )
        head = AuditChainHead.objects.filter(pk=1).first()
        anchored = saved.get("anchored", "")
        if anchor is not None:
            anchored = timezone.now().isoformat()
            if head is not None:
                with anchor.open("a") as f:
                    f.write(f"{head.seq} {head.hash} {anchored}\n")
        if head is not None:
            self.write_checkpoint(checkpoint, head.seq, head.hash, anchored)
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} rows."))
        if not anchored:
            self.stderr.write(
                "Warning: no anchor was ever given. The checkpoint lives on this machine; "
                "run with --anchor FILE on storage the database's users cannot rewrite."
            )

    def read_checkpoint(self, path: Path) -> dict:
        if not path.exists():
            return {"problems": []}
        try:
            data = json.loads(path.read_text())
            seq, digest, anchored = int(data["seq"]), str(data["hash"]), str(data["anchored"])
            mac = str(data["mac"])
        except (ValueError, KeyError, TypeError):
            return {"problems": [f"checkpoint {path} is unreadable (altered)"]}
        if not hmac.compare_digest(mac, _mac(seq, digest, anchored)):
            return {"problems": [f"checkpoint {path} has a bad signature (forged)"]}
        result: dict[str, Any] = {"anchored": anchored, "problems": []}
        if not AuditEvent.objects.exists():
            result["problems"].append(
                f"the audit log is empty but held {seq} rows at the last check (emptied)"
            )
            return result
        row = AuditEvent.objects.filter(seq=seq).only("hash").first()
        if row is None:
            result["problems"].append(f"checkpoint row seq={seq} is gone (rows removed at the end)")
        elif row.hash != digest:
            result["problems"].append(
                f"checkpoint row seq={seq} has a different hash (chain rewritten)"
            )
        return result

    def write_checkpoint(self, path: Path, seq: int, digest: str, anchored: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "seq": seq,
            "hash": digest,
            "anchored": anchored,
            "checked_at": timezone.now().isoformat(),
            "mac": _mac(seq, digest, anchored),
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)

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
