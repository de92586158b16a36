"""Dates as the report writes them."""

import datetime

import pytest

from milestones.dates import DatePrecision, DateTextError, parse_date_text

D = datetime.date

CASES = [
    ("'23. 9. 24.", D(2023, 9, 24), D(2023, 9, 24), DatePrecision.DAY, False),
    ("'23. 11.", D(2023, 11, 1), D(2023, 11, 30), DatePrecision.MONTH, False),
    ("'23. 11.(예정)", D(2023, 11, 1), D(2023, 11, 30), DatePrecision.MONTH, True),
    ("'23. 8. ~ 12.", D(2023, 8, 1), D(2023, 12, 31), DatePrecision.MONTH, False),
    ("'23. 9.~12.", D(2023, 9, 1), D(2023, 12, 31), DatePrecision.MONTH, False),
    ("'23.7.31~12.31", D(2023, 7, 31), D(2023, 12, 31), DatePrecision.DAY, False),
    ("'23.3.1~6.14.", D(2023, 3, 1), D(2023, 6, 14), DatePrecision.DAY, False),
    ("'23. 9.~", D(2023, 9, 1), None, DatePrecision.OPEN, False),
    ("(9월)", D(2023, 9, 1), D(2023, 9, 30), DatePrecision.MONTH, False),
    ("(~8월)", None, D(2023, 8, 31), DatePrecision.MONTH, False),
    ("(12월~)", D(2023, 12, 1), None, DatePrecision.OPEN, False),
    ("(10월~11월)", D(2023, 10, 1), D(2023, 11, 30), DatePrecision.MONTH, False),
    ("(9.1.~ 10.29.)", D(2023, 9, 1), D(2023, 10, 29), DatePrecision.DAY, False),
    ("'23.1월~2월", D(2023, 1, 1), D(2023, 2, 28), DatePrecision.MONTH, False),
    ("' 23.7", D(2023, 7, 1), D(2023, 7, 31), DatePrecision.MONTH, False),
    ("'24. 2.", D(2024, 2, 1), D(2024, 2, 29), DatePrecision.MONTH, False),
    ("상시", None, None, DatePrecision.ONGOING, False),
]


@pytest.mark.parametrize(("text", "start", "due", "precision", "tentative"), CASES, ids=[c[0] for c in CASES])
def test_a_date_as_written_reads_as_its_dates_and_precision(text, start, due, precision, tentative):
    parsed = parse_date_text(text, year=2023)

    assert (parsed.start, parsed.due, parsed.precision, parsed.tentative) == (start, due, precision, tentative)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("'23. 13.", "impossible date: year 2023, month 13"),
        ("'23. 2. 30.", "impossible date: year 2023, month 2, day 30"),
        ("'23. 12.~3.", "range ends before it starts"),
        ("곧", "unreadable date"),
        ("", "no date"),
    ],
)
def test_an_impossible_or_unreadable_date_is_refused_with_the_reason(text, reason):
    with pytest.raises(DateTextError, match=reason):
        parse_date_text(text, year=2023)
