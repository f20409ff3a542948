"""The real XLSForms of pyxform's test suite (tests/field_forms/, see its README): each one
uploads and is published as pyxform's XForm, or is refused with pyxform's (or ODK
Validate's) reason and its sheet and row."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from saathi.core.policy import Role
from saathi.relief.surveys import engine, services

FORMS = Path(__file__).parent / "field_forms"
REFUSED = {
    "duplicate_columns.xlsx": "Duplicate column header: label",
    "bad_calc.xlsx": "calculation expression",
}
ACCEPTED = sorted(
    p.name for p in FORMS.iterdir() if p.suffix in (".xls", ".xlsx") and p.name not in REFUSED
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACCEPTED)
def test_real_form_uploads_and_is_published_as_xform(world, name):
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=(FORMS / name).read_bytes(),
        file_name=name,
        actor=world.user("a", Role.ORG_ADMIN),
    )
    assert version.xform.startswith("<?xml") and "<h:html" in version.xform
    assert f'id="{version.survey.form_id}"' in version.xform
    assert 'version="' in version.xform  # ODK clients see every upload as a new version
    engine.spec_for(version)  # the browser form and the checks can read it


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_forms_pyxform_or_validate_refuse_are_refused_with_the_reason(world, name):
    with pytest.raises(ValidationError) as exc:
        services.survey_upload(
            organisation=world.orgs["a"],
            data=(FORMS / name).read_bytes(),
            file_name=name,
            actor=world.user("a", Role.ORG_ADMIN),
        )
    (message,) = exc.value.message_dict["file"]
    assert REFUSED[name] in message
    assert "row" in message  # the sheet and row it comes from


def test_types_pyxform_compiles_are_kept_for_odk_clients(world=None):
    from saathi.relief.surveys.xlsform import compile_xlsform

    form = compile_xlsform((FORMS / "xlsform_spec_test.xlsx").read_bytes())
    device = {f["odk_type"] for f in form.fields if f.get("type") == "device"}
    assert {"geopoint", "photo", "audio", "barcode", "time", "acknowledge"} <= device
    assert any(f["kind"] == "repeat" for f in form.fields)


def test_survey_check_prints_problems_and_exits_non_zero(capsys):
    call_command("survey_check", str(FORMS / "or_other.xlsx"))
    assert "usable" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        call_command("survey_check", str(FORMS / "bad_calc.xlsx"))
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert "refused" in out and "sheet survey, row 2" in out
