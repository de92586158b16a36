"""The admin: reminder rules as one form, and every e-mail with its state, attempts and error."""

import datetime

import pytest

from reminders.models import Digest, ReminderSettings
from reminders.tests.conftest import at_nine

pytestmark = pytest.mark.django_db


def test_the_reminder_rules_are_one_form_with_the_defaults(admin_client):
    page = admin_client.get("/admin/reminders/remindersettings/")

    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="7, 3, 1, 0"' in text and 'name="team_lead_after"' in text


def test_an_administrator_changes_the_rules_and_bad_lead_times_are_refused(admin_client):
    settings = ReminderSettings.load()
    form = {
        "lead_days": "5, 1",
        "day_count": "calendar",
        "overdue_every_days": "7",
        "team_lead_after": "2",
        "department_head_after": "5",
        "send_from": "08:30",
    }
    assert admin_client.post(f"/admin/reminders/remindersettings/{settings.pk}/change/", form).status_code == 302
    settings.refresh_from_db()
    assert settings.leads == (5, 1) and settings.day_count == "calendar"

    refused = admin_client.post(
        f"/admin/reminders/remindersettings/{settings.pk}/change/", form | {"lead_days": "7, soon"}
    )
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()


def test_the_email_list_shows_status_attempts_and_errors_in_few_queries(
    admin_client, staff_with_email, scan, django_assert_max_num_queries
):
    for day in (datetime.date(2023, 9, 27), datetime.date(2023, 10, 4)):
        scan(at_nine(day))
    Digest.objects.filter(pk=Digest.objects.first().pk).update(
        status=Digest.Status.FAILED, attempts=3, last_error="SMTPServerDisconnected: gone"
    )

    with django_assert_max_num_queries(20):  # a constant: the admin frame, the page, no query per row
        page = admin_client.get("/admin/reminders/digest/")

    text = page.content.decode()
    assert page.status_code == 200 and "SMTPServerDisconnected: gone" in text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reminders/delivery/",
        "/admin/reminders/calendarfeed/",
        "/admin/reminders/reminderpreference/",
        "/admin/workdays/closureday/",
    ],
)
def test_the_other_reminder_lists_open(admin_client, staff_with_email, scan, url):
    scan(at_nine(datetime.date(2023, 10, 4)))
    assert admin_client.get(url).status_code == 200
