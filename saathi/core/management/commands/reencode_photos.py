"""Re-encode the photos stored before uploads were re-encoded (ADR 0027).

Walks every private file of the vault's registry; a JPEG or PNG that still carries
metadata (EXIF with a GPS position, comments, ICC profiles) or bytes after its end is
decoded and written again as an upload is now, under the current key, and the record
points to the new file (the old one is deleted when that commits). Files already clean,
PDFs and other files are left as they are; running it twice changes nothing the second
time. A sibling ``<name>_size`` field, where the model has one, gets the new size.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from saathi.core import audit, crypto, vault
from saathi.core.files import IMAGE_TYPES, is_clean_image, reencode_image


class Command(BaseCommand):
    help = "Strip metadata and appended data from photos stored before uploads were cleaned."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        import filetype

        cleaned = problems = 0
        for declared in vault.private_file_fields():
            model, field = declared.model, declared.field
            size_field = self._size_field(model, field)
            qs = model._base_manager.exclude(**{field.attname: ""}).order_by("pk")
            done = 0
            for obj in qs.iterator(chunk_size=200):
                ident = getattr(obj, field.aad_key)
                try:
                    content = vault.read(obj, field.name)
                except (FileNotFoundError, crypto.DecryptionError) as exc:
                    self.stderr.write(f"{declared.label} of {ident}: {type(exc).__name__}")
                    problems += 1
                    continue
                kind = filetype.guess(content[:8192])
                if kind is None or kind.mime not in IMAGE_TYPES:
                    continue
                if is_clean_image(content, kind.mime):
                    continue
                try:
                    clean = reencode_image(content, kind.mime, field.name)
                except ValidationError:
                    self.stderr.write(f"{declared.label} of {ident}: does not decode, left")
                    problems += 1
                    continue
                done += 1
                if dry_run:
                    continue
                with transaction.atomic():
                    vault.store(obj, field.name, clean)
                    changes = {field.attname: getattr(obj, field.attname)}
                    if size_field:
                        changes[size_field] = len(clean)
                    model._base_manager.filter(pk=obj.pk).update(**changes)
            if done:
                verb = "would be re-encoded" if dry_run else "re-encoded"
                self.stdout.write(f"{declared.label}: {done} photos {verb}")
            cleaned += done
        if not dry_run:
            audit.record(
                audit.Action.CHANGE,
                username="reencode_photos",
                object_type="core.privatefile",
                detail={"photos": cleaned, "problems": problems},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {cleaned} photos {'to re-encode' if dry_run else 're-encoded'}, "
                f"{problems} problems."
            )
        )

    @staticmethod
    def _size_field(model, field) -> str:
        name = field.name.removesuffix("_file") + "_size"
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            return ""
        return name
