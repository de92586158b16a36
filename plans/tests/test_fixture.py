"""The plan file is a plain Django fixture too: ``loaddata`` reads it on an empty database and again."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from conftest import PLAN_2023
from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db

PLAN_MODELS = [
    "reports.ReportPart",
    "reports.ReportSection",
    "budgets.BudgetLine",
    "budgets.BudgetTable",
    "projects.ProjectTableRow",
    "projects.ProjectTable",
    "projects.EntryFigure",
    "projects.ProjectEntry",
    "projects.ProjectContact",
    "projects.ProjectBudgetItem",
    "milestones.Milestone",
    "projects.Project",
    "plans.GlossaryTerm",
    "departments.StaffingNoteFigure",
    "departments.StaffingNote",
    "departments.StaffingCount",
    "departments.StaffingRow",
    "departments.StaffingSnapshot",
    "departments.DepartmentDuty",
    "plans.AnnualPlan",
    "departments.Staff",
    "departments.JobCategory",
]


def counts():
    return {label: apps.get_model(label).objects.count() for label in [*PLAN_MODELS, "departments.Department"]}


def empty_the_database():
    for label in PLAN_MODELS:
        apps.get_model(label).objects.all().delete()
    department = apps.get_model("departments.Department")
    while department.objects.exists():
        department.objects.filter(children__isnull=True).delete()


def test_loaddata_reads_the_plan_on_an_empty_database_and_twice_without_duplicates():
    loaded = counts()
    empty_the_database()
    assert set(counts().values()) == {0}

    call_command("loaddata", str(PLAN_2023), stdout=io.StringIO())
    assert counts() == loaded
    call_command("loaddata", str(PLAN_2023), stdout=io.StringIO())
    assert counts() == loaded
    assert loaded["milestones.Milestone"] == 40 and loaded["budgets.BudgetLine"] == 195


def test_a_plan_is_named_by_its_year_once():
    assert str(AnnualPlan(year=2023, title="2023년 주요 업무보고")) == "2023년 주요 업무보고"
    assert str(AnnualPlan(year=2022, title="주요 업무보고")) == "2022 주요 업무보고"
