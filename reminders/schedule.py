"""Installing the beat schedule declared in govtrack/celery.py into django-celery-beat's tables."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from govtrack.celery import PERIODIC_TASKS

#: Marks the periodic tasks this module manages, so that one removed from the declaration is removed here.
INSTALLED_BY = "[install_schedule]"


@transaction.atomic
def schedule_install(*, declared=None):
    """Make the database schedule match the declaration; running it twice changes nothing.

    Returns (created, updated, removed) task names.
    """
    declared = PERIODIC_TASKS if declared is None else declared
    created, updated = [], []
    for name, spec in declared.items():
        cron = spec["schedule"]
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=cron._orig_minute,
            hour=cron._orig_hour,
            day_of_week=cron._orig_day_of_week,
            day_of_month=cron._orig_day_of_month,
            month_of_year=cron._orig_month_of_year,
            timezone=ZoneInfo(settings.CELERY_TIMEZONE),
        )
        wanted = {
            "task": spec["task"],
            "crontab": crontab,
            "interval": None,
            "solar": None,
            "clocked": None,
            "expire_seconds": spec.get("expires"),
            "enabled": True,
            "description": f"{spec.get('description', '')} {INSTALLED_BY}".strip(),
        }
        task = PeriodicTask.objects.filter(name=name).first()
        if task is None:
            PeriodicTask.objects.create(name=name, **wanted)
            created.append(name)
        elif any(getattr(task, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(task, field, value)
            task.save()
            updated.append(name)
    stale = PeriodicTask.objects.filter(description__endswith=INSTALLED_BY).exclude(name__in=list(declared))
    removed = list(stale.values_list("name", flat=True))
    stale.delete()
    return created, updated, removed
