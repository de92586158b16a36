"""Money is integer won; these format it for people."""

from django.utils.formats import number_format


def won(amount):
    """``23080630000`` -> ``23,080,630,000``; None (an empty cell) -> ``-``."""
    if amount is None:
        return "-"
    return number_format(amount, force_grouping=True)


def percent(value):
    """A rate in percent with one decimal, or ``-`` where it is undefined."""
    return "-" if value is None else f"{value}%"
