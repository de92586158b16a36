"""The review pages read a fixed number of queries whatever the number of milestones."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from departments.models import Staff
from milestones.models import Milestone, Status
from projects.models import Project

pytestmark = pytest.mark.usefixtures("frozen")

#: Queries of each page whatever the number of rows, with two to spare: session, user, role, the site's
#: header (name, unread reminders), the plans to choose from, the choices of the filters (one query) and the
#: page's own reads.
MAX_QUERIES = {
    "overdue": 12,
    "overdue_as_of": 12,
    "overdue_export": 8,
    "dashboard": 18,
    "dashboard_as_of": 18,
    "my_work": 13,
}


def add_milestones(plan, count):
    """``count`` milestones spread over the plan's projects, owned by their officers; every third overdue."""
    projects = list(Project.objects.filter(plan=plan).order_by("number"))
    owners = {s.department_id: s for s in Staff.objects.filter(position=Staff.Position.OFFICER)}
    statuses = [Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED, Status.DONE]
    start = datetime.date(2023, 9, 1)
    milestones = []
    for i in range(count):
        project = projects[i % len(projects)]
        due = start + datetime.timedelta(days=i % 120)
        milestones.append(
            Milestone(
                project=project,
                key=f"bulk-{i}",
                order=1000 + i,
                title=f"bulk milestone {i}",
                date_precision="day",
                start_date=start,
                due_date=due,
                status=statuses[i % len(statuses)],
                percent_complete=(i * 7) % 100,
                owner=owners.get(project.department_id),
            )
        )
    bulk_create_with_history(milestones, Milestone, batch_size=500)


PAGES = {
    "overdue": (reverse("reviews:overdue"), {}),
    "overdue_as_of": (reverse("reviews:overdue"), {"on": "2023-11-01"}),
    "overdue_export": (reverse("reviews:overdue_export", kwargs={"fmt": "xlsx"}), {}),
    "dashboard": (reverse("reviews:dashboard"), {}),
    "dashboard_as_of": (reverse("reviews:dashboard"), {"on": "2023-11-01"}),
}


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_read_as_many_queries_for_10_as_for_1000_milestones(
    client, manager, plan_2023, page, django_assert_max_num_queries
):
    client.force_login(manager)
    url, params = PAGES[page]
    add_milestones(plan_2023, 10)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        few = count_queries(client, url, params)
    add_milestones_more(plan_2023, 990)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        many = count_queries(client, url, params)
    assert few == many


def add_milestones_more(plan, count):
    Milestone.objects.filter(key__startswith="bulk-").delete()
    add_milestones(plan, 10 + count)


def test_my_work_reads_as_many_queries_for_10_as_for_1000_milestones(
    client, officer, plan_2023, django_assert_max_num_queries
):
    client.force_login(officer)
    url = reverse("my:work")
    add_milestones(plan_2023, 10)
    with django_assert_max_num_queries(MAX_QUERIES["my_work"]):
        few = count_queries(client, url, {})
    add_milestones_more(plan_2023, 990)
    with django_assert_max_num_queries(MAX_QUERIES["my_work"]):
        many = count_queries(client, url, {})
    assert few == many


@pytest.mark.parametrize("page", ["overdue", "dashboard"])
def test_the_plan_asked_for_is_looked_up_once(client, manager, plan_2023, page):
    client.force_login(manager)
    url, _ = PAGES[page]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"plan": plan_2023.code})
    assert response.status_code == 200 and response.context["plan"] == plan_2023
    by_code = [q["sql"] for q in queries if 'FROM "plans_annualplan" WHERE "plans_annualplan"."code" =' in q["sql"]]
    assert len(by_code) == 1
    assert client.get(url, {"plan": "no-such-plan"}).status_code == 400
