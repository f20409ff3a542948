"""Kobo and ODK exports: CSV with ; and , , XLSX; group paths; select_multiple both ways;
bad rows reported with their line and reason; re-import adds nothing."""

import io
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from saathi.core.policy import Role
from saathi.relief.surveys import services
from saathi.relief.surveys.models import Response

from .xlsforms import food_form

HEADER = [
    "start",
    "end",
    "household/members",
    "household/income",
    "needs",
    "needs/rations",
    "needs/rent",
    "needs/medicines",
    "rent_due",
    "ration_card",
    "why_not",
    "visited",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
]


def row(
    n,
    members="4",
    income="1200.5",
    needs="rations rent",
    flags=("1", "1", "0"),
    rent="3000",
    card="yes",
    why="",
    visited="2026-04-02",
    **kw,
):
    uid = kw.get("uid", f"0000-{n}")
    return [
        "2026-04-02T09:00:00",
        "2026-04-02T09:10:00",
        members,
        income,
        needs,
        *flags,
        rent,
        card,
        why,
        visited,
        f"uuid:{uid}",
        str(n),
        uid,
        "2026-04-02T10:00:00",
        str(n),
    ]


GOOD = [
    row(1),
    row(2, needs="medicines", flags=("0", "0", "1"), rent="", card="no", why="lost in the flood"),
]
BAD = [
    row(3, members="four"),  # type mismatch
    row(4, members="35"),  # constraint violation
    row(5, needs="rations gold", flags=("1", "0", "0")),  # unknown choice
    row(6, card=""),  # missing required
    row(7, needs="rent", flags=("0", "1", "0"), rent=""),  # missing required, relevant
    row(8, visited="2026-13-45"),  # not a date
]


