"""Closing a year's plan: recorded with who and when, read-only everywhere, out of /my/, still in the reviews."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from milestones import services, workflow
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL
from plans.models import AnnualPlan
from plans.services import plan_close, plan_reopen

pytestmark = pytest.mark.django_db

#: Late November 2023: project 1's September milestones are overdue.
CURRENT_TIME = datetime.datetime(2023, 11, 22, 10, 0, tzinfo=SEOUL)
TODAY = CURRENT_TIME.date()


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield


@pytest.fixture
def administrator(plan_2023):
    return get_user_model().objects.create_superuser("root", password="administrator-password-1")


@pytest.fixture
def closed(plan_2023, administrator, frozen):
    return plan_close(plan=plan_2023, by=administrator, now=timezone.now())


@pytest.fixture
def milestone(plan_2023):
    return Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")


def test_closing_and_reopening_are_kept_in_the_history_with_who_and_when(plan_2023, administrator, frozen):
    plan_close(plan=plan_2023, by=administrator, now=timezone.now())
    plan_reopen(plan=plan_2023, by=administrator)

    closing, reopening = plan_2023.history.order_by("history_id")[1:]
    assert (closing.closed_at, closing.closed_by, closing.history_user) == (CURRENT_TIME, administrator, administrator)
    assert closing.history_change_reason == "close_plan"
    assert (reopening.closed_at, reopening.history_user, reopening.history_change_reason) == (
        None,
        administrator,
        "reopen_plan",
    )


def test_only_an_administrator_closes_a_plan(plan_2023, department_head):
    with pytest.raises(PermissionDenied):
        plan_close(plan=plan_2023, by=department_head, now=timezone.now())

    assert not AnnualPlan.objects.get(pk=plan_2023.pk).is_closed


def test_a_closed_plan_refuses_progress_naming_the_plan(closed, milestone, officer):
    with pytest.raises(workflow.PlanClosed, match="2023년 주요 업무보고"):
        services.milestone_record_progress(
            milestone=milestone, by=officer, version=milestone.version, status=Status.IN_PROGRESS, today=TODAY
        )

    assert Milestone.objects.get(pk=milestone.pk).version == milestone.version


def test_a_closed_plan_refuses_plan_field_edits(closed, milestone, administrator):
    with pytest.raises(workflow.PlanClosed):
        services.milestone_edit(
            milestone=milestone, by=administrator, version=milestone.version, changes={"note": "n"}
        )

    assert Milestone.objects.get(pk=milestone.pk).note == milestone.note


def test_the_milestone_page_of_a_closed_plan_offers_no_form_and_refuses_a_post(client, closed, milestone, officer):
    client.force_login(officer)
    page = client.get(milestone.get_absolute_url()).text
    refused = client.post(
        reverse("milestones:update", args=[milestone.pk]),
        {"version": milestone.version, "status": "in_progress", "percent_complete": 30},
    )

    assert "progress-form" not in page and "2023년 주요 업무보고" in page
    assert refused.status_code == 400
    assert "2023년 주요 업무보고" in refused.text
    assert Milestone.objects.get(pk=milestone.pk).percent_complete == milestone.percent_complete


def test_my_work_leaves_out_a_closed_plan_so_nothing_shows_overdue(client, officer, plan_2023, administrator, frozen):
    client.force_login(officer)
    before = client.get(reverse("my:work")).text
    plan_close(plan=plan_2023, by=administrator, now=timezone.now())
    after = client.get(reverse("my:work")).text

    assert '<section id="overdue"' in before
    assert '<section id="overdue"' not in after


@pytest.mark.parametrize(
    "route, kwargs",
    [
        ("reviews:dashboard", {}),
        ("reviews:overdue", {}),
        ("reviews:overdue_export", {"fmt": "csv"}),
    ],
)
def test_a_closed_plan_stays_in_the_reviews_and_exports(client, manager, closed, milestone, route, kwargs):
    client.force_login(manager)

    response = client.get(reverse(route, kwargs=kwargs), {"plan": "seoul-dpb-2023", "on": "2023-11-22"})
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 200
    assert milestone.project.title[:20] in body.decode() or milestone.title[:20] in body.decode()


def test_the_admin_closes_selected_plans_and_logs_it_in_the_history(client, administrator, plan_2023, frozen):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:plans_annualplan_changelist"),
        {"action": "close_plans", "_selected_action": [plan_2023.pk]},
        follow=True,
    )

    assert AnnualPlan.objects.get(pk=plan_2023.pk).closed_by == administrator
    assert "2023년 주요 업무보고" in response.text


def test_the_plan_page_has_a_button_that_closes_and_then_reopens_it(client, administrator, plan_2023, frozen):
    client.force_login(administrator)
    change = reverse("admin:plans_annualplan_change", args=[plan_2023.pk])
    close = reverse("admin:plans_annualplan_close", args=[plan_2023.pk])
    reopen = reverse("admin:plans_annualplan_reopen", args=[plan_2023.pk])

    assert f'formaction="{close}"' in client.get(change).text
    client.post(close)
    assert AnnualPlan.objects.get(pk=plan_2023.pk).is_closed
    assert f'formaction="{reopen}"' in client.get(change).text
    client.post(reopen)
    assert not AnnualPlan.objects.get(pk=plan_2023.pk).is_closed
    assert not LogEntry.objects.exists()  # the plan's own history keeps it, not the admin log
    assert client.get(close).status_code == 405


def test_a_closed_plan_takes_no_new_milestone_edit_or_proposal_on_the_site(
    client, closed, milestone, team_lead, officer
):
    client.force_login(team_lead)
    added = client.post(reverse("milestones:add", args=[milestone.project_id]), {"title": "new step"})
    edited = client.post(
        reverse("milestones:edit", args=[milestone.pk]),
        {"version": milestone.version, "title": "renamed", "owner": milestone.owner_id or ""},
    )
    client.force_login(officer)
    proposed = client.post(
        reverse("milestones:propose", args=[milestone.pk]), {"due_date": "2023-12-20", "reason": "later"}
    )

    for response in (added, edited, proposed):
        assert response.status_code == 400 and "2023년 주요 업무보고" in response.text
    assert not Milestone.objects.filter(title__in=["new step", "renamed"]).exists()
    assert not milestone.proposals.exists()
