"""The overdue list and the dashboard as they stood on an earlier date, read from the history.

The 2023 plan's load is dated 2023-09-01 here; then, one change at a time:
09-10 project 2 key 1 in progress at 20 %; 09-27 project 1 key 1 done; 10-05 project 1 key 2 moved to
10-20 and delayed; 10-15 project 4 key 1 deleted; 10-25 project 1 key 2 done; 11-10 project 5 key 1
cancelled.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.schedule import SEOUL, end_of_day
from reviews.selectors import milestones_as_of

from .test_overdue import pk, pks

pytestmark = pytest.mark.usefixtures("frozen")

URL = reverse("reviews:overdue")
LOADED_AT = datetime.datetime(2023, 9, 1, 10, 0, tzinfo=SEOUL)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SEOUL)


def change(number, key, when, **fields):
    with time_machine.travel(when, tick=False):
        milestone = Milestone.objects.get(pk=pk(number, key))
        for name, value in fields.items():
            setattr(milestone, name, value)
        milestone._change_reason = "progress"
        milestone.save()


@pytest.fixture
def history(plan_2023):
    Milestone.history.filter(project__plan=plan_2023).update(history_date=LOADED_AT)
    change(2, "1", at(datetime.date(2023, 9, 10)), status=Status.IN_PROGRESS, percent_complete=20)
    change(1, "1", at(datetime.date(2023, 9, 27)), status=Status.DONE, percent_complete=100)
    change(1, "2", at(datetime.date(2023, 10, 5)), status=Status.DELAYED, due_date=datetime.date(2023, 10, 20))
    with time_machine.travel(at(datetime.date(2023, 10, 15)), tick=False):
        Milestone.objects.get(pk=pk(4, "1")).delete()
    change(1, "2", at(datetime.date(2023, 10, 25)), status=Status.DONE, percent_complete=100)
    change(5, "1", at(datetime.date(2023, 11, 10)), status=Status.CANCELLED)
    return plan_2023


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def overdue_on(client, day, **params):
    response = client.get(URL, {"on": day, **params})
    assert response.status_code == 200
    return {row.record.id: row for row in response.context["table"].paginated_rows}, response


def row_html(response, milestone_pk):
    """The HTML of the list's row of a milestone."""
    return next(row for row in response.content.decode().split("<tr>") if f'id="milestone-{milestone_pk}"' in row)


def test_the_list_as_of_october_1st(as_manager, history):
    rows, response = overdue_on(as_manager, "2023-10-01")
    september_30 = [(2, "2.1.1"), (2, "2.1.2"), (2, "2.2"), (2, "2.2.1"), (5, "1")]
    assert set(rows) == pks([(1, "2"), (1, "3"), *september_30])
    assert 'class="badge"' in response.content.decode()  # "from the history: the list as it stood that day"
    assert response.context["table"].on == datetime.date(2023, 10, 1)
    assert re.search(r'class="num overdue"[^>]*>6</td>', row_html(response, pk(1, "2")))


def test_a_moved_due_date_counts_from_the_day_it_was_moved(as_manager, history):
    rows, _ = overdue_on(as_manager, "2023-10-10")
    assert pk(1, "2") not in rows
    assert pk(1, "3") in rows
    rows, _ = overdue_on(as_manager, "2023-10-04")
    assert pk(1, "2") in rows


def test_the_list_as_of_october_31st(as_manager, history):
    rows, _ = overdue_on(as_manager, "2023-10-31")
    expected = [(1, "3"), (2, "2.1.1"), (2, "2.1.2"), (2, "2.2"), (2, "2.2.1"), (2, "1.1.1"), (2, "1.1.1.1"), (5, "1")]
    assert set(rows) == pks(expected)


def test_deleted_milestones_leave_the_list_from_the_day_they_were_deleted(as_manager, history):
    deleted_id = Milestone.history.get(history_type="-").id
    rows, _ = overdue_on(as_manager, "2023-11-05")
    assert deleted_id not in rows
    assert pk(4, "2") in rows


def test_a_department_head_sees_their_department_as_it_stood(client, head, history):
    client.force_login(head)
    rows, _ = overdue_on(client, "2023-11-05")
    assert set(rows) == {pk(4, "2")}


