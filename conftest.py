"""Shared fixtures. The 2023 plan is loaded once per test database, as ``make run`` loads it."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

PLAN_2023 = Path(__file__).parent / "fixtures" / "seoul-dpb-2023.yaml"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_plan", str(PLAN_2023), stdout=io.StringIO())


@pytest.fixture
def plan_2023(db):
    from plans.models import AnnualPlan

    return AnnualPlan.objects.get(code="seoul-dpb-2023")
