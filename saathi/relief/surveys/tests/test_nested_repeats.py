"""A repeat inside a repeat (household -> members -> each member's children): a Kobo XLSX
export (a sheet per repeat, ``_index`` / ``_parent_index``), an ODK Central zip of CSVs
(``KEY`` / ``PARENT_KEY``) and a phone's OpenRosa submission of the same answers are
stored in the same shape; an inner row whose outer row is missing is reported with its
sheet or file and line, and the good rows are kept."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from saathi.core.policy import Role
from saathi.relief.surveys import engine, exports, selectors, services
from saathi.relief.surveys.models import Response

from .odk import credential, submission_xml
from .xlsforms import xlsx

# what every import below must store: 2 members, the first with 2 children, the second none
EXPECTED = {
    "village": "Rampur",
    "members": [
        {
            "mname": "Asha",
            "mage": 40,
            "kids": [{"kname": "Ravi", "kage": 5}, {"kname": "Mira", "kage": 3}],
        },
        {"mname": "Bina", "mage": 38},
    ],
}


def nested_form(members="members", kids="kids") -> bytes:
    return xlsx(
        [
            ["type", "name", "label"],
            ["text", "village", "Village"],
            ["begin repeat", members, "Member"],
            ["text", "mname", "Name"],
            ["integer", "mage", "Age"],
            ["begin repeat", kids, "Child"],
            ["text", "kname", "Child's name"],
            ["integer", "kage", "Child's age"],
            ["end repeat", "", ""],
            ["end repeat", "", ""],
        ],
        settings={"form_id": "hh_nested", "form_title": "Household and children"},
    )


def _upload(world, data=None):
    return services.survey_upload(
        organisation=world.orgs["a"],
        data=data or nested_form(),
        file_name="nested.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )


def _import(world, version, data, name):
    coll = world.collectives["a1"]
    errors = []
    result = services.responses_import(
        version=version,
        data=data,
        file_name=name,
        meta=services.ResponseMeta(collective=coll, district=coll.districts[0]),
        actor=world.user("a", Role.ORG_ADMIN),
        add_error=lambda line, reason: errors.append((line, reason)),
    )
    return result, errors


def _answers(instance_id):
    return Response.objects.get(instance_id=instance_id).answers


def _kobo_xlsx(members="members", kids="kids", members_sheet=None, kids_sheet=None) -> bytes:
    """As formpack writes it: the leaf repeat's sheet has no _index of its own."""
    wb = Workbook()
    main = wb.active
    main.title = "Household and children"
    main.append(["village", "meta/instanceID", "_id", "_uuid", "_index"])
    main.append(["Rampur", "uuid:k1", 11, "k1", 1])
    m = wb.create_sheet(members_sheet or members)
    m.append(
        [f"{members}/mname", f"{members}/mage", "_index", "_parent_table_name", "_parent_index"]
    )
    m.append(["Asha", 40, 1, "Household and children", 1])
    m.append(["Bina", 38, 2, "Household and children", 1])
    k = wb.create_sheet(kids_sheet or kids)
    k.append(
        [f"{members}/{kids}/kname", f"{members}/{kids}/kage", "_parent_table_name", "_parent_index"]
    )
    k.append(["Ravi", 5, members, 1])
    k.append(["Mira", 3, members, 1])
    k.append(["Tara", 7, members, 9])  # line 4: no member has _index 9
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.django_db
def test_kobo_xlsx_nested_repeat_sheets(world):
    version = _upload(world)
    result, errors = _import(world, version, _kobo_xlsx(), "kobo.xlsx")
    assert (result.imported, result.refused, result.orphans) == (1, 0, 1)
    assert _answers("uuid:k1") == EXPECTED
    ((line, reason),) = errors
    assert line == 4
    assert "“kids”" in reason and "“members”" in reason and "_parent_index" in reason


@pytest.mark.django_db
def test_central_zip_nested_repeat_csvs(world):
    version = _upload(world)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "hh_nested.csv",
            "SubmissionDate,village,meta-instanceID,KEY\n"
            "2026-04-01T10:00:00Z,Rampur,uuid:c1,uuid:c1\n",
        )
        zf.writestr(
            "hh_nested-members.csv",
            "mname,mage,PARENT_KEY,KEY\n"
            "Asha,40,uuid:c1,uuid:c1/members[1]\n"
            "Bina,38,uuid:c1,uuid:c1/members[2]\n"
            "Uma,50,uuid:gone,uuid:gone/members[1]\n",
        )
        zf.writestr(
            "hh_nested-kids.csv",
            "kname,kage,PARENT_KEY,KEY\n"
            "Ravi,5,uuid:c1/members[1],uuid:c1/members[1]/kids[1]\n"
            "Mira,3,uuid:c1/members[1],uuid:c1/members[1]/kids[2]\n"
            "Tara,7,uuid:c1/members[5],uuid:c1/members[5]/kids[1]\n",
        )
    result, errors = _import(world, version, buf.getvalue(), "central.zip")
    assert (result.imported, result.refused, result.orphans) == (1, 0, 2)
    assert _answers("uuid:c1") == EXPECTED
    # Tara's member is not in the members' file; Uma's household not in the form's
    assert sorted(line for line, _reason in errors) == [4, 4]
    reasons = [r for _line, r in errors]
    assert any("“hh_nested-kids.csv”" in r and "“hh_nested-members.csv”" in r for r in reasons)
    assert any("“hh_nested-members.csv”" in r and "“hh_nested.csv”" in r for r in reasons)
    assert all("PARENT_KEY" in r for r in reasons)


