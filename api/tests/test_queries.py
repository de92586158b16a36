"""A page of a list costs the same queries for 10 milestones as for 1,000, whoever reads it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.conftest import token_client
from departments.models import Staff
from milestones.dates import DatePrecision
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL
from projects.models import Project

pytestmark = pytest.mark.django_db

KEY = "api-scale-"


def add_milestones(count, project):
    owners = list(Staff.objects.filter(department=project.department).order_by("pk")[:4])
    statuses = [Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED, Status.DONE]
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            key=f"{KEY}{n}",
            order=1000 + n,
            title=f"Scale milestone {n}",
            due_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n % 365),
            date_precision=DatePrecision.DAY,
            status=statuses[n % len(statuses)],
            owner=owners[n % len(owners)],
        )
        for n in range(count)
    )


def page_queries(client, url):
    """Queries of the first page and of the next one (through its cursor), and the rows of the first."""
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    counts = [len(first)]
    if body["next"]:
        with CaptureQueriesContext(connection) as second:
            assert client.get(body["next"]).status_code == 200
        counts.append(len(second))
    return counts, len(body["results"])


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_a_page_of_milestones_costs_the_same_for_10_or_1000(persona, request, plan_2023):
    user = request.getfixturevalue(persona)
    client = token_client(user)
    project = Project.objects.get(plan=plan_2023, number=1)
    url = f"/api/v1/milestones/?project={project.pk}&status=planned&status=in_progress&status=delayed&page_size=50"
    client.get("/api/v1/plans/")  # the token's first use is recorded once; later uses within a minute are not

    add_milestones(10, project)
    few, rows_few = page_queries(client, url)
    Milestone.objects.filter(key__startswith=KEY).delete()
    add_milestones(1000, project)
    many, rows_many = page_queries(client, url)

    assert rows_few < 50 == rows_many
    assert few[0] == many[0] == many[1] <= 6, (few, many)


def test_an_overdue_list_as_of_a_date_costs_the_same_for_10_or_1000(officer, plan_2023):
    client = token_client(officer)
    project = Project.objects.get(plan=plan_2023, number=1)
    url = f"/api/v1/milestones/?department={project.department_id}&overdue=true&as_of=2023-12-31&page_size=50"
    client.get("/api/v1/plans/")

    few, _rows = page_queries(client, url)
    add_milestones(1000, project)
    Milestone.history.bulk_history_create(
        list(Milestone.objects.filter(key__startswith=KEY)),
        default_user=officer,
        default_date=datetime.datetime(2023, 6, 1, 9, tzinfo=SEOUL),
    )
    many, rows = page_queries(client, url)

    assert rows == 50 and few[0] == many[0] == many[1], (few, many)
