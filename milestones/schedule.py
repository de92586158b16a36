"""The one definition of "today", "overdue" and "days left", in Asia/Seoul."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

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
