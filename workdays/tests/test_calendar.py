import datetime

import pytest

from workdays.calendar import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    last_working_day_of_month,
    next_working_day,
    public_holiday_name,
    working_days_between,
)
from workdays.models import ClosureDay

D = datetime.date


@pytest.mark.parametrize(
    "day",
    [D(2023, 9, 28), D(2023, 9, 29), D(2023, 9, 30), D(2023, 10, 2), D(2023, 10, 3), D(2023, 10, 9)],
)
def test_autumn_2023_public_holidays_are_closed(day):
    assert public_holiday_name(day)
    assert not WorkCalendar().is_working_day(day)


def test_the_temporary_holiday_of_2_october_2023_is_known():
    assert public_holiday_name(D(2023, 10, 2)) == "임시공휴일"


def test_weekends_are_closed_and_ordinary_weekdays_open():
    calendar = WorkCalendar()
    assert not calendar.is_working_day(D(2023, 9, 16))  # Saturday
    assert not calendar.is_working_day(D(2023, 9, 17))  # Sunday
    assert calendar.is_working_day(D(2023, 9, 15))
    assert calendar.is_working_day(D(2023, 10, 4))


def test_the_next_working_day_after_chuseok_skips_the_whole_closure():
    calendar = WorkCalendar()
    assert calendar.next_working_day(D(2023, 9, 27)) == D(2023, 10, 4)
    assert calendar.next_working_day(D(2023, 10, 6)) == D(2023, 10, 10)


def test_adding_working_days_counts_across_holidays_both_ways():
    calendar = WorkCalendar()
    assert calendar.add_working_days(D(2023, 9, 27), 1) == D(2023, 10, 4)
    assert calendar.add_working_days(D(2023, 10, 4), -1) == D(2023, 9, 27)
    assert calendar.add_working_days(D(2023, 9, 26), -7) == D(2023, 9, 15)
    assert calendar.add_working_days(D(2023, 9, 24), 0) == D(2023, 9, 24)


def test_working_days_between_counts_the_days_after_start_up_to_end():
    calendar = WorkCalendar()
    assert calendar.working_days_between(D(2023, 9, 27), D(2023, 10, 4)) == 1
    assert calendar.working_days_between(D(2023, 9, 27), D(2023, 10, 13)) == 7
    assert calendar.working_days_between(D(2023, 10, 13), D(2023, 9, 27)) == -7
    assert calendar.working_days_between(D(2023, 9, 15), D(2023, 9, 15)) == 0


def test_the_last_working_day_of_september_2023_is_before_chuseok():
    assert WorkCalendar().last_working_day_of_month(2023, 9) == D(2023, 9, 27)
    assert WorkCalendar().last_working_day_of_month(2023, 12) == D(2023, 12, 29)


@pytest.mark.django_db
def test_a_closure_day_added_by_an_administrator_is_not_a_working_day():
    day = D(2023, 9, 27)
    assert is_working_day(day)
    ClosureDay.objects.create(date=day, name="개청 기념일")
    assert not is_working_day(day)
    assert next_working_day(D(2023, 9, 26)) == D(2023, 10, 4)
    assert add_working_days(D(2023, 9, 26), 1) == D(2023, 10, 4)
    assert working_days_between(D(2023, 9, 25), D(2023, 10, 4)) == 2
    assert last_working_day_of_month(2023, 9) == D(2023, 9, 26)


def test_counting_and_stepping_agree_with_walking_day_by_day_across_years():
    """The calendar answers from an index of working days; walking the days one by one gives the same."""
    calendar = WorkCalendar([D(2021, 5, 3), D(2023, 9, 27)])

    def walk(day, count):
        step = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day += datetime.timedelta(days=step)
            while not calendar.is_working_day(day):
                day += datetime.timedelta(days=step)
        return day

    start = D(2019, 1, 1)
    for offset in range(0, 6 * 365, 37):
        day = start + datetime.timedelta(days=offset)
        for count in (-60, -7, -1, 1, 3, 60):
            assert calendar.add_working_days(day, count) == walk(day, count), (day, count)
        end = day + datetime.timedelta(days=offset % 700)
        walked = sum(1 for n in range(1, (end - day).days + 1) if calendar.is_working_day(day + datetime.timedelta(n)))
        assert calendar.working_days_between(day, end) == walked
        assert calendar.working_days_between(end, day) == -walked


def test_a_closure_longer_than_any_run_of_holidays_is_refused_when_stepped_over():
    closed = [D(2023, 1, 2) + datetime.timedelta(days=n) for n in range(90)]
    calendar = WorkCalendar(closed)
    with pytest.raises(ValueError):
        calendar.next_working_day(D(2023, 1, 1))
    assert calendar.next_working_day(D(2022, 12, 1)) == D(2022, 12, 2)


def test_stepping_back_from_the_first_years_of_the_calendar_fails_instead_of_wrapping_round():
    with pytest.raises(OverflowError):
        WorkCalendar().add_working_days(datetime.date(1, 1, 5), -10)
