"""Figures and dates as the work report prints them, from stored integers and dates.

천원 in budget tables, 백만원 in project texts, △ for minus, rates with one decimal, dates as
'23. 9. 25. The functions take the stored values; they hold no rule of the domain.
"""

from decimal import ROUND_HALF_UP, Decimal

MINUS = "△"


def grouped(number):
    """``-1234567`` -> ``△1,234,567``."""
    text = f"{abs(number):,}"
    return f"{MINUS}{text}" if number < 0 else text


def _scaled(won, unit):
    return int((Decimal(won) / unit).quantize(Decimal(1), ROUND_HALF_UP))


def thousands(won, *, empty="-"):
    """Integer won as the budget tables print it, in 천원; None (an empty cell) prints ``empty``."""
    return empty if won is None else grouped(_scaled(won, 1000))


def millions(won):
    """Integer won in 백만원, as project texts print it: ``2,814백만원``."""
    return f"{grouped(_scaled(won, 1_000_000))}백만원"


def rate(value, *, new=False):
    """A rate in percent with one decimal: ``△18.0%``; ``순증`` for a new line; ``-`` where undefined."""
    if new:
        return "순증"
    if value is None:
        return "-"
    value = Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if value == 0:
        return "0.0%"
    return f"{MINUS}{-value}%" if value < 0 else f"{value}%"


def count(value, unit=""):
    """A count with its unit: ``88,601명``; decimals kept as stored."""
    value = Decimal(value)
    number = int(value) if value == value.to_integral() else value.normalize()
    text = f"{abs(number):,}"
    return f"{MINUS if number < 0 else ''}{text}{unit}"


def day(date):
    """``2023-09-25`` -> ``'23. 9. 25.``"""
    return f"'{date:%y}. {date.month}. {date.day}."


def full_day(date):
    """``2023-08-16`` -> ``2023. 8. 16.``"""
    return f"{date.year}. {date.month}. {date.day}."
