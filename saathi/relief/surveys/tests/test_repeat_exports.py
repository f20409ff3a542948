"""Kobo's multi-sheet XLSX (``_index`` / ``_parent_index``) and ODK Central's zip of CSVs
(``KEY`` / ``PARENT_KEY``) import with each roster row kept under its household."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from saathi.core.policy import Role
from saathi.relief.surveys import services
from saathi.relief.surveys.models import Response

from .odk import roster_form


@pytest.fixture
def version(world):
    return services.survey_upload(
        organisation=world.orgs["a"],
        data=roster_form(),
        file_name="r.xlsx",
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


def _people():
    return {
        r.instance_id: [(p["pname"], p["age"]) for p in r.answers.get("person", [])]
        for r in Response.objects.all()
    }


@pytest.mark.django_db
def test_kobo_xlsx_with_a_repeat_sheet(world, version):
    wb = Workbook()
    main = wb.active
    main.title = "Household roster"
    main.append(["hh_size", "meta/instanceID", "_id", "_uuid", "_index"])
    main.append([2, "uuid:h1", 11, "h1", 1])
    main.append([1, "uuid:h2", 12, "h2", 2])
    person = wb.create_sheet("person")
    person.append(["person/pname", "person/age", "_index", "_parent_table_name", "_parent_index"])
    person.append(["Lakshmi", 34, 1, "Household roster", 1])
    person.append(["Mina", 8, 2, "Household roster", 1])
    person.append(["Padma", 61, 3, "Household roster", 2])
    buf = io.BytesIO()
    wb.save(buf)
    result, errors = _import(world, version, buf.getvalue(), "kobo.xlsx")
    assert (result.imported, errors) == (2, [])
    assert _people() == {"uuid:h1": [("Lakshmi", 34), ("Mina", 8)], "uuid:h2": [("Padma", 61)]}


@pytest.mark.django_db
def test_central_zip_of_csvs(world, version):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "household_roster.csv",
            "SubmissionDate,hh_size,meta-instanceID,KEY\n"
            "2026-04-01T10:00:00Z,2,uuid:c1,uuid:c1\n"
            "2026-04-01T11:00:00Z,1,uuid:c2,uuid:c2\n",
        )
        zf.writestr(
            "household_roster-person.csv",
            "pname,age,PARENT_KEY,KEY\n"
            "Rekha,40,uuid:c1,uuid:c1/person[1]\n"
            "Sita,12,uuid:c1,uuid:c1/person[2]\n"
            "Gita,70,uuid:c2,uuid:c2/person[1]\n",
        )
    result, errors = _import(world, version, buf.getvalue(), "central.zip")
    assert (result.imported, errors) == (2, [])
    assert _people() == {"uuid:c1": [("Rekha", 40), ("Sita", 12)], "uuid:c2": [("Gita", 70)]}
