import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from milestones.models import Milestone
from milestones.schedule import SEOUL

#: The frozen "now" of these tests: mid-September 2023, before project 1's milestones are due.
CURRENT_TIME = datetime.datetime(2023, 9, 15, 9, 0, tzinfo=SEOUL)
TODAY = CURRENT_TIME.date()


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


@pytest.fixture
def milestone(plan_2023):
    """Project 1's first milestone ('23. 9. 24.), owned by the officer 김연숙 (digital-policy-planning)."""
    return Milestone.objects.select_related("project").get(project__plan=plan_2023, project__number=1, key="1")


@pytest.fixture
def other_milestone(plan_2023):
    """A milestone of project 3, in the big-data department (the outsider's)."""
    return Milestone.objects.filter(project__plan=plan_2023, project__number=3).order_by("order").first()


@pytest.fixture
def administrator(plan_2023):
    return get_user_model().objects.create_superuser("root", password="administrator-password-1")


def give_admin_access(*users):
    """Let users into the admin with the model permissions an editor would get from a group."""
    perms = Permission.objects.filter(
        content_type__app_label__in=["milestones", "projects"],
        codename__in=[
            "view_milestone",
            "change_milestone",
            "add_milestone",
            "view_project",
            "view_projectentry",
            "change_projectentry",
            "view_comment",
        ],
    )
    for user in users:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.add(*perms)
