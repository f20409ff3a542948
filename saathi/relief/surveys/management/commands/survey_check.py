"""``manage.py survey_check FORM.xlsx``: the problems pyxform and Saathi's checks find in an
XLSForm, by sheet and row; exits 1 when the form cannot be used, 0 when it can."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saathi.relief.surveys.services import XLSFORM_MAX_BYTES
from saathi.relief.surveys.xlsform import XLSFormError, compile_xlsform, xform_for


class Command(BaseCommand):
    help = "Check an XLSForm (.xlsx or .xls) as the upload would; exit 1 if it is refused."

    def add_arguments(self, parser):
        parser.add_argument("form", nargs="+", help="the XLSForm file(s)")

    def handle(self, *args, **options):
        failed = 0
        for name in options["form"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            data = path.read_bytes()
            if len(data) > XLSFORM_MAX_BYTES:
                self.stdout.write(f"{name}: too large (at most 5 MB)")
                failed += 1
                continue
            try:
                form = compile_xlsform(data)
                xml, media = xform_for(form.definition, "1")
            except XLSFormError as exc:
                failed += 1
                self.stdout.write(self.style.ERROR(f"{name}: refused"))
                for problem in exc.problems:
                    where = f"sheet {problem.sheet or '-'}, row {problem.row or '-'}"
                    self.stdout.write(f"  {where}: {problem.message}")
                continue
            questions = [f for f in form.fields if f["kind"] == "question"]
            device = sorted(
                {f["odk_type"] for f in form.fields if f.get("type") == "device"}
                | {f["odk_type"] for f in form.fields if f["kind"] == "repeat"}
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{name}: usable — form id {form.form_id}, {len(questions)} questions, "
                    f"XForm {len(xml)} bytes"
                )
            )
            if device:
                self.stdout.write(
                    "  filled in by ODK clients only (not in the browser form): "
                    + ", ".join(device)
                )
            if media:
                self.stdout.write("  media files to attach: " + ", ".join(media))
            for warning in form.warnings:
                self.stdout.write(f"  warning: {warning}")
        if failed:
            raise SystemExit(1)
