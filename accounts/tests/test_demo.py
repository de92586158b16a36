"""``seed_demo``: a labelled demo plan rolled into the current year, one login per role, idempotent."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.demo import DEMO_CODE, roll_text
from accounts.roles import Role, role_of
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL
from milestones.selectors import my_work
from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db

#: A day of the demo's year: late November, as on the day the demo was first shown.
DEMO_TIME = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)


def seed():
    out = io.StringIO()
    with time_machine.travel(DEMO_TIME, tick=False):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def state():
    milestones = Milestone.objects.filter(project__plan__code=DEMO_CODE).order_by("pk")
    return (
        list(milestones.values_list("title", "due_date", "status", "percent_complete", "version")),
        Milestone.history.filter(project__plan__code=DEMO_CODE).count(),
        sorted(get_user_model().objects.values_list("username", "password")),
    )


def test_the_demo_plan_is_a_labelled_copy_of_2023_rolled_into_the_current_year(plan_2023):
    output = seed()

    demo = AnnualPlan.objects.get(code=DEMO_CODE)
    assert demo.is_demo and demo.year == 2026 and demo.title.startswith("[데모] ")
    assert demo.projects.count() == plan_2023.projects.count()
    milestones = Milestone.objects.filter(project__plan=demo)
    assert milestones.count() == Milestone.objects.filter(project__plan=plan_2023).count()
    assert all(m.due_date is None or m.due_date.year == 2026 for m in milestones)
    first = milestones.get(project__number=1, key="1")
    assert first.date_text == "'26. 9. 24." and first.baseline_due_date in (None, datetime.date(2026, 9, 24))
    assert "demo-dp-officer" in output and "demo-manager" in output


def test_each_role_gets_a_login_linked_to_its_2023_staff_record(plan_2023):
    seed()
    users = get_user_model().objects
    expected = {
        "demo-dp-officer": (Role.STAFF, "digital-policy:김연숙"),
        "demo-dp-lead": (Role.TEAM_LEAD, "digital-policy:이영미"),
        "demo-dp-head": (Role.DEPARTMENT_HEAD, "digital-policy:오경희"),
        "demo-bd-officer": (Role.STAFF, "big-data:원유복"),
        "demo-bd-lead": (Role.TEAM_LEAD, "big-data:오은경"),
        "demo-bd-head": (Role.DEPARTMENT_HEAD, "big-data:윤충식"),
    }
    for username, (role, code) in expected.items():
        user = users.get(username=username)
        assert (role_of(user), user.staff.code) == (role, code)
    assert role_of(users.get(username="demo-manager")) == Role.MANAGER
    assert role_of(users.get(username="demo-admin")) == Role.ADMIN


@pytest.mark.parametrize("username", ["demo-dp-officer", "demo-bd-officer"])
def test_a_new_officer_sees_work_overdue_due_and_done_today(plan_2023, username):
    seed()
    user = get_user_model().objects.get(username=username)
    buckets = {b.code: b.count for b in my_work(user, year=2026, today=DEMO_TIME.date())}
    assert buckets["overdue"] >= 1
    assert buckets["week"] + buckets["month"] >= 1
    assert buckets["review"] >= 1


def test_running_it_again_changes_nothing_and_keeps_recorded_progress(plan_2023):
    seed()
    Milestone.objects.filter(project__plan__code=DEMO_CODE, key="1", project__number=1).update(
        status=Status.CONFIRMED, note="recorded"
    )
    before = state()

    output = seed()

    assert state() == before
    assert "password unchanged" in output


def test_two_digit_years_in_dates_as_written_are_rolled():
    assert roll_text("'23. 8. ~ 12.", 3) == "'26. 8. ~ 12."
    assert roll_text("'22~'23년", 3) == "'25~'26년"
    assert roll_text("(9월)", 3) == "(9월)"