@pytest.mark.django_db
def test_phone_submission_of_the_same_answers_is_stored_in_the_same_shape(world):
    version = _upload(world)
    fac = world.user("a", Role.FACILITATOR)
    cred, _secret = credential(fac, world.collectives["a1"])
    xml = submission_xml(version, EXPECTED, instance_id="uuid:p1")
    result = services.openrosa_submit(device=cred, xml=xml, files={})
    assert result.status == 201, result.message
    assert _answers("uuid:p1") == EXPECTED
    _import(world, version, _kobo_xlsx(), "kobo.xlsx")
    assert _answers("uuid:k1") == _answers("uuid:p1")
    # the response's page: each child on a line under her member, under the household
    shown = selectors.response_answers(
        world.user("a", Role.ORG_ADMIN), Response.objects.get(instance_id="uuid:p1"), "en"
    )
    assert [(r["label"], r["value"]) for r in shown] == [
        ("Village", "Rampur"),
        ("Member 1", "Name: Asha · Age: 40"),
        ("Member 1 · Child 1", "Child's name: Ravi · Child's age: 5"),
        ("Member 1 · Child 2", "Child's name: Mira · Child's age: 3"),
        ("Member 2", "Name: Bina · Age: 38"),
    ]


@pytest.mark.django_db
def test_a_wrong_answer_in_an_inner_row_refuses_its_household_with_its_path(world):
    version = _upload(world)
    data = _kobo_xlsx()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    wb["kids"]["B2"] = "five"
    buf = io.BytesIO()
    wb.save(buf)
    result, errors = _import(world, version, buf.getvalue(), "kobo.xlsx")
    assert (result.imported, result.refused) == (0, 1)
    assert any(line == 2 and "members/kids/kage" in reason for line, reason in errors)


LONG_OUTER = "household_roster_people_list_adults"  # 35 characters
LONG_INNER = "household_roster_people_list_children"  # the same first 28


@pytest.mark.parametrize(
    "members_sheet, kids_sheet",
    [
        # formpack (unique_name_for_xls): cut to 28 and "...", "... (1)" when cut alike
        ("household_roster_people_list...", "household_roster_people_... (1)"),
        # just cut to Excel's 31 characters
        (LONG_OUTER[:31], LONG_INNER[:31]),
    ],
)
@pytest.mark.django_db
def test_kobo_sheet_names_cut_to_31_characters(world, members_sheet, kids_sheet):
    assert len(members_sheet) <= 31 and len(kids_sheet) <= 31
    version = _upload(world, nested_form(LONG_OUTER, LONG_INNER))
    data = _kobo_xlsx(LONG_OUTER, LONG_INNER, members_sheet, kids_sheet)
    result, errors = _import(world, version, data, "kobo.xlsx")
    assert result.imported == 1 and len(errors) == 1
    answers = _answers("uuid:k1")
    assert [m["mname"] for m in answers[LONG_OUTER]] == ["Asha", "Bina"]
    assert answers[LONG_OUTER][0][LONG_INNER] == EXPECTED["members"][0]["kids"]
    assert LONG_INNER not in answers[LONG_OUTER][1]


def test_sheet_matching_by_columns_when_cut_names_are_alike():
    """Two repeats whose names start alike: the sheet's column paths tell them apart."""
    from saathi.relief.surveys.xlsform import compile_xlsform

    form = compile_xlsform(nested_form(LONG_OUTER, LONG_INNER))
    spec = engine.build_spec(form.fields, form.default_language, form.languages)
    outer = exports._match_repeat("household_roster_people_list...", spec, [f"{LONG_OUTER}/mname"])
    inner = exports._match_repeat(
        "household_roster_people_list...", spec, [f"{LONG_OUTER}/{LONG_INNER}/kname"]
    )
    assert (outer["name"], inner["name"]) == (LONG_OUTER, LONG_INNER)
    central = exports._match_repeat("hh_nested-kids~2.csv", spec, main_stem="hh_nested")
    assert central is None  # only one repeat named so
