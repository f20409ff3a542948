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
