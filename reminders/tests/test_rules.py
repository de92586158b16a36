"""The reminder rules on their own: which (kind, step) a milestone is due on a day."""

import datetime
from calendar import monthrange

import pytest

from milestones.dates import DatePrecision
from reminders.models import Kind
from reminders.rules import Due, Rules, due_date_bounds, lead_date, overdue_number, reminder_target, reminders_due
from workdays.calendar import WorkCalendar

D = datetime.date
CALENDAR = WorkCalendar()
RULES = Rules()


def due_on(today, target, rules=RULES):
    return reminders_due(target=target, today=today, rules=rules, calendar=CALENDAR)


def test_a_month_milestone_is_reminded_against_the_months_last_working_day():
    target = reminder_target(due_date=D(2023, 9, 30), precision=DatePrecision.MONTH, calendar=CALENDAR)
    assert target == D(2023, 9, 27)


@pytest.mark.parametrize("precision", [DatePrecision.ONGOING, DatePrecision.OPEN])
def test_ongoing_and_open_ended_milestones_get_no_reminders(precision):
    assert reminder_target(due_date=None, precision=precision, calendar=CALENDAR) is None
    assert due_on(D(2023, 9, 15), None) == []


def test_lead_reminders_in_working_days_fall_before_chuseok():
    target = D(2023, 10, 4)  # first working day after 추석 and the holidays of 2 and 3 October
    days = {lead: lead_date(target=target, lead=lead, rules=RULES, calendar=CALENDAR) for lead in RULES.leads}
    assert days == {7: D(2023, 9, 19), 3: D(2023, 9, 25), 1: D(2023, 9, 27), 0: D(2023, 10, 4)}


def test_lead_reminders_in_calendar_days_come_early_when_they_would_fall_on_a_closed_day():
    rules = Rules(count_working_days=False)
    target = D(2023, 10, 4)
    days = {lead: lead_date(target=target, lead=lead, rules=rules, calendar=CALENDAR) for lead in rules.leads}
    # 27 Sep is open; 1 Oct (Sunday) and 3 Oct (개천절) are not: both come on 27 Sep.
    assert days == {7: D(2023, 9, 27), 3: D(2023, 9, 27), 1: D(2023, 9, 27), 0: D(2023, 10, 4)}
    assert due_on(D(2023, 9, 27), target, rules) == [Due(Kind.LEAD, 1)]


def test_there_is_no_on_the_day_reminder_for_a_due_date_on_a_closed_day():
    sunday = D(2023, 9, 24)
    assert lead_date(target=sunday, lead=0, rules=RULES, calendar=CALENDAR) is None
    assert due_on(D(2023, 9, 22), sunday) == [Due(Kind.LEAD, 1)]


def test_only_the_nearest_lead_reminder_reached_is_due():
    target = D(2023, 9, 26)
    assert due_on(D(2023, 9, 14), target) == []
    assert due_on(D(2023, 9, 15), target) == [Due(Kind.LEAD, 7)]
    assert due_on(D(2023, 9, 20), target) == [Due(Kind.LEAD, 7)]
    assert due_on(D(2023, 9, 21), target) == [Due(Kind.LEAD, 3)]
    assert due_on(D(2023, 9, 25), target) == [Due(Kind.LEAD, 1)]
    assert due_on(D(2023, 9, 26), target) == [Due(Kind.LEAD, 0)]


def test_overdue_reminders_come_on_the_first_working_day_after_then_weekly_skipping_holidays():
    target = D(2023, 9, 22)
    days = [D(2023, 9, 25), D(2023, 9, 27), D(2023, 10, 4), D(2023, 10, 6), D(2023, 10, 10), D(2023, 10, 16)]
    numbers = [overdue_number(target=target, today=day, rules=RULES, calendar=CALENDAR) for day in days]
    # Week 2 would be 2 Oct (임시공휴일), week 3 9 Oct (한글날): each comes on the next working day.
    assert numbers == [1, 1, 2, 2, 3, 4]


def test_escalations_follow_working_days_overdue():
    target = D(2023, 9, 22)  # Friday before 추석
    assert due_on(D(2023, 9, 26), target) == [Due(Kind.OVERDUE, 1)]  # 2 working days overdue
    assert due_on(D(2023, 9, 27), target) == [Due(Kind.OVERDUE, 1), Due(Kind.TEAM_LEAD, 0)]  # 3
    assert Due(Kind.DEPARTMENT_HEAD, 0) not in due_on(D(2023, 10, 12), target)  # 9 working days
    assert due_on(D(2023, 10, 13), target) == [
        Due(Kind.OVERDUE, 3),
        Due(Kind.TEAM_LEAD, 0),
        Due(Kind.DEPARTMENT_HEAD, 0),
    ]


def test_changed_settings_change_the_rules():
    rules = Rules(leads=(5,), team_lead_after=1, department_head_after=2, overdue_every_days=2)
    target = D(2023, 9, 22)
    assert due_on(D(2023, 9, 15), target, rules) == [Due(Kind.LEAD, 5)]
    assert due_on(D(2023, 9, 21), target, rules) == [Due(Kind.LEAD, 5)]
    assert due_on(D(2023, 9, 26), target, rules) == [
        Due(Kind.OVERDUE, 1),
        Due(Kind.TEAM_LEAD, 0),
        Due(Kind.DEPARTMENT_HEAD, 0),
    ]


@pytest.mark.parametrize(
    "rules", [RULES, Rules(count_working_days=False), Rules(leads=(10, 2), count_working_days=False)]
)
def test_due_date_bounds_leave_out_only_milestones_that_are_due_nothing(rules):
    """The run reads only milestones within the bounds: every one beyond them is due nothing, and the
    bounds are tight (the last day within them is due a reminder)."""
    for today in [D(2023, 9, 15), D(2023, 9, 22), D(2023, 9, 27), D(2023, 11, 22), D(2023, 12, 22)]:
        latest, latest_month = due_date_bounds(today=today, rules=rules, calendar=CALENDAR)
        days = [today + datetime.timedelta(days=n) for n in range(-40, 120)]
        due_days = [day for day in days if due_on(today, day, rules)]
        assert max(due_days) == latest
        month_ends = sorted({day.replace(day=monthrange(day.year, day.month)[1]) for day in days})
        due_months = [
            end
            for end in month_ends
            if due_on(today, reminder_target(due_date=end, precision=DatePrecision.MONTH, calendar=CALENDAR), rules)
        ]
        assert max(due_months) == latest_month
