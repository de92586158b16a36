import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from milestones.schedule import SEOUL
from reminders.models import Delivery, Digest, Kind, ReminderSettings
from reminders.selectors import recipient_email, reminders_due_on
from reminders.services import reminders_scan
from workdays.calendar import WorkCalendar, public_holiday_name


class Command(BaseCommand):
    help = (
        "Send the deadline reminders due now, as the periodic task does (the same code). "
        "--date runs as of that day at the hour reminders are sent; --dry-run shows per person "
        "what the rules give that day, and records and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default: now)")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--at-start",
            action="store_true",
            help="The run when the site starts (make run): now, or before the hour and on closed days as of "
            "the latest working day, so that the bell shows what is due from the first page.",
        )

    def handle(self, date=None, dry_run=False, at_start=False, **options):
        reminder_settings = ReminderSettings.load()
        calendar = WorkCalendar.load()
        if at_start and date is None:
            date = _latest_sending_day(timezone.now(), reminder_settings, calendar)
        if date is None:
            now = timezone.now()
        else:
            now = datetime.datetime.combine(date, reminder_settings.send_from, tzinfo=SEOUL)
        today = timezone.localtime(now, SEOUL).date()
        if not calendar.is_working_day(today):
            reason = public_holiday_name(today) or ("weekend" if today.weekday() >= 5 else "closure day")
            self.stdout.write(f"{today:%Y-%m-%d (%a)} is not a working day ({reason}): nothing is sent.")
            return
        counting = reminder_settings.get_day_count_display()
        if dry_run:
            plan = reminders_due_on(today=today, settings=reminder_settings, calendar=calendar)
            self.stdout.write(f"Reminders due by {today:%Y-%m-%d (%a)}, lead times in {counting} (dry run)")
            self._print_people([(r.recipient, r.milestone, r.kind, r.step, r.recorded) for r in plan.reminders])
            new = len(plan.new)
            self.stdout.write(f"{new} new reminders, {len(plan.reminders) - new} already sent.")
            self._print_unowned(plan)
            return
        if timezone.localtime(now, SEOUL).time() < reminder_settings.send_from:
            raise CommandError(
                f"Reminders are sent from {reminder_settings.send_from:%H:%M} (Seoul); give --date {today} "
                "to send today's now."
            )
        result = reminders_scan(now=now)
        deliveries = Delivery.objects.filter(digest__in=result.digests).select_related("recipient__user", "milestone")
        self.stdout.write(f"Reminders sent for {today:%Y-%m-%d (%a)}, lead times in {counting}")
        self._print_people([(d.recipient, d.milestone, d.kind, d.step, False) for d in deliveries])
        digests = Digest.objects.filter(pk__in=[d.pk for d in result.digests]).select_related("recipient")
        statuses = ", ".join(f"{d.recipient.code}: {d.get_status_display()}" for d in digests.order_by("pk"))
        self.stdout.write(f"{len(result.digests)} new e-mails{': ' + statuses if statuses else ''}.")
        self._print_unowned(result.plan)
        if result.requeued:
            self.stdout.write(f"{len(result.requeued)} earlier e-mails queued again.")
        if result.digests and not settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write("They are queued for the Celery worker.")

    def _print_people(self, rows):
        by_person = {}
        for recipient, milestone, kind, step, recorded in rows:
            by_person.setdefault(recipient, []).append((milestone, kind, step, recorded))
        for person, items in sorted(by_person.items(), key=lambda item: item[0].code):
            address = recipient_email(person) or "NO E-MAIL ADDRESS: undeliverable, in the application only"
            self.stdout.write(f"\n{person.code} <{address}>")
            for milestone, kind, step, recorded in sorted(items, key=lambda item: (item[0].due_date, item[0].pk)):
                tentative = " [tentative]" if milestone.is_tentative else ""
                state = " (already sent)" if recorded else ""
                self.stdout.write(
                    f"  {_kind_label(kind, step):<24} #{milestone.pk} {milestone.title[:60]}{tentative}"
                    f" · due {milestone.date_text or milestone.due_date}{state}"
                )
        self.stdout.write(f"\n{len(by_person)} {'person' if len(by_person) == 1 else 'people'}.")

    def _print_unowned(self, plan):
        for milestone in plan.unowned:
            self.stdout.write(f"No owner to remind: #{milestone.pk} {milestone.title[:60]} ({milestone.due_date})")


def _kind_label(kind, step):
    if kind == Kind.LEAD:
        return {0: "due today", 1: "due in 1 day"}.get(step, f"due in {step} days")
    if kind == Kind.OVERDUE:
        return f"overdue (reminder {step})"
    return "escalation: team lead" if kind == Kind.TEAM_LEAD else "escalation: dept head"


def _latest_sending_day(now, reminder_settings, calendar):
    """The latest working day whose sending hour has come by ``now`` (Seoul), or None for now itself."""
    local = timezone.localtime(now, SEOUL)
    today = local.date()
    if calendar.is_working_day(today) and local.time() >= reminder_settings.send_from:
        return None
    return calendar.previous_working_day(today)
