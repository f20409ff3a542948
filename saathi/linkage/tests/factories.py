"""Small lists for the linkage tests: the same women spelt four ways, namesakes, shared phones."""

from __future__ import annotations

import csv
import io

from saathi.linkage.imports import COLUMNS

HEADER = ",".join(COLUMNS)

# record_id, source, given, family, relative, sex, age, phone, id_last4, village, district, state
REGISTER = [
    (
        "C1",
        "collective",
        "Lakshmi",
        "Das",
        "Gopal Das",
        "F",
        "34",
        "9876543210",
        "4321",
        "Ranaghat",
        "Nadia",
        "West Bengal",
    ),
    (
        "C2",
        "collective",
        "Rekha",
        "Mondal",
        "Sunil Mondal",
        "F",
        "28",
        "9123456780",
        "",
        "Chakdaha",
        "Nadia",
        "West Bengal",
    ),
    (
        "C3",
        "collective",
        "Fatema",
        "Khatun",
        "Rafiq Sk",
        "F",
        "41",
        "",
        "7788",
        "Haringhata",
        "Nadia",
        "West Bengal",
    ),
]
RELIEF = [
    (
        "R1",
        "relief",
        "LAXMI",
        "DASS",
        "GOPAL DAS",
        "female",
        "35",
        "9876543210",
        "4321",
        "Ranaghat",
        "Nadia",
        "WB",
    ),
    (
        "R2",
        "relief",
        "Rekha",
        "Mondal",
        "Sunil Mondal",
        "F",
        "28",
        "9123456780",
        "",
        "Chakdaha",
        "Nadia",
        "WB",
    ),
    (
        "R3",
        "relief",
        "Purnima",
        "Biswas",
        "",
        "F",
        "52",
        "9000011111",
        "",
        "Santipur",
        "Nadia",
        "WB",
    ),
]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    buf.write(header + "\n")
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows, header=COLUMNS) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
