import pytest

from saathi.relief.surveys import xpr

from .cases import BAD, CASES, VALUES


@pytest.mark.parametrize(("expr", "extra", "current", "want"), CASES)
def test_python_evaluator(expr, extra, current, want):
    assert xpr.truthy(expr, VALUES | extra, current) is want


@pytest.mark.parametrize("expr", BAD)
def test_unsupported_expressions_are_refused(expr):
    with pytest.raises(xpr.ExpressionError):
        xpr.parse(expr)


def test_references():
    node = xpr.parse("selected(${needs}, 'rent') and ${size} > . + ${other}")
    assert xpr.references(node) == {"needs", "size", "other"}


def test_numbers_in_values_compare_as_numbers():
    assert xpr.truthy("${a} > 10", {"a": "9"}) is False  # "9" > "10" as strings would be True
    assert xpr.truthy("${a} > 10", {"a": 11}) is True


@pytest.mark.parametrize(
    "expr",
    [
        "(" * 100 + "1" + ")" * 100,
        "not(" * 100 + "true()" + ")" * 100,
        "-" * 1000 + "1",
        " + ".join(["1"] * 2000) + " > 0",
        "(" * 5000,
    ],
)
def test_deep_expressions_are_refused_not_a_recursion_error(expr):
    with pytest.raises(xpr.ExpressionError, match="nested too deeply"):
        xpr.parse(expr)


def test_reasonable_nesting_and_long_chains_still_parse():
    assert xpr.truthy("(" * 20 + "1 = 1" + ")" * 20, {})
    chain = " or ".join(f"${{a}} = '{i}'" for i in range(60))
    assert xpr.truthy(chain, {"a": "59"})
