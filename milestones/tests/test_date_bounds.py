"""Dates a person enters lie near the plan year; pages and feeds stay up at the ends of the date range."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from milestones.models import Milestone
from milestones.tests.conftest import TODAY
from reminders.services import calendar_feed_get_or_create

pytestmark = pytest.mark.django_db


def progress(client, milestone, **data):
    milestone.refresh_from_db()
    return client.post(
        reverse("milestones:update", args=[milestone.pk]),
        {"version": milestone.version, "status": milestone.status, "percent_complete": 10, **data},
    )


def test_a_far_future_due_date_or_a_far_past_done_date_is_refused_with_a_clear_message(
    client, officer, frozen, milestone
):
    client.force_login(officer)
    far = progress(client, milestone, due_date="9999-12-31", reason="moved")
    assert far.status_code == 400
    assert "2013-01-01" in far.text and "2033-12-31" in far.text, "the window, in the person's language"
    done = progress(client, milestone, status="done", completed_on="0001-01-01")
    assert done.status_code == 400 and "2013-01-01" in done.text
    milestone.refresh_from_db()
    assert milestone.due_date == datetime.date(2023, 9, 24) and milestone.completed_on is None
    assert progress(client, milestone, due_date="2033-12-31", reason="moved").status_code == 302


@pytest.mark.parametrize("far", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1)])
def test_pages_and_calendar_feeds_answer_for_dates_at_the_ends_of_the_range(department_head, frozen, far):
    milestone = Milestone.objects.filter(project__department__code="digital-policy", due_date__isnull=False).first()
    Milestone.objects.filter(pk=milestone.pk).update(due_date=far, start_date=None, baseline_due_date=far)
    client = Client(raise_request_exception=False)
    client.force_login(department_head)
    owner_feed = calendar_feed_get_or_create(staff=milestone.owner)
    department_feed = calendar_feed_get_or_create(department=milestone.project.department)
    urls = [
        reverse("reminders:ical", args=[owner_feed.token]),
        reverse("reminders:ical", args=[department_feed.token]),
        reverse("reviews:dashboard"),
        reverse("reviews:overdue"),
        reverse("reviews:overdue_export", kwargs={"fmt": "xlsx"}),
        reverse("reviews:overdue_export", kwargs={"fmt": "csv"}),
        reverse("my:work") + "?year=2023",
        reverse("projects:detail", args=[milestone.project_id]),
        reverse("milestones:detail", args=[milestone.pk]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
    feed = client.get(urls[1]).content.decode()
    assert f"DTSTART;VALUE=DATE:{far.isoformat().replace('-', '')}" in feed


def test_a_proposed_due_date_far_from_the_plan_year_is_refused(officer, frozen, milestone):
    from django.core.exceptions import ValidationError

    from milestones.proposals import date_proposal_create

    with pytest.raises(ValidationError, match="2033-12-31"):
        date_proposal_create(
            milestone=milestone, by=officer, due_date=datetime.date(9999, 12, 31), reason="moved", today=TODAY
        )
