"""What people see: the bell, the reminder list, their reminder settings and their calendar feeds."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import RequestFactory
from icalendar import Calendar

from milestones.models import Milestone, Status
from reminders.models import CalendarFeed, Delivery, ReminderPreference
from reminders.tests.conftest import CURRENT_TIME, at_nine

pytestmark = pytest.mark.django_db


def render_bell(user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load reminder_tags %}{% notification_bell %}").render(Context({"request": request}))


def test_the_bell_shows_the_unread_count_with_one_query(officer, scan, django_assert_max_num_queries):
    scan(CURRENT_TIME)
    scan(at_nine(datetime.date(2023, 9, 20)))

    with django_assert_max_num_queries(1):
        html = render_bell(officer)

    assert 'href="/reminders/"' in html and '<span class="bell-count">5' in html


def test_visitors_get_no_bell_and_no_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert render_bell(AnonymousUser()).strip() == ""


def test_the_reminder_list_shows_my_reminders_and_marks_them_read(
    client, officer, colleague, scan, django_assert_max_num_queries
):
    scan(CURRENT_TIME)
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        page = client.get("/reminders/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "최종 심사위원회 개최" in text and 'href="/milestones/1/"' in text
    assert not Delivery.objects.filter(recipient__user=officer, read_at__isnull=True).exists()
    client.force_login(colleague)
    assert "최종 심사위원회 개최" not in client.get("/reminders/").content.decode()


def test_the_reminder_list_needs_a_login(client):
    response = client.get("/reminders/")
    assert response.status_code == 302 and "login" in response.url


def test_turning_off_advance_reminders_keeps_the_others(client, officer):
    client.force_login(officer)
    page = client.get("/reminders/settings/").content.decode()
    assert page.count('name="enabled_leads"') == 4

    response = client.post("/reminders/settings/", {"enabled_leads": ["1", "0"]})

    assert response.status_code == 302
    assert ReminderPreference.objects.get(staff__user=officer).skipped_lead_days == [7, 3]
    assert "cannot be turned off" in page or "해제할 수 없습니다" in page


def _feed_url(client, user, which):
    client.force_login(user)
    page = client.get("/reminders/settings/").content.decode()
    marker = 'value="http://testserver/reminders/ical/'
    urls = [part.split('"')[0] for part in page.split(marker)[1:]]
    return "/reminders/ical/" + urls[0 if which == "personal" else 1]


def test_my_calendar_feed_has_an_all_day_event_per_open_milestone_with_a_stable_uid(client, officer):
    Milestone.objects.filter(pk=4).update(status=Status.DONE)
    url = _feed_url(client, officer, "personal")
    client.logout()  # calendar programs have no session: the token is the key

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {
        "milestone-1@govtrack.example",
        "milestone-2@govtrack.example",
        "milestone-3@govtrack.example",
    }
    first = next(e for e in events if str(e["UID"]) == "milestone-1@govtrack.example")
    assert first.decoded("DTSTART") == datetime.date(2023, 9, 24)
    assert first.decoded("DTEND") == datetime.date(2023, 9, 25)
    assert "최종 심사위원회 개최" in str(first["SUMMARY"])
    assert str(first["URL"]) == "https://govtrack.example/milestones/1/"
    again = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]


def test_a_tentative_milestone_is_tentative_in_the_calendar(client, plan_2023):
    owner = Milestone.objects.get(pk=29).owner
    feed = CalendarFeed.objects.create(staff=owner)

    events = Calendar.from_ical(client.get(f"/reminders/ical/{feed.token}.ics").content).walk("VEVENT")

    event = next(e for e in events if str(e["UID"]).startswith("milestone-29@"))
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event.decoded("DTSTART") == datetime.date(2023, 11, 30)


def test_a_department_feed_shows_the_departments_milestones(client, officer):
    url = _feed_url(client, officer, "department")

    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")

    uids = {str(e["UID"]).split("@")[0] for e in events}
    assert {"milestone-1", "milestone-11", "milestone-30"} & uids == {"milestone-1", "milestone-11"}


def test_resetting_my_feed_retires_the_old_address(client, officer):
    old = _feed_url(client, officer, "personal")

    client.post("/reminders/settings/feed/reset/", {"feed": "personal"})

    new = _feed_url(client, officer, "personal")
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_only_the_department_head_resets_the_department_feed(client, officer, colleague, department_head):
    old = _feed_url(client, department_head, "department")
    for person in (officer, colleague):
        client.force_login(person)
        assert client.post("/reminders/settings/feed/reset/", {"feed": "department"}).status_code == 403
    assert client.get(old).status_code == 200

    client.force_login(department_head)
    client.post("/reminders/settings/feed/reset/", {"feed": "department"})

    assert client.get(old).status_code == 404


def test_a_login_without_a_staff_record_has_no_reminders(client):
    user = get_user_model().objects.create_user("nobody", password="persona-password-for-tests")
    client.force_login(user)

    assert client.get("/reminders/").status_code == 200
    assert client.get("/reminders/settings/").status_code == 200
    assert client.post("/reminders/settings/feed/reset/", {"feed": "personal"}).status_code == 404


def test_an_unknown_feed_token_is_not_found(client, plan_2023):
    assert client.get("/reminders/ical/not-a-token.ics").status_code == 404
