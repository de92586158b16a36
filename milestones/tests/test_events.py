"""The record of events: every change through the services writes one event, in its transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from milestones import events, services
from milestones.models import Comment, Event, EventKind, Status
from milestones.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def record(milestone, user, **kwargs):
    kwargs.setdefault("status", milestone.status)
    return services.milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, today=TODAY, **kwargs
    )


def test_a_status_change_writes_one_event_with_who_from_and_to(officer, milestone):
    record(milestone, officer, status=Status.DONE, completed_on=TODAY)

    event = Event.objects.get(milestone=milestone)
    assert (event.kind, event.actor, event.data["from"], event.data["to"]) == (
        EventKind.DONE,
        officer,
        Status.PLANNED,
        Status.DONE,
    )


def test_a_moved_due_date_is_an_event_of_its_own_kind_with_both_dates(team_lead, milestone):
    record(milestone, team_lead, due_date=datetime.date(2023, 10, 15), reason="venue")

    event = Event.objects.get(milestone=milestone)
    assert event.kind == EventKind.DUE_DATE_CHANGED
    assert event.data["due_date"] == {"from": "2023-09-24", "to": "2023-10-15"}
    assert event.data["reason"] == "venue"


def test_a_refused_change_writes_no_event(officer, milestone):
    with pytest.raises(ValidationError):
        record(milestone, officer, status=Status.DELAYED, reason="no date")
    assert not Event.objects.filter(milestone=milestone).exists()


def test_comments_and_update_requests_are_events_linked_to_their_comment(officer, manager, milestone):
    comment = services.milestone_comment(milestone=milestone, by=manager, text="Status?", kind=Comment.Kind.REQUEST)
    services.milestone_comment(milestone=milestone, by=officer, text="On it")

    kinds = list(Event.objects.filter(milestone=milestone).order_by("pk").values_list("kind", "comment_id"))
    assert kinds == [(EventKind.UPDATE_REQUESTED, comment.pk), (EventKind.COMMENTED, comment.pk + 1)]


def test_a_reassignment_records_the_old_and_new_owner(team_lead, milestone):
    from departments.models import Staff

    new_owner = Staff.objects.get(code="digital-policy:여언영")
    services.milestone_edit(milestone=milestone, by=team_lead, version=milestone.version, changes={"owner": new_owner})

    event = Event.objects.get(milestone=milestone)
    assert event.kind == EventKind.ASSIGNED
    assert event.data["fields"]["owner"]["to"] == {"id": new_owner.pk, "name": str(new_owner)}


def test_listeners_run_in_the_transaction_and_are_lost_with_it(officer, milestone):
    seen = []
    listener = events.subscribe(seen.append)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            record(milestone, officer, status=Status.IN_PROGRESS)
            assert [event.kind for event in seen] == [EventKind.STARTED]
            raise RuntimeError("rolled back")
    finally:
        events._listeners.remove(listener)
    assert not Event.objects.filter(milestone=milestone).exists()


def test_events_recorded_together_reach_every_listener_in_its_own_form(plan_2023, milestone, other_milestone):
    one_by_one, together = [], []

    def listener(event):
        one_by_one.append(event.pk)

    def bulk_listener(event):
        raise AssertionError("called with one event although it takes many")

    events.subscribe(listener)
    events.subscribe(bulk_listener, many=lambda recorded: together.append([e.pk for e in recorded]))
    try:
        with transaction.atomic():
            recorded = events.events_record_many(
                kind=EventKind.OVERDUE,
                milestone_ids=[milestone.pk, other_milestone.pk],
                data={milestone.pk: {"due_date": datetime.date(2023, 9, 24)}},
                now=datetime.datetime(2023, 9, 25, tzinfo=datetime.UTC),
            )
    finally:
        events._listeners.remove(listener)
        events._listeners.remove(bulk_listener)
        events._many.pop(bulk_listener)

    ids = [event.pk for event in recorded]
    assert one_by_one == ids and together == [ids]
    assert Event.objects.get(milestone=milestone).data == {"due_date": "2023-09-24"}
    assert Event.objects.get(milestone=other_milestone).data == {}


def test_a_listener_reads_the_milestones_of_events_recorded_together_without_a_query_each(plan_2023):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from milestones.models import Milestone

    titles = []

    def listener(event):
        titles.append((event.milestone.title, event.milestone.project.number))

    def record(ids):
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            events.events_record_many(
                kind=EventKind.OVERDUE,
                milestone_ids=ids,
                data={},
                now=datetime.datetime(2023, 9, 25, tzinfo=datetime.UTC),
            )
        return len(queries)

    ids = list(Milestone.objects.filter(project__plan=plan_2023).order_by("pk").values_list("pk", flat=True)[:12])
    events.subscribe(listener)
    try:
        one, twelve = record(ids[:1]), record(ids)
    finally:
        events._listeners.remove(listener)

    assert one == twelve and len(titles) == 13
