"""The API's frozen clock, clients with personal tokens, and the milestones the personas act on.

Personas (the shared conftest): the officer owns project 1's milestones (team digital-policy-planning); the
colleague is an officer of another team of the same department; the outsider is in another department.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import api_token_create
from milestones.models import Milestone
from milestones.schedule import SEOUL

#: Mid-September 2023: project 1's first milestone ('23. 9. 24.) is not yet due.
CURRENT_TIME = datetime.datetime(2023, 9, 15, 9, 0, tzinfo=SEOUL)
TODAY = CURRENT_TIME.date()


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


def token_client(user, *, read_only=False, days=90):
    """An API client that sends a new personal token of ``user``; the token row is ``client.token``."""
    new = api_token_create(user=user, name="script", days=days, read_only=read_only, now=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    client.token = new.token
    return client


@pytest.fixture
def milestone(plan_2023):
    """Project 1's first milestone ('23. 9. 24.), owned by the officer (digital-policy-planning)."""
    return Milestone.objects.select_related("project").get(project__plan=plan_2023, project__number=1, key="1")


@pytest.fixture
def other_milestone(plan_2023):
    """A milestone of project 3, in the big-data department (the outsider's)."""
    return Milestone.objects.filter(project__plan=plan_2023, project__number=3).order_by("order").first()
