"""Reloading an unchanged plan is clean: no conflict, no write, no history, with or without --force."""

import io

import pytest
from django.core.management import CommandError, call_command

from conftest import PLAN_2023
from departments.models import Staff, StaffingNoteFigure
from milestones.models import Milestone
from planfiles.registry import plan_models
from planfiles.services import plan_file_path_load
from plans.models import LoadedRecord, PlanLoad

pytestmark = pytest.mark.django_db


def history_rows():
    return sum(pm.model.history.count() for pm in plan_models() if hasattr(pm.model, "history"))


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_reloading_the_unchanged_2023_plan_reports_no_conflict_and_writes_nothing(plan_2023, officer, force):
    before = (
        history_rows(),
        list(LoadedRecord.objects.order_by("pk").values_list("values", flat=True)),
        PlanLoad.objects.count(),
    )

    result = plan_file_path_load(PLAN_2023, force=force)

    assert result.conflicts == []
    assert result.totals() == (0, 0, 770)
    assert (
        history_rows(),
        list(LoadedRecord.objects.order_by("pk").values_list("values", flat=True)),
        PlanLoad.objects.count(),
    ) == before


def test_decimals_are_compared_by_value_not_by_their_text(plan_2023):
    figure = StaffingNoteFigure.objects.get(value=43)
    assert str(figure.value) == "43.00"  # as the database gives it; the file says 43

    result = plan_file_path_load(PLAN_2023)

    assert result.updated["departments.staffingnotefigure"] == 0 and result.conflicts == []


def test_a_login_linked_to_a_staff_record_is_not_a_plan_field(plan_2023, officer):
    plan_file_path_load(PLAN_2023, force=True)

    assert Staff.objects.get(code="digital-policy:김연숙").user == officer


def test_a_plan_file_that_sets_a_login_is_told_it_is_not_a_plan_field(tmp_path, plan_2023):
    text = PLAN_2023.read_text(encoding="utf-8").replace(
        "    code: digital-policy:오경희\n", "    code: digital-policy:오경희\n    user: 1\n", 1
    )
    path = tmp_path / "with-login.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="user: 계획 항목이 아닙니다"):
        call_command("load_plan", str(path), stdout=io.StringIO())


def test_progress_recorded_in_the_application_is_never_a_conflict(plan_2023):
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    milestone.status, milestone.percent_complete, milestone.note = "in_progress", 50, "진행 중"
    milestone.save()

    result = plan_file_path_load(PLAN_2023, force=True)

    milestone.refresh_from_db()
    assert (result.conflicts, milestone.status, milestone.percent_complete) == ([], "in_progress", 50)


def test_the_command_prints_one_line(plan_2023):
    out = io.StringIO()

    call_command("load_plan", str(PLAN_2023), stdout=out)

    assert out.getvalue().count("\n") == 1
    assert ": 0 created, 0 updated, 770 unchanged; 0 conflict(s), 17 warning(s)" in out.getvalue()


def test_budget_warnings_of_the_file_are_those_of_the_loaded_plan(plan_2023):
    from budgets.checks import budget_mismatches

    result = plan_file_path_load(PLAN_2023, dry_run=True)

    assert result.warnings == budget_mismatches(plan_2023)
