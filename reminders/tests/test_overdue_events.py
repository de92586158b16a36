"""A milestone falls overdue once per due date: the scan that decides its first overdue reminder records the event."""

import datetime

import pytest

from milestones import services
from milestones.models import Event, EventKind, Milestone
from reminders.tests.conftest import at_nine

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def milestone(plan_2023):
    """Project 1's first milestone, due Sunday 24 September 2023: its first overdue reminder is on Monday 25."""
    return Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")


def overdue_events(milestone):
    return list(
        Event.objects.filter(milestone=milestone, kind=EventKind.OVERDUE).order_by("pk").values_list("data", "actor")
    )


def test_the_first_overdue_reminder_records_the_event_once(staff_with_email, scan, milestone):
    scan(at_nine(D(2023, 9, 22)))
    assert overdue_events(milestone) == []

    scan(at_nine(D(2023, 9, 25)))
    scan(at_nine(D(2023, 9, 26)))
    scan(at_nine(D(2023, 10, 4)))  # the second weekly overdue reminder

    assert overdue_events(milestone) == [({"due_date": "2023-09-24"}, None)]


def test_a_new_due_date_can_fall_overdue_again(staff_with_email, scan, milestone, team_lead):
    scan(at_nine(D(2023, 9, 25)))
    services.milestone_record_progress(
        milestone=milestone,
        by=team_lead,
        version=milestone.version,
        status=milestone.status,
        due_date=D(2023, 10, 10),
        reason="jury postponed",
        today=D(2023, 9, 26),
    )

    scan(at_nine(D(2023, 10, 11)))

    assert [data for data, _actor in overdue_events(milestone)] == [
        {"due_date": "2023-09-24"},
        {"due_date": "2023-10-10"},
    ]


def test_listeners_hear_each_overdue_event(staff_with_email, scan, milestone):
    from milestones import events

    heard = []
    listener = events.subscribe(heard.append)
    try:
        scan(at_nine(D(2023, 9, 25)))
    finally:
        events._listeners.remove(listener)

    assert milestone.pk in {event.milestone_id for event in heard}
    assert all(event.kind == EventKind.OVERDUE and event.pk for event in heard)


def test_the_overdue_events_already_recorded_are_looked_up_in_one_query_on_postgresql(
    staff_with_email, scan, monkeypatch, django_assert_num_queries
):
    """On PostgreSQL the ids go as one array parameter; elsewhere (SQLite) in chunks of ``EVENT_CHUNK`` ids."""
    from django.db import connection

    from reminders import services as reminder_services
    from reminders.selectors import reminders_due_on

    morning = at_nine(D(2023, 10, 31))  # several milestones overdue
    plan = reminders_due_on(today=morning.date())
    falling = {r.milestone_id for r in plan.new if r.kind == "overdue"}
    assert len(falling) > 1
    scan(morning)
    monkeypatch.setattr(reminder_services, "EVENT_CHUNK", 1)

    with django_assert_num_queries(1 if connection.vendor == "postgresql" else len(falling)):
        assert reminder_services.overdue_events_record(plan=plan, now=morning) == []  # each is recorded once
    assert Event.objects.filter(kind=EventKind.OVERDUE, milestone__in=falling).count() == len(falling)
