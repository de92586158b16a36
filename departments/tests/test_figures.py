"""Named figures read as the report prints them."""

from decimal import Decimal

import pytest

from departments.models import StaffingNoteFigure


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("88601.00"), "명", "방문수 88,601명"),
        (Decimal("40.00"), "개", "방문수 40개"),
        (Decimal("86.00"), "%", "방문수 86%"),
        (Decimal("86.50"), "%", "방문수 86.5%"),
    ],
)
def test_a_figure_reads_with_grouped_digits_and_no_trailing_zeros(value, unit, text):
    assert str(StaffingNoteFigure(order=1, label="방문수", value=value, unit=unit)) == text
