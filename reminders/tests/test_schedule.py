"""The beat schedule: declared once in govtrack/celery.py, installed idempotently, every job runnable."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from govtrack.celery import PERIODIC_TASKS
from govtrack.celery import app as celery_app
from reminders.models import Digest
from reminders.schedule import INSTALLED_BY
from reminders.tests.conftest import CURRENT_TIME

pytestmark = pytest.mark.django_db


def install():
    out = io.StringIO()
    call_command("install_schedule", stdout=out)
    return out.getvalue()


def test_installing_the_schedule_twice_changes_nothing_the_second_time():
    first = install()
    tasks = list(PeriodicTask.objects.values_list("name", "task", "crontab__minute", "crontab__timezone"))

    second = install()

    assert "created: reminders.scan" in first
    assert "up to date" in second
    assert tasks == list(PeriodicTask.objects.values_list("name", "task", "crontab__minute", "crontab__timezone"))
    scan = PeriodicTask.objects.get(name="reminders.scan")
    assert (scan.crontab.minute, str(scan.crontab.timezone)) == ("*/15", "Asia/Seoul")
    # One schedule row per distinct schedule declared, none made twice.
    assert CrontabSchedule.objects.count() == len({str(job["schedule"]) for job in PERIODIC_TASKS.values()}) == 2


def test_an_edited_or_withdrawn_job_is_put_back_in_line_with_the_declaration():
    install()
    PeriodicTask.objects.filter(name="reminders.scan").update(enabled=False, task="something.else")
    PeriodicTask.objects.create(
        name="reminders.old",
        task="reminders.tasks.old",
        crontab=PeriodicTask.objects.get(name="reminders.scan").crontab,
        description=f"withdrawn {INSTALLED_BY}",
    )
    PeriodicTask.objects.create(
        name="by hand", task="x.y", crontab=PeriodicTask.objects.get(name="reminders.scan").crontab
    )

    out = install()

    assert "updated: reminders.scan" in out and "removed: reminders.old" in out
    scan = PeriodicTask.objects.get(name="reminders.scan")
    assert scan.enabled and scan.task == "reminders.tasks.scan_reminders"
    assert PeriodicTask.objects.filter(name="by hand").exists()


@pytest.mark.parametrize("name", sorted(PERIODIC_TASKS))
def test_every_periodic_job_runs_once(name, staff_with_email, outbox, django_capture_on_commit_callbacks):
    celery_app.loader.import_default_modules()  # what a worker does on start: find every app's tasks
    task = celery_app.tasks[PERIODIC_TASKS[name]["task"]]
    with time_machine.travel(CURRENT_TIME, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = task.apply()

    assert result.successful(), result.traceback
    if name == "reminders.scan":
        assert len(outbox) == 1 and Digest.objects.get().status == Digest.Status.SENT
