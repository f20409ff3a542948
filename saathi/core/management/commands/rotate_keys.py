"""Re-encrypt every encrypted field and file under the current (first) key."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from saathi.core import audit, crypto
from saathi.core.fields import encrypted_fields


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted fields (and history rows, and document scans) under the "
        "first key in SAATHI_ENCRYPTION_KEYS. Put the new key first, keep the old ones listed "
        "until this has run, then remove them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        current = crypto.current_key_id()
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            names = [f.attname for f in fields]
            count = 0
            qs = model._base_manager.order_by("pk").only("pk", *names)
            last_pk = None
            while True:
                page = qs.filter(pk__gt=last_pk) if last_pk is not None else qs
                rows = list(page[:batch])
                if not rows:
                    break
                last_pk = rows[-1].pk
                changed = []
                for row in rows:
                    dirty = False
                    for name in names:
                        sealed = getattr(row, name)
                        if sealed and crypto.token_key_id(sealed.token) != current:
                            setattr(row, name, sealed.unseal_for_system())
                            dirty = True
                    if dirty:
                        changed.append(row)
                if changed:
                    with transaction.atomic():
                        model._base_manager.bulk_update(changed, names)
                    count += len(changed)
            if count:
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
            total += count
        total += self.rotate_mfa(current)
        files = self.rotate_files(current)
        audit.record(
            audit.Action.KEY_ROTATION,
            username="rotate_keys",
            detail={"rows": total, "files": files, "key_id": current},
        )
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total} rows and {files} files now under key {current!r}.")
        )

    def rotate_mfa(self, current: str) -> int:
        """allauth's TOTP secrets and recovery seeds (encrypted by our MFA adapter)."""
        from allauth.mfa.models import Authenticator

        count = 0
        for auth in Authenticator.objects.all():
            data = dict(auth.data)
            dirty = False
            for key in ("secret", "seed"):
                value = data.get(key)
                if not isinstance(value, str) or not value:
                    continue
                if not value.startswith(crypto.PREFIX + ":"):  # stored in the clear
                    data[key] = crypto.encrypt_text(value)
                    dirty = True
                elif crypto.token_key_id(value) != current:
                    data[key] = crypto.encrypt_text(crypto.decrypt_text(value))
                    dirty = True
            if dirty:
                Authenticator.objects.filter(pk=auth.pk).update(data=data)
                count += 1
        if count:
            self.stdout.write(f"mfa.Authenticator: {count} rows re-encrypted")
        return count

    def rotate_files(self, current: str) -> int:
        """Document scans, background jobs' inputs and results, correspondence attachments."""
        from saathi.core.files import private_reencrypt
        from saathi.core.models import Job
        from saathi.people.models import IdentityDocument

        files = [
            (doc.scan_file, str(doc.uuid).encode(), f"document {doc.uuid}")
            for doc in IdentityDocument.objects.exclude(scan_file="").only("uuid", "scan_file")
        ]
        for job in Job.objects.exclude(input_file="", result_file="").only(
            "uuid", "input_file", "result_file"
        ):
            if job.input_file:
                files.append((job.input_file, f"job-input:{job.uuid}".encode(), f"job {job.uuid}"))
            if job.result_file:
                files.append(
                    (job.result_file, f"job-result:{job.uuid}".encode(), f"job {job.uuid}")
                )
        from saathi.entitlements.models import Correspondence

        files += [
            (c.attachment_file, str(c.uuid).encode(), f"correspondence {c.uuid}")
            for c in Correspondence.objects.exclude(attachment_file="").only(
                "uuid", "attachment_file"
            )
        ]
        count = 0
        for name, aad, label in files:
            try:
                count += private_reencrypt(name, aad=aad, current_key_id=current)
            except FileNotFoundError:
                self.stderr.write(f"missing file for {label}")
        return count
