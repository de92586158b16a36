"""The Celery application: Redis as broker when ``REDIS_URL`` is set, tasks run in-process otherwise.

Reliability settings (late acknowledgement, requeue on a lost worker, prefetch of one, the visibility
timeout) are in govtrack/settings/base.py with the other ``CELERY_`` settings.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtrack.settings.local")

app = Celery("govtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

#: The beat schedule: declared here only, installed into the database (django-celery-beat) by
#: ``manage.py install_schedule``. Run exactly one beat process per deployment.
PERIODIC_TASKS = {
    "reminders.scan": {
        "task": "reminders.tasks.scan_reminders",
        # Level-triggered: each run sends only what is due and not yet sent, and nothing on closed
        # days or before the hour set in the reminder settings (09:00), so the 09:00 run is the first
        # to send and a run missed while beat was down is made up by the next one.
        "schedule": crontab(minute="*/15"),
        # A run that waited longer than the interval in the queue is dropped: the next one does its work.
        "expires": 14 * 60,
        "description": "Send due deadline reminders (every 15 minutes, Asia/Seoul).",
    },
    "api.webhooks.requeue": {
        "task": "api.tasks.requeue_webhooks",
        # Retries of failed webhook deliveries whose back-off outgrew the task's own countdown, and deliveries
        # whose task was lost with the broker.
        "schedule": crontab(minute="*/5"),
        "expires": 4 * 60,
        "description": "Queue webhook deliveries due another attempt (every 5 minutes).",
    },
}
