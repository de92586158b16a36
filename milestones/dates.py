"""Dates as the report writes them, and their precision.

| written             | start      | due        | precision |
|---------------------|------------|------------|-----------|
| '23. 9. 24.         | 2023-09-24 | 2023-09-24 | day       |
| '23. 11.            | 2023-11-01 | 2023-11-30 | month     |
| '23. 8. ~ 12.       | 2023-08-01 | 2023-12-31 | month     |
| '23.7.31~12.31      | 2023-07-31 | 2023-12-31 | day       |
| '23. 9.~            | 2023-09-01 | –          | open      |
| (9월) / (~8월)       | 09-01 / –  | 09-30 / 08-31 | month  |
| (12월~)             | 2023-12-01 | –          | open      |
| 상시                 | –          | –          | ongoing   |

``(예정)`` anywhere marks the date tentative.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    OPEN = "open", _("open-ended")
    ONGOING = "ongoing", _("ongoing")


class DateTextError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedDate:
    start: datetime.date | None
    due: datetime.date | None
    precision: str
    tentative: bool = False


# One point: optional 'YY. then month, optional day: "'23. 9. 24.", "9.1.", "9월", "12.31".
_POINT = r"(?:[‘'’]\s*(?P<{p}y>\d{{2}})\s*\.\s*)?(?P<{p}m>\d{{1,2}})\s*(?:\.|월)?\s*(?:(?P<{p}d>\d{{1,2}})\s*\.?)?"
_RANGE = re.compile(
    r"^\(?\s*(?:" + _POINT.format(p="a") + r")?\s*(?P<tilde>~)?\s*(?:" + _POINT.format(p="b") + r")?\s*\)?$"
)


def last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _point(year, month, day, *, end):
    try:
        if day:
            return datetime.date(year, month, day), DatePrecision.DAY
        return (last_day(year, month) if end else datetime.date(year, month, 1)), DatePrecision.MONTH
    except ValueError as exc:
        raise DateTextError(f"impossible date: year {year}, month {month}, day {day or '-'}") from exc


def parse_date_text(text, *, year):
    """Parse a date as written; ``year`` is the plan year for text that omits it."""
    raw = (text or "").strip()
    tentative = "예정" in raw
    cleaned = re.sub(r"\(?\s*예정\s*\)?", "", raw).replace("월~", "월 ~").strip()
    if not cleaned:
        raise DateTextError("no date")
    if cleaned in ("상시", "(상시)"):
        return ParsedDate(None, None, DatePrecision.ONGOING, tentative)
    match = _RANGE.match(cleaned)
    if not match or not (match["am"] or match["bm"]):
        raise DateTextError(f"unreadable date {raw!r}")
    first_year = 2000 + int(match["ay"]) if match["ay"] else year
    a = b = None
    if match["am"]:
        a = _point(first_year, int(match["am"]), match["ad"] and int(match["ad"]), end=False)
    if match["bm"]:
        second_year = 2000 + int(match["by"]) if match["by"] else first_year
        b = _point(second_year, int(match["bm"]), match["bd"] and int(match["bd"]), end=True)
    if not match["tilde"]:
        # A single point: a month or a day, due at its end.
        day_or_month = a or b
        start = day_or_month[0]
        due = last_day(start.year, start.month) if day_or_month[1] == DatePrecision.MONTH else start
        return ParsedDate(start, due, day_or_month[1], tentative)
    if a and not b:
        return ParsedDate(a[0], None, DatePrecision.OPEN, tentative)
    if b and not a:
        return ParsedDate(None, b[0], b[1], tentative)
    precision = a[1] if a[1] == b[1] else DatePrecision.MONTH
    if a[0] > b[0]:
        raise DateTextError(f"range ends before it starts: {raw!r}")
    return ParsedDate(a[0], b[0], precision, tentative)
