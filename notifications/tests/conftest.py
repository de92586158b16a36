import datetime

import pytest

from departments.models import Staff
from milestones.models import Milestone
from milestones.schedule import SEOUL

#: A Friday morning of the 2023 plan, after the day's reminders went out.
CURRENT_TIME = datetime.datetime(2023, 9, 15, 10, 0, tzinfo=SEOUL)
TODAY = CURRENT_TIME.date()
#: The next working day's first run, when the daily e-mail goes out.
NEXT_MORNING = datetime.datetime(2023, 9, 18, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def milestone(plan_2023):
    """Project 1's first milestone, owned by the officer 김연숙 of team 디지털정책기획팀 (lead 이영미)."""
    return Milestone.objects.select_related("project", "owner").get(
        project__plan=plan_2023, project__number=1, key="1"
    )


def staff(user):
    return Staff.objects.get(user=user)


@pytest.fixture
def everyone(officer, colleague, team_lead, department_head, outsider, manager):
    """Every persona with a login; e-mail addresses for those with a staff record."""
    for person in Staff.objects.filter(user__isnull=False):
        person.email = f"{person.user.username}@seoul.example"
        person.save(update_fields=["email"])
    return {
        "officer": officer,
        "colleague": colleague,
        "team_lead": team_lead,
        "department_head": department_head,
        "outsider": outsider,
        "manager": manager,
    }


@pytest.fixture
def outbox():
    from django.core import mail

    mail.outbox = []
    return mail.outbox


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Tasks run in the test's own process, whatever REDIS_URL says."""
    from govtrack.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def scan_at(django_capture_on_commit_callbacks):
    """The periodic scan at ``now``, its e-mails sent as a worker would after the commit."""
    import time_machine

    from reminders.services import reminders_scan

    def run(now):
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(now=now)

    return run
