"""The query parameters the outside test found answering 500: each now answers 400 naming the parameter."""

import pytest
from django.test import Client
from django.urls import reverse

from common.query import MAX_PER_PAGE

pytestmark = pytest.mark.usefixtures("frozen")

HUGE = "99999999999999999999"


@pytest.fixture
def as_head(department_head):
    client = Client(raise_request_exception=False)
    client.force_login(department_head)
    return client


@pytest.mark.parametrize(
    "url, query, named",
    [
        ("/my/", {"year": "-1"}, "year"),
        ("/my/", {"year": HUGE}, "year"),
        ("/milestones/overdue/", {"days_from": "3000000"}, "days_from"),
        ("/milestones/overdue/", {"days_to": "3000000"}, "days_to"),
        ("/milestones/overdue/export.csv", {"days_from": "3000000"}, "days_from"),
        ("/milestones/overdue/export.xlsx", {"days_to": HUGE}, "days_to"),
        ("/milestones/overdue/", {"on": "0001-01-01", "days_from": "1"}, "on"),
        ("/milestones/overdue/", {"page": HUGE}, "page"),
        ("/milestones/overdue/", {"per_page": "-5"}, "per_page"),
        ("/milestones/overdue/", {"per_page": HUGE}, "per_page"),
        ("/milestones/overdue/", {"per_page": str(MAX_PER_PAGE + 1)}, "per_page"),
        ("/dashboard/", {"on": "9999-12-31"}, "on"),
    ],
)
def test_out_of_range_query_parameters_answer_400_naming_them(as_head, url, query, named):
    response = as_head.get(url, query)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_per_page_up_to_its_maximum_is_accepted(as_head):
    assert as_head.get("/milestones/overdue/", {"per_page": str(MAX_PER_PAGE)}).status_code == 200


@pytest.mark.parametrize("year", ["99999", HUGE, "9999", "0", "1"])
def test_admin_date_hierarchy_years_out_of_range_answer_400(year, plan_2023):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_superuser("root", password="administrator-password-1"))
    for url in ("admin:milestones_milestone_changelist", "admin:workdays_closureday_changelist"):
        field = "due_date" if "milestone" in url else "date"
        response = client.get(reverse(url), {f"{field}__year": year, f"{field}__month": "12"})
        assert response.status_code == 400, url
        assert f"{field}__year" in response.content.decode()
