"""E-mails and calendar feeds show a date with its precision in words, never a bare "(월)" or "(일)"."""

import pytest
from django.utils import translation
from icalendar import Calendar

from milestones.models import Milestone
from reminders.emails import when_text
from reminders.models import CalendarFeed

pytestmark = pytest.mark.django_db


def test_a_reminder_gives_the_month_in_words_then_the_date_as_written(plan_2023):
    tentative_month = Milestone.objects.get(project__plan=plan_2023, project__number=4, key="4")

    with translation.override("ko"):
        assert when_text(tentative_month) == "2023년 11월 중 ('23. 11.(예정))"
    with translation.override("en"):
        assert when_text(tentative_month) == "during November 2023 ('23. 11.(예정))"


def test_a_calendar_event_describes_its_date_in_words(client, plan_2023):
    month = Milestone.objects.get(project__plan=plan_2023, project__number=2, key="2.1.1")
    feed = CalendarFeed.objects.create(staff=month.owner)

    events = Calendar.from_ical(client.get(f"/reminders/ical/{feed.token}.ics").content).walk("VEVENT")

    event = next(e for e in events if str(e["UID"]).startswith(f"milestone-{month.pk}@"))
    assert "2023년 9월 중 (9월)" in str(event["DESCRIPTION"])
    assert all("(월)" not in str(e["DESCRIPTION"]) and "(일)" not in str(e["DESCRIPTION"]) for e in events)


def test_the_reminder_list_gives_due_dates_in_words(client, officer, scan):
    from reminders.tests.conftest import CURRENT_TIME

    scan(CURRENT_TIME)
    client.force_login(officer)

    page = client.get("/reminders/").text

    assert "<td>2023-09-24</td>" in page


def test_a_request_for_an_update_gives_the_month_in_words(plan_2023, manager):
    from milestones.models import Comment
    from reviews.services import update_request_email

    month = Milestone.objects.select_related("owner", "project").get(
        project__plan=plan_2023, project__number=2, key="2.1.1"
    )
    month.owner.email = "owner@seoul.go.kr"
    month.owner.save()
    comment = Comment.objects.create(milestone=month, author=manager, kind=Comment.Kind.REQUEST, text="진행 상황?")

    body = update_request_email(comment=comment).body

    assert "2023년 9월 중" in body and "during September 2023" in body
