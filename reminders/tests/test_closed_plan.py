"""A closed plan reminds nobody, on any day, and its reminders leave the bell."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.services import plan_close, plan_reopen
from reminders.models import Delivery
from reminders.selectors import feed_milestones, reminders_due_on, unread_notification_count
from reminders.services import calendar_feed_get_or_create
from reminders.tests.conftest import CURRENT_TIME, at_nine

pytestmark = pytest.mark.django_db

#: The reminder service is run on every day of this range: the 2023 plan's autumn and the year after.
FIRST_DAY = datetime.date(2023, 8, 1)
LAST_DAY = datetime.date(2024, 3, 31)


@pytest.fixture
def administrator(plan_2023):
    return get_user_model().objects.create_superuser("root", password="administrator-password-1")


def test_a_closed_plan_gives_no_reminder_and_no_escalation_on_any_day(plan_2023, administrator, scan):
    assert reminders_due_on(today=CURRENT_TIME.date()).reminders  # the open plan is due reminders that day
    plan_close(plan=plan_2023, by=administrator, now=timezone.now())

    day = FIRST_DAY
    while day <= LAST_DAY:
        assert not reminders_due_on(today=day).reminders, day
        scan(at_nine(day))
        day += datetime.timedelta(days=1)

    assert not Delivery.objects.exists()


def test_reopening_a_plan_lets_the_next_run_remind_again(plan_2023, administrator, scan):
    plan_close(plan=plan_2023, by=administrator, now=timezone.now())
    scan(CURRENT_TIME)
    plan_reopen(plan=plan_2023, by=administrator)

    scan(CURRENT_TIME)

    assert Delivery.objects.exists()


def test_closing_a_plan_takes_its_reminders_out_of_the_bell_and_the_feeds(
    plan_2023, officer, administrator, scan, django_assert_num_queries
):
    scan(CURRENT_TIME)
    assert unread_notification_count(officer) > 0
    feed = calendar_feed_get_or_create(staff=officer.staff)
    assert feed_milestones(feed).exists()

    plan_close(plan=plan_2023, by=administrator, now=timezone.now())

    with django_assert_num_queries(1):
        assert unread_notification_count(officer) == 0
    assert not feed_milestones(feed).exists()
