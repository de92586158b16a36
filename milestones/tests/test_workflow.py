"""Every status change, allowed or refused, for every role: the table in milestones.workflow holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from milestones import services, workflow
from milestones.models import Milestone, Status
from milestones.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

#: What each role may do, written out independently of workflow.TRANSITIONS.
WORKING = ["planned", "in_progress", "returned", "delayed"]
EXPECTED = {
    "staff": {(s, s) for s in WORKING}
    | {(s, "in_progress") for s in WORKING}
    | {(s, "done") for s in WORKING}
    | {(s, "delayed") for s in WORKING},
}
EXPECTED["team_lead"] = (
    EXPECTED["staff"] | {(s, "cancelled") for s in WORKING} | {("done", "confirmed"), ("done", "returned")}
)
EXPECTED["department_head"] = EXPECTED["team_lead"] | {("confirmed", "in_progress"), ("cancelled", "in_progress")}
EXPECTED["admin"] = EXPECTED["department_head"]
EXPECTED["manager"] = set()

PERSONA = {
    "staff": "officer",
    "team_lead": "team_lead",
    "department_head": "department_head",
    "manager": "manager",
    "admin": "administrator",
}


def attempt(milestone, user, target):
    """Try one change with every input a change may need; return True if it was saved."""
    try:
        services.milestone_record_progress(
            milestone=milestone,
            by=user,
            version=milestone.version,
            status=target,
            today=TODAY,
            due_date=TODAY + datetime.timedelta(days=30) if target == Status.DELAYED else None,
            reason="a reason",
        )
    except (PermissionDenied, workflow.WorkflowError):
        return False
    return True


@pytest.mark.parametrize("role", list(PERSONA))
@pytest.mark.parametrize("source", [s.value for s in Status])
def test_each_role_may_make_exactly_the_changes_of_the_table(role, source, milestone, request):
    user = request.getfixturevalue(PERSONA[role])
    for target in Status:
        Milestone.objects.filter(pk=milestone.pk).update(status=source, due_date=datetime.date(2023, 9, 24))
        before = Milestone.objects.get(pk=milestone.pk)

        saved = attempt(before, user, target)

        after = Milestone.objects.get(pk=milestone.pk)
        expected = (source, target.value) in EXPECTED[role]
        assert saved is expected, f"{role}: {source} -> {target.value}"
        if saved:
            assert (after.status, after.version) == (target.value, before.version + 1)
        else:
            assert (after.status, after.version) == (source, before.version), "a refused change changed nothing"


def test_the_table_in_the_code_is_the_one_the_tests_expect():
    for role, pairs in EXPECTED.items():
        from accounts.roles import Role

        actual = {(s.value, t.value) for (s, t), rule in workflow.TRANSITIONS.items() if Role(role) in rule.roles}
        assert actual == pairs, role


def test_staff_cannot_confirm_their_own_done_milestone(officer, milestone):
    Milestone.objects.filter(pk=milestone.pk).update(status=Status.DONE)
    milestone.refresh_from_db()

    with pytest.raises(workflow.WorkflowError):
        services.milestone_record_progress(
            milestone=milestone, by=officer, version=milestone.version, status=Status.CONFIRMED, today=TODAY
        )


def test_a_colleague_of_another_team_cannot_record_progress(colleague, milestone):
    with pytest.raises(PermissionDenied):
        services.milestone_record_progress(
            milestone=milestone, by=colleague, version=milestone.version, status=Status.IN_PROGRESS, today=TODAY
        )
    milestone.refresh_from_db()
    assert milestone.status == Status.PLANNED


def test_a_team_lead_of_another_department_cannot_confirm(plan_2023, milestone):
    from conftest import make_persona

    lead_elsewhere = make_persona("lead-elsewhere", "big-data:오은경")
    Milestone.objects.filter(pk=milestone.pk).update(status=Status.DONE)
    milestone.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.milestone_record_progress(
            milestone=milestone, by=lead_elsewhere, version=milestone.version, status=Status.CONFIRMED, today=TODAY
        )