@pytest.mark.parametrize("day", ["2023-09-26", "2023-10-01", "2023-10-06", "2023-10-20", "2023-11-01", "2023-11-12"])
def test_as_of_rows_match_the_records_of_django_simple_history(history, day):
    on = datetime.date.fromisoformat(day)
    ours = {(row.id, row.status, row.due_date) for row in milestones_as_of(on=on).filter(project__plan=history)}
    theirs = {
        (m.id, m.status, m.due_date) for m in Milestone.history.as_of(end_of_day(on)).filter(project__plan=history)
    }
    assert ours == theirs
    assert len(ours) == 40 - (1 if on >= datetime.date(2023, 10, 15) else 0)


def test_before_the_load_the_plan_stands_as_loaded_from_its_reference_date(history):
    assert milestones_as_of(on=datetime.date(2023, 8, 20)).filter(project__plan=history).count() == 40
    assert milestones_as_of(on=datetime.date(2023, 8, 15)).filter(project__plan=history).count() == 0


def test_a_milestone_created_in_the_application_does_not_stand_before_it_was_created(history):
    project = Milestone.objects.get(pk=pk(1, "3")).project
    with time_machine.travel(at(datetime.date(2023, 10, 2)), tick=False):
        Milestone.objects.create(project=project, key="9", order=9, title="new", date_precision="day")
    keys = set(milestones_as_of(on=datetime.date(2023, 8, 20)).filter(project=project).values_list("key", flat=True))
    assert "9" not in keys
    keys = set(milestones_as_of(on=datetime.date(2023, 10, 2)).filter(project=project).values_list("key", flat=True))
    assert "9" in keys


def test_the_report_date_shows_the_reports_own_picture(as_manager, history):
    rows, _ = overdue_on(as_manager, "2023-08-16")
    assert rows == {}
    response = as_manager.get(reverse("reviews:dashboard"), {"on": "2023-08-16"})
    board = response.context["board"]
    assert [row.judgement.milestone_count for row in board.projects] == [4, 18, 3, 4, 3, 2, 1, 3, 2]
    statuses = {row.project.number: row.judgement.status for row in board.projects}
    assert statuses == {**dict.fromkeys(range(1, 10), "on_track"), 3: "at_risk"}


def test_status_over_time_matches_the_dashboard_as_of_each_month_end(as_manager, history):
    url = reverse("reviews:dashboard")
    timeline = {row.project.number: dict(row.timeline) for row in as_manager.get(url).context["board"].projects}

    def figures(judgement):
        return (
            judgement.status,
            judgement.milestone_count,
            judgement.overdue_count,
            judgement.oldest_overdue_days,
            judgement.delayed_count,
            judgement.completion,
            judgement.progress_lag,
        )

    for day in (datetime.date(2023, 8, 31), datetime.date(2023, 9, 30), datetime.date(2023, 10, 31)):
        board = as_manager.get(url, {"on": day.isoformat()}).context["board"]
        then = {row.project.number: figures(row.judgement) for row in board.projects}
        assert {number: figures(cells[day]) for number, cells in timeline.items()} == then
    assert timeline[2][datetime.date(2023, 9, 30)].progress_lag is not None  # key 1 under way at 20 %
    assert timeline[4][datetime.date(2023, 10, 31)].milestone_count == 3  # key 1 deleted on 10-15


def test_the_list_works_out_once_which_rows_stood_and_filters_them_as_before(as_manager, history):
    on = datetime.date(2023, 10, 31)
    project = Milestone.objects.get(pk=pk(2, "1")).project
    with CaptureQueriesContext(connection) as queries:
        rows, response = overdue_on(as_manager, on.isoformat(), project=project.pk)
    history_reads = [q["sql"] for q in queries if "historicalmilestone" in q["sql"]]
    assert sum("EXISTS" in sql for sql in history_reads) == 1, "one query finds the rows that stood"
    assert len(history_reads) == 4  # those rows; then the page, the sums per department, the filter choices
    stood = milestones_as_of(on=on).filter(project=project, due_date__lt=on).exclude(status__in=CLOSED_STATUSES)
    assert rows and set(rows) == {row.id for row in stood}
    assert sum(row.count for row in response.context["summary"]) == len(rows)
