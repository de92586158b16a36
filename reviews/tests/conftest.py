"""The frozen clock of the review tests and the personas the shared conftest does not have.

The shared ``manager`` (bureau managers group) and ``officer`` (digital-policy:김연숙, owner of
project 1's milestones) are used as they are.
"""

from datetime import datetime

import pytest
import time_machine

from conftest import make_persona
from departments.models import Staff
from milestones.schedule import SEOUL

#: Mid-November 2023: fourteen of the plan's milestones are past their due date, none done.
CURRENT_TIME = datetime(2023, 11, 15, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield CURRENT_TIME


@pytest.fixture
def head(plan_2023):
    """The head of the Information Systems Division (정보시스템담당관), whose project 4 has two overdue milestones."""
    code = Staff.objects.get(department__code="information-systems", position=Staff.Position.DEPARTMENT_HEAD).code
    return make_persona("systems-head", code)


@pytest.fixture
def no_role(plan_2023):
    """A login linked to no staff record and in no group."""
    return make_persona("no-role")
