"""Working days in Seoul: the one definition that reminders, escalations and counts use.

A working day is a weekday that is neither a Korean public holiday (the ``holidays`` package,
substitute and temporary holidays included) nor a closure day an administrator added.

The module functions load the closure days on each call; code that asks many questions at once
loads a :class:`WorkCalendar` once and asks it.
"""

import calendar as _calendar
import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

#: Enough to cross any run of closed days (추석 with weekends and substitutes is under ten).
_MAX_CLOSED_RUN = 60


@lru_cache(maxsize=64)
def _public_holidays(year):
    return dict(holidays.country_holidays("KR", years=year, language="ko"))


def public_holiday_name(day):
    """The Korean name of the public holiday on ``day``, or "" on other days."""
    return _public_holidays(day.year).get(day, "")


@dataclass(frozen=True)
class _Index:
    """The working days of whole years under one set of closure days."""

    first_year: int
    last_year: int
    base: int  # ordinal of 1 January of first_year
    counts: list  # per day from base: the working days up to and including it
    days: list  # the working days in order, as ordinals
    long_closure: bool  # a closed run longer than _MAX_CLOSED_RUN: step day by day instead

    def covers(self, first_year, last_year):
        """Whether it holds these years and one either side, so that steps from them stay inside."""
        return self.first_year < first_year and last_year < self.last_year


#: The widest index built so far per set of closure days, shared by the calendars loaded with them.
_indexes = {}


class WorkCalendar:
    """Working days with the closure days of one load.

    Counting and stepping use an index of the working days of the years asked about (built on first use,
    widened as needed and shared by calendars with the same closure days), so that ``working_days_between``
    and ``add_working_days`` take the same time for a day or for years.
    """

    def __init__(self, closures=()):
        self.closures = frozenset(closures)

    @classmethod
    def load(cls):
        from workdays.models import ClosureDay

        return cls(ClosureDay.objects.values_list("date", flat=True))

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.closures and day not in _public_holidays(day.year)

    def _index(self, first_year, last_year):
        index = _indexes.get(self.closures)
        if index is not None and index.covers(first_year, last_year):
            return index
        if index is not None:
            first_year, last_year = min(first_year, index.first_year + 1), max(last_year, index.last_year - 1)
        first_year, last_year = max(first_year - 1, datetime.MINYEAR), min(last_year + 1, datetime.MAXYEAR)
        day, end = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
        counts, days = [], []
        while True:
            if self.is_working_day(day):
                days.append(day.toordinal())
            counts.append(len(days))
            if day == end:
                break
            day += datetime.timedelta(days=1)
        long_closure = any(b - a > _MAX_CLOSED_RUN for a, b in zip(days, days[1:], strict=False))
        base = datetime.date(first_year, 1, 1).toordinal()
        index = _Index(first_year, last_year, base, counts, days, long_closure)
        if len(_indexes) >= 16:
            _indexes.clear()
        _indexes[self.closures] = index
        return index

    def _step(self, day, direction):
        for _ in range(_MAX_CLOSED_RUN):
            day += datetime.timedelta(days=direction)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {_MAX_CLOSED_RUN} days of {day}")

    def next_working_day(self, day):
        """The first working day after ``day`` (never ``day`` itself)."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day):
        """The last working day before ``day`` (never ``day`` itself)."""
        return self.add_working_days(day, -1)

    def working_day_on_or_after(self, day):
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_on_or_before(self, day):
        return day if self.is_working_day(day) else self.previous_working_day(day)

    def add_working_days(self, day, count):
        """The working day ``count`` working days after ``day`` (before it when negative).

        ``day`` itself need not be a working day; with ``count`` 0 it is returned unchanged.
        """
        if count == 0:
            return day
        span = abs(count) // 200 + 1  # years enough for the steps (at least 200 working days a year)
        index = self._index(day.year - span, day.year + span)
        # counts[day] working days are on or before ``day``: days[that - 1] is the last of them.
        position = index.counts[day.toordinal() - index.base]
        if count < 0 and self.is_working_day(day):
            position -= 1
        target = position + count - (1 if count > 0 else 0)
        if index.long_closure or not 0 <= target < len(index.days):
            step = 1 if count > 0 else -1
            for _ in range(abs(count)):
                day = self._step(day, step)
            return day
        return datetime.date.fromordinal(index.days[target])

    def working_days_between(self, start, end):
        """How many working days fall after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        index = self._index(start.year, end.year)
        return index.counts[end.toordinal() - index.base] - index.counts[start.toordinal() - index.base]

    def last_working_day_of_month(self, year, month):
        last = datetime.date(year, month, _calendar.monthrange(year, month)[1])
        return self.working_day_on_or_before(last)


def is_working_day(day, *, calendar=None):
    return (calendar or WorkCalendar.load()).is_working_day(day)


def next_working_day(day, *, calendar=None):
    return (calendar or WorkCalendar.load()).next_working_day(day)


def add_working_days(day, count, *, calendar=None):
    return (calendar or WorkCalendar.load()).add_working_days(day, count)


def working_days_between(start, end, *, calendar=None):
    return (calendar or WorkCalendar.load()).working_days_between(start, end)


def last_working_day_of_month(year, month, *, calendar=None):
    return (calendar or WorkCalendar.load()).last_working_day_of_month(year, month)
