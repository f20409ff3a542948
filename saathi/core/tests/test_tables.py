"""The one table reader: encodings, delimiters, BOMs, bad headers, workbook limits."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from saathi.core.tables import FORM_LIMITS, WorkbookLimits, check_workbook, read_table


def xlsx(rows, title="data", extra_sheets=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for name in extra_sheets:
        wb.create_sheet(name)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def lines(table):
    return [(r.line, r.cells, r.problem) for r in table.rows()]


def message(exc) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "data",
    [
        b"name,item\nRina,rice\n",
        b"\xef\xbb\xbfname,item\r\nRina,rice\r\n",  # Excel's CSV UTF-8 (BOM, CRLF)
        "name,item\nRina,rice\n".encode("utf-16"),  # Excel's Unicode text
        b"name;item\nRina;rice\n",  # Kobo
        b"name\titem\nRina\trice\n",
        b"name,item\rRina,rice\r",  # old Mac line ends
    ],
)
def test_encodings_boms_delimiters_and_line_ends(data):
    table = read_table(data)
    assert table.header == ["name", "item"]
    assert lines(table) == [(2, ["Rina", "rice"], "")]
    assert table.total == 1


def test_delimiter_inside_quotes_does_not_count():
    table = read_table(b'"a,b,c";d\n"1,2,3";4\n')
    assert table.header == ["a,b,c", "d"]


def test_header_not_utf8_is_a_clear_message_not_an_exception():
    with pytest.raises(ValidationError) as exc:
        read_table("nom,article,données\nRina,riz,1\n".encode("cp1252"))
    assert "UTF-8" in message(exc)


def test_a_bad_line_is_refused_at_its_real_line_and_the_others_are_read():
    body = ["name,item"] + [f"p{i},rice" for i in range(1, 6001)]
    body[5500] = "Jos\xe9,rice"  # line 5,501 of the file
    data = "\n".join(body).encode("utf-8").replace("Jos\xe9".encode(), b"Jos\xe9")
    table = read_table(data)
    rows = lines(table)
    assert table.total == 6000
    bad = [(line, problem) for line, _c, problem in rows if problem]
    assert len(bad) == 1 and bad[0][0] == 5501 and "UTF-8" in bad[0][1]
    assert sum(1 for _l, _c, p in rows if not p) == 5999


def test_quoted_line_breaks_keep_the_starting_line_and_blank_rows_are_skipped():
    table = read_table(b'name,note\nRina,"two\nlines"\n\n,\nMina,x\n')
    assert [(line, cells) for line, cells, _p in lines(table)] == [
        (2, ["Rina", "two\nlines"]),
        (6, ["Mina", "x"]),
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\n\n", "header"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"%PDF-1.4 ...", "not a CSV"),
        (b"PK\x03\x04broken", "not a CSV"),
    ],
)
def test_files_that_are_not_tables(data, words):
    with pytest.raises(ValidationError) as exc:
        read_table(data)
    assert words in message(exc)


def test_row_limit_refuses_before_any_row():
    with pytest.raises(ValidationError) as exc:
        read_table(b"a\n" + b"1\n" * 11, max_rows=10)
    assert "10" in message(exc)


def test_xlsx_rows_keep_the_sheet_row_numbers_and_types():
    table = read_table(xlsx([["name", "age"], ["Rina", 32], [None, None], ["Mina", 40.0]]))
    assert table.kind == "xlsx" and table.header == ["name", "age"]
    assert lines(table) == [(2, ["Rina", 32], ""), (4, ["Mina", 40], "")]
    assert table.total == 2


def _rewrite(data: bytes, entry: str, fn) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == entry:
                content = fn(content)
            zout.writestr(info.filename, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SMALL = WorkbookLimits(
    max_bytes=2 * 1024 * 1024, max_sheets=3, max_rows=100, max_columns=10, max_cell_chars=50
)


def test_a_zip_bomb_is_refused_before_parsing():
    # 100 MB of blank cells compress to about 100 KB: the declared sizes say it all
    padding = b"<row/>" * (100 * 1024 * 1024 // 6)
    bomb = _rewrite(
        xlsx([["a"]]), SHEET, lambda c: c.replace(b"</sheetData>", padding + b"</sheetData>")
    )
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        check_workbook(bomb, FORM_LIMITS)
    assert "MB" in message(exc)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda c: c.replace(
                b"</sheetData>", b'<row r="5000"><c r="A5000"><v>1</v></c></row></sheetData>'
            ),
            "rows",
        ),
        (
            lambda c: c.replace(
                b"</sheetData>", b'<row r="3"><c r="XFD3"><v>1</v></c></row></sheetData>'
            ),
            "columns",
        ),
        (
            lambda c: c.replace(
                b"</sheetData>",
                b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
                + b"x" * 60
                + b"</t></is></c></row></sheetData>",
            ),
            "characters",
        ),
        (lambda c: c.replace(b"<sheetData", b'<dimension ref="A1:XFD1048576"/><sheetData'), "rows"),
        (
            lambda c: c.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet'),
            "cannot be read",
        ),
    ],
)
def test_sheets_rows_columns_and_cells_are_bounded(change, words):
    data = _rewrite(xlsx([["a"], ["b"]]), SHEET, change)
    with pytest.raises(ValidationError) as exc:
        check_workbook(data, SMALL)
    assert words in message(exc)


def test_too_many_sheets():
    with pytest.raises(ValidationError) as exc:
        check_workbook(xlsx([["a"]], extra_sheets=["b", "c", "d"]), SMALL)
    assert "sheets" in message(exc)


def test_long_shared_strings_are_bounded():
    data = xlsx([["a"]])
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<si><r><t>" + b"y" * 30 + b"</t></r><r><t>" + b"y" * 30 + b"</t></r></si></sst>",
        )
    with pytest.raises(ValidationError) as exc:
        check_workbook(buf.getvalue(), SMALL)
    assert "characters" in message(exc)


def test_workbook_info_names_the_sheets_and_counts_their_rows():
    info = check_workbook(xlsx([["type", "name"], ["text", "a"]], "survey", ["choices"]), SMALL)
    assert [(s.name, s.data_rows) for s in info.sheets] == [("survey", 2), ("choices", 0)]
