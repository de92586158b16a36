"""Figures as the report prints them, from stored integers."""

import datetime
from decimal import Decimal

from reports import printing


def test_budget_amounts_print_in_thousands_with_a_triangle_for_minus():
    assert printing.thousands(14_236_560_000) == "14,236,560"
    assert printing.thousands(-3_134_339_000) == "△3,134,339"
    assert printing.thousands(None) == "-"


def test_project_amounts_print_in_millions():
    assert printing.millions(2_814_000_000) == "2,814백만원"


def test_rates_print_with_one_decimal():
    assert printing.rate(Decimal("-18.04")) == "△18.0%"
    assert printing.rate(Decimal("87.27")) == "87.3%"
    assert printing.rate(Decimal("-0.04")) == "0.0%"
    assert printing.rate(None) == "-"
    assert printing.rate(None, new=True) == "순증"


def test_counts_print_with_their_unit():
    assert printing.count(Decimal("88601"), "명") == "88,601명"
    assert printing.count(Decimal("2.5"), "%") == "2.5%"
    assert printing.grouped(-15) == "△15"


def test_dates_print_as_the_report_writes_them():
    assert printing.day(datetime.date(2023, 9, 25)) == "'23. 9. 25."
    assert printing.full_day(datetime.date(2023, 8, 16)) == "2023. 8. 16."
