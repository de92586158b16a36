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


@pytest.fixture(autouse=True)
def _caches_cleared():
    """Each test starts with empty caches: the API's throttle counts by login id, which the next test reuses."""
    from django.core.cache import caches

    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def plan_2023(db):
    from plans.models import AnnualPlan

    return AnnualPlan.objects.get(code="seoul-dpb-2023")


# Personas: logins linked to 2023 staff. The officer owns project 1's milestones (team digital-policy-planning);
# the colleague is an officer of another team in the same department; the outsider is the officer of
# project 3 in another department (big-data); the manager is in the "bureau managers" group.
PERSONA_PASSWORD = "persona-password-for-tests-2023"


def make_persona(username, staff_code=None, *, group=None):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from departments.models import Staff

    user = get_user_model().objects.create_user(username=username, password=PERSONA_PASSWORD)
    if staff_code:
        staff = Staff.objects.get(code=staff_code)
        staff.user = user
        staff.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def officer(plan_2023):
    return make_persona("officer", "digital-policy:김연숙")


@pytest.fixture
def colleague(plan_2023):
    return make_persona("colleague", "digital-policy:여언영")


@pytest.fixture
def team_lead(plan_2023):
    return make_persona("team-lead", "digital-policy:이영미")


@pytest.fixture
def department_head(plan_2023):
    return make_persona("department-head", "digital-policy:오경희")


@pytest.fixture
def outsider(plan_2023):
    return make_persona("outsider", "big-data:원유복")


@pytest.fixture
def manager(plan_2023):
    return make_persona("manager", group="bureau managers")


@pytest.fixture
def live_plan(transactional_db):
    """The 2023 plan in a live-server test's database."""
    from browser_testing import ensure_plan_loaded

    ensure_plan_loaded(PLAN_2023)


@pytest.fixture
def browser(live_plan):
    from playwright.sync_api import sync_playwright

    from browser_testing import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
