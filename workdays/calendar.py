"""Working days in Seoul: the one definition that reminders, escalations and counts use.

A working day is a weekday that is neither a Korean public holiday (the ``holidays`` package,
substitute and temporary holidays included) nor a closure day an administrator added.

The module functions load the closure days on each call; code that asks many questions at once
loads a :class:`WorkCalendar` once and asks it.
"""

import calendar as _calendar
import datetime
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


class WorkCalendar:
    def __init__(self, closures=()):
        self.closures = frozenset(closures)

    @classmethod
    def load(cls):
        from workdays.models import ClosureDay

        return cls(ClosureDay.objects.values_list("date", flat=True))

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.closures and day not in _public_holidays(day.year)

    def _step(self, day, direction):
        for _ in range(_MAX_CLOSED_RUN):
            day += datetime.timedelta(days=direction)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {_MAX_CLOSED_RUN} days of {day}")

    def next_working_day(self, day):
        """The first working day after ``day`` (never ``day`` itself)."""
        return self._step(day, 1)

    def previous_working_day(self, day):
        """The last working day before ``day`` (never ``day`` itself)."""
        return self._step(day, -1)

    def working_day_on_or_after(self, day):
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_on_or_before(self, day):
        return day if self.is_working_day(day) else self.previous_working_day(day)

    def add_working_days(self, day, count):
        """The working day ``count`` working days after ``day`` (before it when negative).

        ``day`` itself need not be a working day; with ``count`` 0 it is returned unchanged.
        """
        step = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day = self._step(day, step)
        return day

    def working_days_between(self, start, end):
        """How many working days fall after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + datetime.timedelta(n)))

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
