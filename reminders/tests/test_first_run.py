"""``send_reminders --at-start``, the run ``make run`` makes when the site starts: the bell has what is due
from the first page, whatever the hour or the day."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from milestones.schedule import SEOUL
from reminders.models import Delivery

pytestmark = pytest.mark.django_db

KIM = "digital-policy:김연숙"


def start_at(now, capture):
    out = io.StringIO()
    with time_machine.travel(now, tick=False), capture(execute=True):
        call_command("send_reminders", "--at-start", stdout=out)
    return out.getvalue()


def test_at_start_in_working_hours_it_sends_what_is_due_now(plan_2023, django_capture_on_commit_callbacks):
    out = start_at(datetime.datetime(2023, 9, 15, 11, 30, tzinfo=SEOUL), django_capture_on_commit_callbacks)

    assert "Reminders sent for 2023-09-15 (Fri)" in out
    assert set(Delivery.objects.values_list("remind_on", flat=True)) == {datetime.date(2023, 9, 15)}
    assert Delivery.objects.filter(recipient__code=KIM).count() == 3


def test_at_start_early_on_a_sunday_it_sends_what_was_due_on_the_last_working_day(
    plan_2023, django_capture_on_commit_callbacks
):
    out = start_at(datetime.datetime(2023, 9, 17, 7, 0, tzinfo=SEOUL), django_capture_on_commit_callbacks)

    assert "Reminders sent for 2023-09-15 (Fri)" in out
    assert Delivery.objects.filter(recipient__code=KIM).exists()


def test_at_start_before_the_hour_on_a_monday_it_takes_the_friday_before(
    plan_2023, django_capture_on_commit_callbacks
):
    out = start_at(datetime.datetime(2023, 9, 18, 8, 0, tzinfo=SEOUL), django_capture_on_commit_callbacks)

    assert "Reminders sent for 2023-09-15 (Fri)" in out


def test_a_second_start_sends_nothing_again(plan_2023, django_capture_on_commit_callbacks):
    now = datetime.datetime(2023, 9, 15, 11, 30, tzinfo=SEOUL)
    start_at(now, django_capture_on_commit_callbacks)
    count = Delivery.objects.count()

    out = start_at(now + datetime.timedelta(minutes=5), django_capture_on_commit_callbacks)

    assert Delivery.objects.count() == count and "\n0 new e-mails." in out
