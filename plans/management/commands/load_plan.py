from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plans.loader import PlanFileError, load_plan


class Command(BaseCommand):
    help = "Validate an annual plan file and load it in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A plan file (YAML or JSON fixture with natural keys).")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; change nothing.")
        parser.add_argument(
            "--force", action="store_true", help="Take the file's value where the application differs."
        )
        parser.add_argument("--user", help="Username recorded in the history as the one who loaded it.")

    def handle(self, path, dry_run, force, user, **options):
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"--user: no user named {user!r}")
        try:
            result = load_plan(path, dry_run=dry_run, force=force, user=actor)
        except PlanFileError as exc:
            raise CommandError(
                f"{path}: {len(exc.problems)} problem(s); nothing was loaded.\n" + "\n".join(exc.problems)
            ) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        verb = "Would load" if dry_run else "Loaded"
        self.stdout.write(f"{verb} {path} into {result.plan}")
        labels = sorted(set(result.created) | set(result.updated) | set(result.unchanged))
        for label in labels:
            self.stdout.write(
                f"  {label}: {result.created[label]} created, {result.updated[label]} updated, "
                f"{result.unchanged[label]} unchanged"
            )
        self.stdout.write(
            f"  total: {sum(result.created.values())} created, {sum(result.updated.values())} updated, "
            f"{sum(result.unchanged.values())} unchanged"
        )
        for title, lines in (("Conflicts", result.conflicts), ("Warnings", result.warnings)):
            if lines:
                self.stdout.write(self.style.WARNING(f"{title} ({len(lines)}):"))
                for line in lines:
                    self.stdout.write(f"  {line}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
