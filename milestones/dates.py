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

``date_words`` is how every page, export, e-mail and calendar shows a date with its precision: words a reader
cannot take for a weekday ("9월 중", "상시", "미정"), never a bare "(월)" or "(일)".
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
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


def _month(day):
    return _month_in(day, get_language())


@functools.lru_cache(maxsize=4096)
def _month_in(day, language):
    """A month in words in ``language`` (the active one): asked once per month and language, not once per row
    of an export (Django's date_format looks the format up each time)."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def date_words(*, start, due, precision, tentative=False):
    """A date with its precision in words, in the current language.

    | precision | shown (ko)                          | shown (en)                        |
    |-----------|-------------------------------------|-----------------------------------|
    | day       | 2023-09-24, 2023-07-31 ~ 2023-12-31 | the same                          |
    | month     | 2023년 9월 중, 2023년 8월 ~ 2023년 12월 | during September 2023, August 2023 ~ … |
    | open      | 2023년 9월부터 (2023-09-05부터)        | from September 2023               |
    | ongoing   | 상시                                 | ongoing                           |
    | no date   | 미정                                 | not yet dated                     |

    A tentative date adds "(예정)". An open date that starts on the 1st reads as its month.
    """
    return _date_words_in(start, due, precision, bool(tentative), get_language())


@functools.lru_cache(maxsize=16384)
def _date_words_in(start, due, precision, tentative, language):
    """``date_words`` in ``language`` (the active one), worked out once per date and language: a page or an export
    shows the same few month ends on many rows."""
    if precision == DatePrecision.ONGOING:
        words = gettext("ongoing")
    elif start is None and due is None:
        words = gettext("not yet dated")
    elif precision == DatePrecision.OPEN or due is None:
        shown = _month(start) if start.day == 1 else start.isoformat()
        words = gettext("from %(start)s") % {"start": shown}
    elif precision == DatePrecision.MONTH:
        if start is None:
            words = gettext("by %(end)s") % {"end": _month(due)}
        elif (start.year, start.month) == (due.year, due.month):
            words = gettext("during %(month)s") % {"month": _month(due)}
        else:
            words = f"{_month(start)} ~ {_month(due)}"
    elif start is None:
        words = gettext("by %(end)s") % {"end": due.isoformat()}
    elif start == due:
        words = due.isoformat()
    else:
        words = f"{start.isoformat()} ~ {due.isoformat()}"
    return gettext("%(when)s (tentative)") % {"when": words} if tentative else words


def record_date_words(record):
    """``date_words`` of a milestone (live or historical: ``due_date``, ``is_tentative``) or a project entry
    (``end_date``)."""
    due = record.due_date if hasattr(record, "due_date") else record.end_date
    return date_words(
        start=record.start_date,
        due=due,
        precision=record.date_precision,
        tentative=getattr(record, "is_tentative", False),
    )
