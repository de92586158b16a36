"""``manage.py generate_scale_data``: the same data for a seed, the real plan's shapes, and nothing else touched."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.roles import MANAGER_GROUP
from departments.models import Department, Staff
from milestones.models import CLOSED_STATUSES, Milestone
from plans.models import AnnualPlan
from projects.models import Project
from scale.generator import MANAGER_USERNAME, REFERENCE_DATE, YEARS
from scale.purge import PREFIX
from scale.tests.conftest import SMALL

generated = Milestone.objects.filter(project__plan__code__startswith=PREFIX)


def snapshot():
    """Counts per model and every 97th milestone, by the values people read (not by primary key)."""
    counts = {
        "departments": Department.objects.filter(code__startswith=PREFIX).count(),
        "staff": Staff.objects.filter(code__startswith=PREFIX).count(),
        "plans": AnnualPlan.objects.filter(code__startswith=PREFIX).count(),
        "projects": Project.objects.filter(plan__code__startswith=PREFIX).count(),
        "milestones": generated.count(),
        "history": Milestone.history.filter(project__plan__code__startswith=PREFIX).count(),
    }
    rows = list(
        generated.order_by("project__plan__code", "project__number", "order").values_list(
            "project__plan__code",
            "project__number",
            "key",
            "parent__key",
            "title",
            "date_text",
            "start_date",
            "due_date",
            "date_precision",
            "status",
            "percent_complete",
            "owner__code",
            "version",
        )
    )
    return counts, rows[::97]


def test_the_same_seed_generates_the_same_data(generate):
    generate(seed=7)
    first = snapshot()
    generate(seed=7)
    assert snapshot() == first
    assert first[0]["milestones"] == SMALL
    generate(seed=8)
    assert snapshot()[1] != first[1]


def test_a_second_run_replaces_the_generated_rows_and_leaves_the_real_plan_alone(generate, plan_2023):
    real = Milestone.objects.filter(project__plan=plan_2023).count()
    output = generate()
    assert "Deleted earlier" not in output
    output = generate(milestones=1_000)
    assert "Deleted earlier generated rows" in output
    assert generated.count() == 1_000
    assert Milestone.objects.filter(project__plan=plan_2023).count() == real
    assert AnnualPlan.objects.filter(code="seoul-dpb-2023").exists()


def test_it_refuses_a_database_with_real_plans_unless_forced(db, plan_2023):
    with pytest.raises(CommandError, match="real plans"):
        call_command("generate_scale_data", milestones=100, no_progress=True)
    assert not generated.exists()


def test_the_organisation_has_the_city_and_districts_and_a_plan_per_bureau_and_year(generate):
    generate(milestones=9_000)  # nine divisions: more than the first (city) bureau holds
    bureaus = Department.objects.filter(code__startswith=PREFIX, kind=Department.Kind.BUREAU)
    assert bureaus.filter(code__startswith=PREFIX + "city-").exists()
    assert bureaus.exclude(code__startswith=PREFIX + "city-").exists()
    plans = AnnualPlan.objects.filter(code__startswith=PREFIX)
    assert plans.count() == bureaus.count() * len(YEARS)
    assert set(plans.values_list("year", flat=True)) == set(YEARS)
    # Every division has a head, every team a lead and officers; the heads and leads can sign in.
    assert Staff.objects.filter(code__startswith=PREFIX, position=Staff.Position.DEPARTMENT_HEAD).count() == (
        Department.objects.filter(code__startswith=PREFIX, kind=Department.Kind.DIVISION).count()
    )
    leads = Staff.objects.filter(code__startswith=PREFIX, position=Staff.Position.TEAM_LEAD)
    assert leads.count() == Department.objects.filter(code__startswith=PREFIX, kind=Department.Kind.TEAM).count()
    assert not leads.filter(user__isnull=True).exists()
    assert Staff.objects.filter(code__startswith=PREFIX, position=Staff.Position.OFFICER, user__isnull=False).exists()
    manager = get_user_model().objects.get(username=MANAGER_USERNAME)
    assert manager.groups.filter(name=MANAGER_GROUP).exists()
    assert AnnualPlan.objects.filter(code__startswith=PREFIX, budget_tables__lines__project__isnull=False).exists()


def test_dates_have_the_precision_mix_of_the_real_plan(generate):
    generate()
    shares = {
        row["date_precision"]: row["n"] / SMALL
        for row in generated.values("date_precision").annotate(n=Count("pk")).order_by()
    }
    assert shares["month"] == pytest.approx(0.825, abs=0.04)
    assert shares["day"] == pytest.approx(0.125, abs=0.03)
    assert 0.02 < shares.get("open", 0) + shares.get("ongoing", 0) < 0.09
    assert not generated.filter(date_precision="ongoing", due_date__isnull=False).exists()
    assert not generated.filter(date_precision="open", due_date__isnull=False).exists()
    sub_steps = generated.filter(parent__isnull=False).count() / SMALL
    assert sub_steps == pytest.approx(0.4, abs=0.05)


def test_about_five_percent_are_overdue_on_the_reference_date(generate):
    generate()
    overdue = generated.exclude(status__in=CLOSED_STATUSES).filter(due_date__lt=REFERENCE_DATE).count()
    assert 0.035 < overdue / SMALL < 0.065
    # Nothing happened after the reference date.
    assert not generated.filter(completed_on__gte=REFERENCE_DATE).exists()
    history = Milestone.history.filter(project__plan__code__startswith=PREFIX)
    assert not history.filter(history_date__date__gt=REFERENCE_DATE).exists()


def test_history_records_the_plan_load_then_each_change(generate):
    generate()
    milestone = generated.filter(status="confirmed").order_by("pk").first()
    records = list(milestone.history.order_by("history_id"))
    assert [r.history_change_reason for r in records] == ["load_plan", "done", "confirm"]
    assert [r.status for r in records] == ["planned", "done", "confirmed"]
    assert milestone.version == len(records) == records[-1].version
    assert records[0].history_type == "+"