def csv_bytes(rows, sep=";"):
    lines = [sep.join(HEADER)] + [sep.join(f'"{c}"' if sep in c else c for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def version(world):
    return services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(),
        file_name="food.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )


def run(world, version, data, name="export.csv", role=Role.FACILITATOR):
    errors = []
    result = services.responses_import(
        version=version,
        data=data,
        file_name=name,
        meta=services.ResponseMeta(collective=world.collectives["a1"], district="Nadia"),
        actor=world.user("a", role),
        add_error=lambda line, reason: errors.append((line, reason)),
    )
    return result, errors


@pytest.mark.django_db
@pytest.mark.parametrize("sep", [";", ","])
def test_kobo_csv_good_rows_kept_bad_rows_reported(world, version, sep):
    result, errors = run(world, version, csv_bytes(GOOD + BAD, sep))
    assert (result.imported, result.refused, result.duplicates) == (2, 6, 0)
    lines = dict(errors)
    assert sorted(lines) == [4, 5, 6, 7, 8, 9]
    assert "members: Not a whole number" in lines[4]
    assert "members: 1 to 20" in lines[5]  # the form's constraint message
    assert "needs: Not one of the choices" in lines[6]
    assert "ration_card: This question is required" in lines[7]
    assert "rent_due: This question is required" in lines[8]
    assert "visited: Not a date" in lines[9]
    r1 = Response.objects.get(instance_id="uuid:0000-1")
    assert r1.answers == {
        "members": 4,
        "income": 1200.5,
        "needs": ["rations", "rent"],
        "rent_due": 3000,
        "ration_card": "yes",
        "visited": "2026-04-02",
    }
    assert r1.submitted_at.date().isoformat() == "2026-04-02" and r1.source == "import"
    r2 = Response.objects.get(instance_id="uuid:0000-2")
    assert r2.answers["why_not"] == "lost in the flood" and "rent_due" not in r2.answers


@pytest.mark.django_db
def test_reimport_does_not_duplicate(world, version):
    data = csv_bytes(GOOD + BAD)
    run(world, version, data)
    result, errors = run(world, version, data)
    assert (result.imported, result.duplicates, result.refused) == (0, 2, 6)
    assert Response.objects.count() == 2
    # a fixed file: the bad rows come in, the good ones are not doubled
    fixed = csv_bytes(GOOD + [row(3)])
    result, _ = run(world, version, fixed)
    assert (result.imported, result.duplicates) == (1, 2)


@pytest.mark.django_db
def test_select_multiple_from_01_columns_only(world, version):
    header = [
        "household/members",
        "needs/rations",
        "needs/rent",
        "needs/medicines",
        "rent_due",
        "ration_card",
        "_uuid",
    ]
    data = ",".join(header) + "\n3,1,0,1,,yes,a-1\n3,0,2,0,,yes,a-2\n"
    result, errors = run(world, version, data.encode())
    assert result.imported == 1
    assert Response.objects.get().answers["needs"] == ["rations", "medicines"]
    assert errors == [(3, "needs/rent: the 0/1 column holds something else.")]


@pytest.mark.django_db
def test_odk_central_dash_paths_and_instance_id(world, version):
    header = [
        "SubmissionDate",
        "household-members",
        "household-income",
        "needs",
        "ration_card",
        "meta-instanceID",
        "KEY",
    ]
    data = ",".join(header) + "\n2026-04-03T05:00:00.000Z,5,0,rations,yes,uuid:c-1,uuid:c-1\n"
    result, _ = run(world, version, data.encode())
    r = Response.objects.get()
    assert result.imported == 1 and r.instance_id == "uuid:c-1"
    assert r.answers["members"] == 5 and r.answers["income"] == 0.0


@pytest.mark.django_db
def test_kobo_xlsx_export(world, version):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in GOOD + BAD[:2]:
        cells = list(r)
        cells[2] = int(cells[2]) if cells[2].isdigit() else cells[2]  # numbers as numbers
        cells[11] = datetime(2026, 4, 2)  # dates as dates
        ws.append(cells)
    wb.create_sheet("repeat_members").append(["name", "_parent_index"])  # repeats: ignored
    buf = io.BytesIO()
    wb.save(buf)
    result, errors = run(world, version, buf.getvalue(), "export.xlsx")
    assert (result.imported, result.refused) == (2, 2)
    assert [e[0] for e in errors] == [4, 5]
    assert Response.objects.get(instance_id="uuid:0000-1").answers["visited"] == "2026-04-02"


@pytest.mark.django_db
def test_rows_without_instance_id_are_not_doubled(world, version):
    data = b"household/members;needs;ration_card\n3;rations;yes\n4;rent;no\n"
    # row 3 lacks rent_due (required when rent is needed)
    result, errors = run(world, version, data)
    assert result.imported == 1 and errors[0][0] == 3
    result, _ = run(world, version, data)
    assert result.imported == 0 and result.duplicates == 1


@pytest.mark.django_db
def test_file_without_matching_columns_refused(world, version):
    with pytest.raises(ValidationError) as exc:
        run(world, version, b"Household size;What do you need\n3;Rations\n")
    assert "question names" in exc.value.message_dict["file"][0]


@pytest.mark.django_db
def test_a_header_that_is_not_utf8_refuses_the_file(world, version):
    with pytest.raises(ValidationError) as exc:
        run(world, version, "members;n\xe9eds\n3;rent\n".encode("latin-1"))
    assert "UTF-8" in exc.value.message_dict["file"][0]
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_line_that_is_not_utf8_is_refused_at_its_line(world, version):
    data = csv_bytes(GOOD)
    lines = data.split(b"\n")
    lines[2] = lines[2] + b"\xe9"  # one cp1252 byte on line 3
    errors = []
    result = services.responses_import(
        version=version,
        data=b"\n".join(lines),
        file_name="x.csv",
        meta=services.ResponseMeta(collective=world.collectives["a1"], district="Nadia"),
        actor=world.user("a", Role.ORG_ADMIN),
        add_error=lambda line, reason: errors.append((line, reason)),
    )
    assert [line for line, _r in errors] == [3] and "UTF-8" in errors[0][1]
    assert result.imported == len(GOOD) - 1


@pytest.mark.django_db
def test_only_survey_managers_import(world, version):
    with pytest.raises(PermissionDenied):
        run(world, version, csv_bytes(GOOD), role=Role.SOCIAL_WORKER)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_tallies_match_a_rebuild_from_the_responses(world, version):
    from saathi.relief.surveys.models import Tally
    from saathi.relief.surveys.tallies import tally_rebuild

    run(world, version, csv_bytes(GOOD + BAD))
    c = world.collectives["a2"]
    services.response_record(
        version=version,
        raw={"members": "2", "needs": ["rent"], "rent_due": "700", "ration_card": "yes"},
        meta=services.ResponseMeta(collective=c, district="Howrah"),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    kept = {(t.collective_id, t.district): (t.responses, t.counts) for t in Tally.objects.all()}
    tally_rebuild(version.survey)
    rebuilt = {(t.collective_id, t.district): (t.responses, t.counts) for t in Tally.objects.all()}
    assert kept == rebuilt and len(kept) == 2
    nadia = kept[(world.collectives["a1"].pk, "Nadia")]
    assert nadia[0] == 2
    assert nadia[1]["needs"] == {
        "answered": 2,
        "choices": {"rations": 1, "rent": 1, "medicines": 1},
    }
    assert nadia[1]["income"] == {"answered": 2, "values": {"1200.5": 2}}


@pytest.mark.django_db
def test_rebuild_command(world, version):
    from django.core.management import call_command

    from saathi.relief.surveys.models import Tally

    run(world, version, csv_bytes(GOOD))
    before = list(Tally.objects.values_list("collective_id", "district", "responses", "counts"))
    Tally.objects.all().delete()
    call_command("surveys_rebuild_tallies", survey=str(version.survey.uuid))
    after = list(Tally.objects.values_list("collective_id", "district", "responses", "counts"))
    assert after == before and after[0][2] == 2
