"""The pages read generated city data, in as many queries for a small data set as for a four times larger one.

The query limits are the review pages' own (reviews/tests/test_scale.py, measured there on the 2023 plan
with bulk-added milestones); here they are held on generated data: many plans, departments and teams.
"""

import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils.html import escape

from departments.models import Staff
from milestones.models import CLOSED_STATUSES, Milestone
from plans.models import AnnualPlan
from reviews.tests.test_scale import MAX_QUERIES, count_queries
from scale.generator import MANAGER_USERNAME, REFERENCE_DATE
from scale.purge import PREFIX
from scale.tests.conftest import SMALL

pytestmark = pytest.mark.usefixtures("frozen")


def largest_plan():
    """The generated plan of the reference year with the most milestones."""
    return (
        AnnualPlan.objects.filter(code__startswith=PREFIX, year=REFERENCE_DATE.year)
        .annotate(n=Count("projects__milestones"))
        .order_by("-n", "code")
        .first()
    )


def busiest_team_lead():
    """The team lead whose team owns the most milestones of the reference year."""
    team = (
        Milestone.objects.filter(project__plan__code__startswith=PREFIX, project__plan__year=REFERENCE_DATE.year)
        .values("owner__team")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__team")
        .first()["owner__team"]
    )
    return Staff.objects.select_related("user").get(team_id=team, position=Staff.Position.TEAM_LEAD)


def manager():
    return get_user_model().objects.get(username=MANAGER_USERNAME)


def test_the_overdue_list_shows_the_largest_plans_oldest_overdue_milestone(client, generate):
    generate()
    plan = largest_plan()
    oldest = (
        Milestone.objects.filter(project__plan=plan, due_date__lt=REFERENCE_DATE)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("due_date", "project__number", "order")
        .first()
    )
    client.force_login(manager())
    response = client.get(reverse("reviews:overdue"), {"plan": plan.code})
    assert response.status_code == 200
    assert oldest.get_absolute_url() in response.content.decode()


def test_the_dashboard_and_a_project_page_show_generated_plans(client, generate):
    generate()
    plan = largest_plan()
    client.force_login(manager())
    dashboard = client.get(reverse("reviews:dashboard"), {"plan": plan.code})
    assert dashboard.status_code == 200
    project = plan.projects.annotate(n=Count("milestones")).order_by("-n").first()
    assert project.title in dashboard.content.decode()
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert page.status_code == 200
    milestone = project.milestones.order_by("order").first()
    assert milestone.get_absolute_url() in page.content.decode()
    detail = client.get(milestone.get_absolute_url())
    assert detail.status_code == 200
    assert escape(milestone.date_text) in detail.content.decode()


def test_a_team_lead_sees_the_teams_milestones_on_my_work(client, generate):
    generate()
    lead = busiest_team_lead()
    client.force_login(lead.user)
    response = client.get(reverse("my:work"))
    assert response.status_code == 200
    mine = Milestone.objects.filter(owner__team=lead.team, project__plan__year=REFERENCE_DATE.year)
    content = response.content.decode()
    for group in re.findall(r'href="/my/(\w+)/\?year=', content):  # each "show all": every page of the group
        for number in itertools.count(1):
            page = client.get(reverse("my:group", args=[group]), {"year": REFERENCE_DATE.year, "page": number})
            content += page.content.decode()
            if 'rel="next"' not in page.content.decode():
                break
    assert mine.exists()
    assert all(m.get_absolute_url() in content for m in mine.order_by("pk"))


def review_page(name):
    def visit(client):
        client.force_login(manager())
        return reverse(f"reviews:{name}"), {"plan": largest_plan().code}

    return visit


def my_work(client):
    client.force_login(busiest_team_lead().user)
    return reverse("my:work"), {}


PAGES = {"overdue": review_page("overdue"), "dashboard": review_page("dashboard"), "my_work": my_work}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_read_as_many_queries_on_a_small_and_a_four_times_larger_city(
    client, generate, page, django_assert_max_num_queries
):
    generate(milestones=SMALL // 4)
    url, params = PAGES[page](client)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        small = count_queries(client, url, params)
    generate(milestones=SMALL)
    url, params = PAGES[page](client)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        large = count_queries(client, url, params)
    assert small == large
