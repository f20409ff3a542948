"""One table of expression cases, run against the Python evaluator (test_xpr.py) and the
browser's (test_browser.py): (expression, values, current, expected truth)."""

VALUES = {
    "size": 4,
    "income": 2500.5,
    "needs": "rations rent",
    "card": "no",
    "name": "Padma",
    "empty": "",
    "when": "2026-03-04",
}

CASES = [
    ("${size} = 4", {}, "", True),
    ("${size} != 4", {}, "", False),
    ("${size} > 3 and ${size} <= 4", {}, "", True),
    ("${size} < 3 or ${card} = 'no'", {}, "", True),
    ("not(${card} = 'yes')", {}, "", True),
    ("selected(${needs}, 'rent')", {}, "", True),
    ("selected(${needs}, 'medicines')", {}, "", False),
    ("count-selected(${needs}) = 2", {}, "", True),
    ("count-selected(${empty}) = 0", {}, "", True),
    ("string-length(${name}) = 5", {}, "", True),
    ("string-length(${empty}) > 0", {}, "", False),
    (". > 0 and . <= 20", {}, 7, True),
    (". > 0 and . <= 20", {}, 21, False),
    (". >= 0", {}, "", False),
    ("${empty} = ''", {}, "", True),
    ("${empty} > 0", {}, "", False),
    ("${empty} < 1", {}, "", False),
    ("${income} >= 2500", {}, "", True),
    ("${income} * 2 > 5000", {}, "", True),
    ("${size} + 1 = 5", {}, "", True),
    ("${size} mod 3 = 1", {}, "", True),
    ("${size} div 2 = 2", {}, "", True),
    ("-${size} < 0", {}, "", True),
    ("(${size} = 4 or ${size} = 5) and not(selected(${needs}, 'rent'))", {}, "", False),
    ("${when} < '2026-04-01'", {}, "", True),
    ("${when} >= '2026-04-01'", {}, "", False),
    ("true()", {}, "", True),
    ('false() or ${card} = "no"', {}, "", True),
    ("${size} = '4'", {}, "", True),
    (". <= ${size}", {}, 3, True),
    ("${missing} = ''", {}, "", True),
]

BAD = [
    "${size} ==== 1",
    "${size} = ",
    "/data/size = 1",
    "size = 1",
    "concat(${a}, 'b')",
    "selected(${needs})",
    "${size} | ${card}",
    "(${size} = 1",
    "",
]
