"""Re-encrypt every encrypted field and file under the current (first) key.

What it walks is the vault's registry (``saathi.core.vault``): every EncryptedTextField and
every PrivateFileField of every installed model, found by their type - nothing is listed
here by hand except allauth's MFA secrets, which live in a third-party JSON column.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from saathi.core import audit, crypto, vault


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (history rows included) and every private file "
        "under the first key in SAATHI_ENCRYPTION_KEYS. Put the new key first, keep the old "
        "ones listed until this has run without a problem, then remove them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        current = crypto.current_key_id()
        total = 0
        by_model = defaultdict(list)
        for declared in vault.encrypted_fields():
            by_model[declared.model].append(declared.field)
        for model, fields in by_model.items():
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
        files, problems = self.rotate_files(current, batch)
        audit.record(
            audit.Action.KEY_ROTATION,
            username="rotate_keys",
            detail={"rows": total, "files": files, "key_id": current, "problems": problems},
        )
        if problems:
            raise CommandError(
                f"{problems} private files could not be re-encrypted (listed above): "
                "keep the old keys in SAATHI_ENCRYPTION_KEYS until this is resolved."
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

    def rotate_files(self, current: str, batch: int) -> tuple[int, int]:
        """Every private file the registry knows; returns (re-encrypted, problems).

        A missing or undecryptable file is reported by its record's id (never its content)
        and the others go on."""
        count = problems = 0
        for declared in vault.private_file_fields():
            model, field = declared.model, declared.field
            qs = (
                model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .only("pk", field.aad_key, field.attname)
                .order_by("pk")
            )
            done = 0
            for obj in qs.iterator(chunk_size=batch):
                ident = getattr(obj, field.aad_key)
                try:
                    done += vault.reencrypt(obj, field.name, current)
                except FileNotFoundError:
                    self.stderr.write(f"missing file: {declared.label} of {ident}")
                    problems += 1
                except crypto.DecryptionError:
                    self.stderr.write(f"file does not decrypt: {declared.label} of {ident}")
                    problems += 1
            if done:
                self.stdout.write(f"{declared.label}: {done} files re-encrypted")
            count += done
        return count, problems
