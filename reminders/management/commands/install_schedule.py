from django.core.management.base import BaseCommand

from reminders.schedule import schedule_install


class Command(BaseCommand):
    help = "Install the periodic tasks declared in govtrack/celery.py into the database schedule (idempotent)."

    def handle(self, **options):
        created, updated, removed = schedule_install()
        for label, names in (("created", created), ("updated", updated), ("removed", removed)):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        if not (created or updated or removed):
            self.stdout.write("The schedule is up to date.")
