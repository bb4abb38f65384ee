"""The report's number formatter rounds (Django's own cuts the decimals off) and shows an error
to its significant digits, a bound rounded up. Expected text written by hand."""

from __future__ import annotations

import pytest
from django.utils import translation

from netweave.reports.formatting import number, significant, value


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["0.21", "0.457", "1,234.6"]), ("nl", ["0,21", "0,457", "1.234,6"])],
)
def test_decimals_are_rounded_not_cut_off(language, expected):
    with translation.override(language):
        assert [number(0.2083, 2), value(0.4567, "ratio"), number(1234.56, 1)] == expected


@pytest.mark.parametrize(
    ("amount", "digits", "up", "expected"),
    [
        (0.001234, 2, False, "0.0012"),
        (0.2083, 2, False, "0.21"),
        (0.0000456, 2, False, "0.000046"),
        (3.14159, 2, False, "3.1"),
        (0.0, 2, False, "0"),
        (1.3412, 3, True, "1.35"),  # a bound never shown smaller than it is
        (0.172, 3, True, "0.172"),  # but not raised by the float's last bit
        (0.17231, 3, True, "0.173"),
    ],
)
def test_significant_digits(amount, digits, up, expected):
    with translation.override("en"):
        assert significant(amount, digits, up=up) == expected
