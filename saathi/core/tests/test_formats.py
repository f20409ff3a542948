"""Indian number formats: lakh grouping in the template filters and in Django's formats."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import formats, translation
from django.utils.formats import number_format

from saathi.core.templatetags.saathi import indian_grouping, inr, lakh


@pytest.mark.parametrize(
    "value,expected",
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1,000"),
        (99999, "99,999"),
        (100000, "1,00,000"),
        (1234567, "12,34,567"),
        (10000000, "1,00,00,000"),
        (123456789012, "1,23,45,67,89,012"),
        (-1234567, "-12,34,567"),
        ("2300000", "23,00,000"),
    ],
)
def test_lakh_grouping(value, expected):
    assert indian_grouping(value) == expected
    assert lakh(value) == expected


def test_inr():
    assert inr(2300000) == "₹23,00,000"
    assert inr(500) == "₹500"
    assert inr(150000) == "₹1,50,000"


def test_filters_pass_through_what_is_not_a_number():
    assert lakh("n/a") == "n/a"
    assert lakh(None) == "None"


def test_filters_in_a_template():
    out = Template("{% load saathi %}{{ n|lakh }} {{ n|inr }}").render(Context({"n": 1234567}))
    assert out == "12,34,567 ₹12,34,567"


@pytest.mark.parametrize("lang", ["en", "bn", "hi", "te"])
def test_django_number_format_uses_lakh_grouping(lang):
    with translation.override(lang):
        assert formats.number_format(100000, force_grouping=True) == "1,00,000"
        assert formats.number_format(1234567, force_grouping=True) == "12,34,567"
        assert formats.number_format(100000, use_l10n=True) == "1,00,000"  # USE_THOUSAND_SEPARATOR
        assert number_format(2300000, force_grouping=True) == "23,00,000"


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_dates_are_day_month_year(lang):
    from django import forms

    with translation.override(lang):
        assert formats.date_format(date(2026, 3, 9), "SHORT_DATE_FORMAT") == "09/03/2026"
        assert forms.DateField().clean("09/03/2026") == date(2026, 3, 9)  # 9 March, not 3 Sept
