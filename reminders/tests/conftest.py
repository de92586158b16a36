import datetime

import pytest
import time_machine
from django.core import mail

from govtrack.celery import app as celery_app
from milestones.schedule import SEOUL
from reminders.tests.smtp import MailServer

#: A Friday in the 2023 plan's autumn, when reminders go out.
CURRENT_TIME = datetime.datetime(2023, 9, 15, 9, 0, tzinfo=SEOUL)


def at_nine(day):
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=SEOUL)


SITE_URL = "https://govtrack.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Tasks run in the test's own process and transaction, whatever REDIS_URL says."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def email_of(staff):
    return f"staff{staff.pk}@seoul.example"


@pytest.fixture
def staff_with_email(plan_2023):
    """The 2023 plan prints no e-mail addresses: give everybody one for the test."""
    from departments.models import Staff

    for staff in Staff.objects.all():
        staff.email = email_of(staff)
        staff.save(update_fields=["email"])
    return {staff.code: staff for staff in Staff.objects.all()}


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the periodic scan with the clock frozen at ``now``, sending its e-mails as a worker would after
    the commit (the send task reads the clock itself)."""
    from reminders.services import reminders_scan

    def run(now):
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(now=now)

    return run


@pytest.fixture
def mailserver(settings):
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
