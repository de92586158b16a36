"""The project page: goal, contacts, budget breakdown, the milestone timeline, achievements and history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from projects import timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(plan_2023):
    return plan_2023.projects.get(number=1)


def test_the_page_shows_goal_contacts_budget_breakdown_and_achievements(client, officer, project):
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text

    assert escape(project.goal) in page
    assert "이영미" in page and "02-2133-2912" in page
    assert "637,000,000" in page and "342,000,000" in page and "295,000,000" in page
    assert "총 240건 접수" in page or "240" in page


def test_the_timeline_draws_each_milestone_on_the_months_of_the_plan_year(client, officer, project):
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text
    svg = page.split('<figure class="timeline">')[1].split("</svg>")[0]

    assert len(re.findall(r'<g class="row ', svg)) == project.milestones.count()
    assert len(re.findall(r'class="month-label"', svg)) == 12
    assert "<script" not in page and "style=" not in page


def test_a_day_falls_inside_its_month_column():
    class Stub:
        status, start_date, due_date = "planned", datetime.date(2023, 9, 24), datetime.date(2023, 9, 24)

        def is_overdue(self, today):
            return False

    drawn = timeline.build([Stub()], year=2023, today=datetime.date(2023, 9, 15))
    september = drawn.months[8]
    row = drawn.rows[0]
    assert row.shape == "point" and september.x < row.x < september.x + september.width
    assert september.x < drawn.today_x < row.x


def test_the_page_takes_a_bounded_number_of_queries(client, officer, project, django_assert_max_num_queries):
    client.force_login(officer)
    client.get(reverse("projects:detail", args=[project.pk]))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
