"""Identity numbers: the Aadhaar number's own checks (12 digits, Verhoeff check digit).

UIDAI's Aadhaar numbers are 12 digits, the first neither 0 nor 1, the last a Verhoeff
check digit over the other eleven: a mistyped digit or two swapped neighbours fail it.
"""

from __future__ import annotations

# Verhoeff's tables: multiplication in the dihedral group D5, the position permutation,
# and the inverse.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _checksum(digits: str) -> int:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c


def verhoeff_valid(digits: str) -> bool:
    """Is the last digit of ``digits`` the Verhoeff check digit of the others?"""
    return bool(digits) and digits.isdigit() and digits.isascii() and _checksum(digits) == 0


def verhoeff_digit(digits: str) -> str:
    """The Verhoeff check digit to append to ``digits``."""
    return str(_INV[_checksum(digits + "0")])


def aadhaar_digits(text: str) -> str:
    """The digits of an Aadhaar number as typed (spaces and dashes dropped)."""
    return "".join(ch for ch in text or "" if ch.isalnum())


def aadhaar_valid(text: str) -> bool:
    """12 digits, not starting with 0 or 1, with a valid Verhoeff check digit."""
    digits = aadhaar_digits(text)
    return len(digits) == 12 and digits[0] not in "01" and verhoeff_valid(digits)


def aadhaar_for(eleven: str) -> str:
    """A valid Aadhaar number from its first eleven digits (demo data and tests)."""
    return eleven + verhoeff_digit(eleven)
