"""Re-encrypt every encrypted field and file under the current (first) key.

Members' values and files are sealed under their own data keys (ADR 0034): rotation
re-wraps those keys under the new master key, and moves any member's value still under a
master key to her data key (``core.reseal``).

What it walks is the vault's registry (``saathi.core.vault``): every EncryptedTextField and
every PrivateFileField of every installed model, found by their type - nothing is listed
here by hand except allauth's MFA secrets, which live in a third-party JSON column.
"""

from django.core.management.base import BaseCommand, CommandError

from saathi.core import audit, crypto, keystore, reseal


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
        # members' data keys first: her values stay sealed under her key, re-wrapped here
        wrapped = keystore.rewrap(batch)
        if wrapped:
            self.stdout.write(f"member data keys: {wrapped} re-wrapped")
        total, _lost = reseal.reseal_fields(batch=batch, write=self.stdout.write)
        total += self.rotate_mfa(current)
        files, problems = reseal.reseal_files(
            batch=batch, write=self.stdout.write, warn=self.stderr.write
        )
        audit.record(
            audit.Action.KEY_ROTATION,
            username="rotate_keys",
            detail={
                "rows": total,
                "files": files,
                "key_id": current,
                "problems": problems,
                "member_keys": wrapped,
            },
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
