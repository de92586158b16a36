"""Which reminders one milestone gives on one day. Pure functions: no database, no clock.

Level-triggered: the rules say what is due *by* a day, not what happens *on* it, so a run that was
missed is caught up by the next one, and the delivery records (models.Delivery) make sure that
whatever is due is sent once. Of the lead reminders only the nearest one reached is due: a missed
"7 days" reminder overtaken by the "3 days" one is not sent late.
"""

import calendar as _calendar
import datetime
from dataclasses import dataclass

from milestones.dates import DatePrecision
from reminders.models import DayCount, Kind


@dataclass(frozen=True)
class Rules:
    leads: tuple[int, ...] = (7, 3, 1, 0)
    count_working_days: bool = True
    overdue_every_days: int = 7
    team_lead_after: int = 3
    department_head_after: int = 10

    @classmethod
    def from_settings(cls, settings):
        return cls(
            leads=settings.leads,
            count_working_days=settings.day_count == DayCount.WORKING,
            overdue_every_days=settings.overdue_every_days,
            team_lead_after=settings.team_lead_after,
            department_head_after=settings.department_head_after,
        )


@dataclass(frozen=True)
class Due:
    kind: str
    step: int


#: Milestones dated so give no reminders.
UNREMINDED_PRECISIONS = (DatePrecision.ONGOING, DatePrecision.OPEN)


def reminder_target(*, due_date, precision, calendar):
    """The day reminders count towards: the due date, or a month's last working day; None for no reminders."""
    if due_date is None or precision in UNREMINDED_PRECISIONS:
        return None
    if precision == DatePrecision.MONTH:
        return calendar.last_working_day_of_month(due_date.year, due_date.month)
    return due_date


def due_date_bounds(*, today, rules, calendar):
    """The latest due dates that can give a reminder by ``today``: ``(dated to the day, dated to a month)``.

    A later target has not reached even the furthest lead time. In working days that is the target
    ``max(leads)`` working days after ``today``; in calendar days, ``max(leads)`` days after the last
    day before the next working day. A milestone dated to a month counts to its month's last working
    day, so its month is in only when that day is within the bound.
    """
    furthest = max(rules.leads)
    if rules.count_working_days:
        latest = calendar.add_working_days(today, furthest)
    else:
        latest = calendar.next_working_day(today) + datetime.timedelta(days=furthest - 1)
    month_end = datetime.date(latest.year, latest.month, 1) - datetime.timedelta(days=1)
    if calendar.last_working_day_of_month(latest.year, latest.month) <= latest:
        month_end = latest.replace(day=_calendar.monthrange(latest.year, latest.month)[1])
    return latest, month_end


def lead_date(*, target, lead, rules, calendar):
    """The working day on which the reminder ``lead`` days ahead of ``target`` is due, or None.

    "On the day" (0) needs ``target`` to be a working day; otherwise the reminder the working day
    before is the last one. Counted in calendar days, a reminder falling on a closed day comes earlier.
    """
    if lead == 0:
        return target if calendar.is_working_day(target) else None
    if rules.count_working_days:
        return calendar.add_working_days(target, -lead)
    return calendar.working_day_on_or_before(target - datetime.timedelta(days=lead))


def overdue_number(*, target, today, rules, calendar):
    """Which overdue reminder is due by ``today``: 1 from the first working day after ``target``, then one
    more every ``overdue_every_days`` (moved to the next working day when closed); 0 before the first."""
    first = calendar.next_working_day(target)
    if today < first:
        return 0
    every = rules.overdue_every_days
    number = (today - first).days // every + 1
    while (
        number > 1 and calendar.working_day_on_or_after(first + datetime.timedelta(days=(number - 1) * every)) > today
    ):
        number -= 1
    return number


def reminders_due(*, target, today, rules, calendar):
    """The reminders (kind, step) due by ``today`` for a milestone reminded against ``target``."""
    if target is None:
        return []
    if today <= target:
        reached = []
        for lead in rules.leads:
            day = lead_date(target=target, lead=lead, rules=rules, calendar=calendar)
            if day is not None and day <= today:
                reached.append(lead)
        return [Due(Kind.LEAD, min(reached))] if reached else []
    due = []
    number = overdue_number(target=target, today=today, rules=rules, calendar=calendar)
    if number:
        due.append(Due(Kind.OVERDUE, number))
    working_days_overdue = calendar.working_days_between(target, today)
    if working_days_overdue >= rules.team_lead_after:
        due.append(Due(Kind.TEAM_LEAD, 0))
    if working_days_overdue >= rules.department_head_after:
        due.append(Due(Kind.DEPARTMENT_HEAD, 0))
    return due
