"""The one definition of "today", "overdue" and "days left", in Asia/Seoul."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from common.query import QUERY_YEARS_AROUND

SEOUL = ZoneInfo("Asia/Seoul")


def seoul_today(now=None):
    """The calendar date in Seoul at ``now`` (default: the current time)."""
    return timezone.localtime(now or timezone.now(), SEOUL).date()


def days_overdue(due_date, today):
    """Whole days past the due date; 0 when not yet past or undated."""
    if due_date is None or due_date >= today:
        return 0
    return (today - due_date).days


def days_remaining(due_date, today):
    """Whole days until the due date (0 on the day), None when undated or past."""
    if due_date is None or due_date < today:
        return None
    return (due_date - today).days


def end_of_day(day):
    """The last instant of a calendar day in Seoul."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=SEOUL)


#: How many years before and after its plan year a date a person enters for a milestone may lie.
PLAN_YEARS_AROUND = 10


def plan_window(year):
    """The first and last date a person may enter for work of the plan of ``year``."""
    return datetime.date(year - PLAN_YEARS_AROUND, 1, 1), datetime.date(year + PLAN_YEARS_AROUND, 12, 31)


def query_window(today=None):
    """The first and last date a page may be asked about: far inside what date arithmetic can reach."""
    year = (today or seoul_today()).year
    return datetime.date(year - QUERY_YEARS_AROUND, 1, 1), datetime.date(year + QUERY_YEARS_AROUND, 12, 31)


def safe_shift(day, days):
    """``day`` moved by ``days``, held at the first or last date Python knows instead of overflowing."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min
