"""Exact amounts: Decimal in Python, an integer number of hundredths in the database.

SQLite keeps a DecimalField as a floating-point REAL, so ``SUM()`` of rupee amounts
drifts (0.47 + 0.06 came back as 0.5300000000000001). Money and quantities are stored
as integer paise (hundredths) instead: sums are exact on SQLite and PostgreSQL alike,
and Python only ever sees ``Decimal`` values with two places (ADR 0009).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable

CENT = Decimal("0.01")


class CentsField(models.BigIntegerField):
    """A Decimal with two places (rupees and paise), stored as integer hundredths."""

    # for django-stubs: the field takes and gives rupees as Decimal
    _pyi_private_set_type: Decimal | int | str | Combinable
    _pyi_private_get_type: Decimal

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(value) / 100).quantize(CENT)

    def to_python(self, value):
        if value is None or value == "":
            return None
        try:
            return Decimal(str(value)).quantize(CENT)
        except ArithmeticError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def get_prep_value(self, value):
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            return value
        hundredths = Decimal(str(value)) * 100
        if hundredths != hundredths.to_integral_value():
            raise ValueError("more than two decimal places")
        return int(hundredths)

    def formfield(self, **kwargs):
        return forms.DecimalField(
            max_digits=14, decimal_places=2, required=not self.blank, **kwargs
        )


def hundredths(value: Decimal) -> int:
    """The database value of a CentsField (for bulk writes that bypass the field)."""
    return int(Decimal(value) * 100)
