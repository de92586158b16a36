from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_CODE, SOURCE_CODE, demo_logins_ensure, demo_plan_ensure
from accounts.passwords import password_checked_for_command
from milestones.schedule import seoul_today
from plans.models import AnnualPlan


class Command(BaseCommand):
    help = (
        "Create the demo plan (a labelled copy of the 2023 plan rolled into the current year) and one login "
        "per role. Idempotent: what exists is left as it is. Passwords come from DJANGO_DEMO_PASSWORD or are "
        "generated and printed once."
    )

    def handle(self, **options):
        if not AnnualPlan.objects.filter(code=SOURCE_CODE).exists():
            raise CommandError(f"The plan {SOURCE_CODE!r} is not loaded; run load_plan first.")
        if settings.DEMO_PASSWORD:
            password_checked_for_command(settings.DEMO_PASSWORD, source="DJANGO_DEMO_PASSWORD")
        today = seoul_today()
        plan, created = demo_plan_ensure(today=today)
        verb = "Created" if created else "Kept the existing"
        self.stdout.write(f"{verb} demo plan {DEMO_CODE!r}: {plan} ({plan.projects.count()} projects)")
        for login in demo_logins_ensure(plan=plan, password=settings.DEMO_PASSWORD):
            password = login.password or "(exists; password unchanged)"
            if login.password and settings.DEMO_PASSWORD:
                password = "(from DJANGO_DEMO_PASSWORD)"
            notes = f"  [{'; '.join(login.notes)}]" if login.notes else ""
            self.stdout.write(f"  {login.username:<18} {login.role:<22} {login.who:<24} {password}{notes}")
