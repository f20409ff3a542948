import pytest

from saathi.relief.surveys.demo import needs_assessment_xlsx
from saathi.relief.surveys.xlsform import XLSFormError, compile_xlsform, localised

from .xlsforms import food_form, xlsx

H = ["type", "name", "label", "relevant", "constraint"]


def problems(data):
    with pytest.raises(XLSFormError) as exc:
        compile_xlsform(data)
    return exc.value.problems


def test_bengali_telugu_form_with_groups_and_skip_logic():
    form = compile_xlsform(food_form())
    assert (form.form_id, form.title, form.version) == ("food_needs", "Food needs", "1")
    assert form.languages == {"bn": "Bengali (bn)", "en": "English (en)", "te": "Telugu (te)"}
    kinds = [(f["kind"], f.get("type"), f["name"]) for f in form.fields]
    assert kinds[:5] == [
        ("group", None, "household"),
        ("question", "integer", "members"),
        ("question", "decimal", "income"),
        ("end_group", None, "household"),
        ("question", "select_multiple", "needs"),
    ]
    members = form.fields[1]
    assert members["path"] == "household/members"
    assert members["required"] == "yes"
    assert members["constraint"] == ". > 0 and . <= 20"
    assert members["row"] == 3
    assert localised(members["label"], "te", form.languages, form.default_language) == "సభ్యుల సంఖ్య"
    assert localised(members["label"], "bn", form.languages, form.default_language) == "সদস্য সংখ্যা"
    # Hindi is not in this form: the default language answers
    assert localised(members["label"], "hi", form.languages, form.default_language) == "Members"
    rent = next(f for f in form.fields if f["name"] == "rent_due")
    assert rent["relevant"] == "selected(${needs}, 'rent')"
    needs = next(f for f in form.fields if f["name"] == "needs")
    assert [c["name"] for c in needs["choices"]] == ["rations", "rent", "medicines"]
    assert form.definition["type"] == "survey"  # pyxform's JSON form is kept


def test_demo_form_in_four_languages():
    form = compile_xlsform(needs_assessment_xlsx())
    assert set(form.languages) == {"en", "hi", "bn", "te"}
    names = [f["name"] for f in form.fields if f["kind"] == "question"]
    for n in ("hh_size", "income_lost", "needs", "rent_arrears", "hiv_nutrition"):
        assert n in names


def test_unknown_type_reported_with_its_row():
    (p,) = problems(xlsx([H, ["text", "a", "A"], ["integr", "b", "B"]]))
    assert p.row == 3 and "integr" in p.message


def test_types_the_browser_cannot_show_are_accepted():
    form = compile_xlsform(
        xlsx([H, ["text", "a", "A"], ["geopoint", "c", "C"], ["image", "d", "D"]])
    )
    kinds = {f["name"]: (f["type"], f["odk_type"]) for f in form.fields}
    assert kinds["c"] == ("device", "geopoint") and kinds["d"] == ("device", "photo")


def test_bad_expression_reported_with_its_row_and_column():
    ps = problems(xlsx([H, ["integer", "a", "A"], ["text", "b", "B", "${a} ==== 1"]]))
    assert [(p.row, "relevant" in p.message) for p in ps] == [(3, True)]


def test_unknown_function_reported():
    (p,) = problems(xlsx([H, ["integer", "a", "A", "", "regexp(., '[0-9]+')"]]))
    assert p.row == 2 and "regexp" in p.message


def test_odk_functions_accepted():
    compile_xlsform(xlsx([H, ["integer", "a", "A", "", "regex(., '[0-9]+') and once(1) = 1"]]))


def test_reference_to_unknown_question_reported():
    (p,) = problems(xlsx([H, ["integer", "a", "A"], ["text", "b", "B", "${nope} > 1"]]))
    assert p.row == 3 and "nope" in p.message


def test_missing_choices_list_reported_with_its_row():
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"]]
    (p,) = problems(xlsx([H, ["text", "a", "A"], ["select_one colours", "c", "C"]], choices))
    assert p.row == 3 and "colours" in p.message


def test_missing_choices_sheet_reported_with_its_row():
    (p,) = problems(xlsx([H, ["select_multiple needs", "n", "N"]]))
    assert p.row == 2 and p.sheet == "choices" and "choices sheet" in p.message


def test_several_problems_all_reported():
    ps = problems(xlsx([H, ["text", "a", "A", "${a} = = 1"], ["text", "b", "B", "${b} = = 2"]]))
    assert [p.row for p in ps] == [2, 3]


def test_pyxform_errors_keep_their_row():
    (p,) = problems(xlsx([H, ["begin_group", "g", "G"], ["text", "a", "A"]]))
    assert p.row == 2 and "end_group" in p.message


def test_duplicate_names_reported():
    (p,) = problems(
        xlsx([H, ["text", "a", "A"], ["begin_group", "g", "G"], ["text", "a", "B"], ["end_group"]])
    )
    assert p.row == 4


def test_not_an_xlsx():
    (p,) = problems(b"type,name,label\ntext,a,A\n")
    assert p.row is None


def test_no_survey_sheet():
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "other"
    wb.create_sheet("choices")
    buf = io.BytesIO()
    wb.save(buf)
    (p,) = problems(buf.getvalue())
    assert "survey" in p.message


@pytest.mark.parametrize("column", ["relevant", "constraint"])
def test_deeply_nested_expression_reported_at_its_sheet_and_row(column):
    deep = "(" * 100 + ". > 1" + ")" * 100
    row = (
        ["integer", "b", "B", deep, ""] if column == "relevant" else ["integer", "b", "B", "", deep]
    )
    (p,) = problems(xlsx([H, ["integer", "a", "A"], row]))
    assert (p.sheet, p.row) == ("survey", 3)
    assert column in p.message and "nested too deeply" in p.message


def test_an_empty_survey_sheet_is_called_empty_not_missing():
    """It was reported as "no sheet named survey"."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "survey"
    wb.create_sheet("choices").append(["list_name", "name", "label"])
    buf = io.BytesIO()
    wb.save(buf)
    (p,) = problems(buf.getvalue())
    assert "empty" in p.message and "no sheet" not in p.message


def test_a_form_that_unpacks_far_beyond_its_size_is_refused_before_parsing(monkeypatch):
    """A 107 KB XLSForm that unpacked to 100 MB was stored at full size."""
    import io
    import zipfile

    import pyxform.xls2json_backends as backends

    data = xlsx([H, ["text", "a", "A"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>", b"<row/>" * (30 * 1024 * 1024 // 6) + b"</sheetData>"
                )
            z.writestr(info.filename, content)
    assert len(out.getvalue()) < 200 * 1024

    def never(*a, **kw):
        raise AssertionError("pyxform must not see this workbook")

    monkeypatch.setattr(backends, "get_xlsform", never)
    (p,) = problems(out.getvalue())
    assert "MB" in p.message
