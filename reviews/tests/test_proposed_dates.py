"""A proposed due date changes nothing the managers see until it is approved: the overdue list, the dashboard."""

import datetime

import pytest

from conftest import make_persona
from milestones import proposals
from milestones.models import Milestone
from reviews.selectors import dashboard, overdue_milestones
from reviews.tests.conftest import CURRENT_TIME

pytestmark = pytest.mark.usefixtures("frozen")

TODAY = CURRENT_TIME.date()
NEW_DUE = datetime.date(2023, 12, 15)


def listed(manager):
    return set(overdue_milestones(user=manager, on=TODAY, today=TODAY).values_list("pk", flat=True))


def project_1_overdue(manager, plan):
    rows = dashboard(user=manager, plan=plan, on=TODAY, today=TODAY).projects
    return next(row.judgement.overdue_count for row in rows if row.project.number == 1)


def test_the_overdue_list_and_dashboard_keep_the_approved_date_until_the_new_one_is_approved(
    officer, manager, plan_2023
):
    lead = make_persona("lead", "digital-policy:이영미")
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    before = project_1_overdue(manager, plan_2023)
    proposal = proposals.date_proposal_create(
        milestone=milestone, by=officer, due_date=NEW_DUE, reason="The jury meets in December", today=TODAY
    )
    assert milestone.pk in listed(manager)
    assert project_1_overdue(manager, plan_2023) == before

    proposals.date_proposal_decide(proposal=proposal, by=lead, approve=True)
    assert milestone.pk not in listed(manager)
    assert project_1_overdue(manager, plan_2023) == before - 1
