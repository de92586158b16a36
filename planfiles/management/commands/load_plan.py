from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from planfiles.problems import PlanFileError
from planfiles.services import plan_file_path_load


class Command(BaseCommand):
    help = (
        "Validate an annual plan file (YAML, JSON or a plan workbook) and load it in one transaction. "
        "Prints one line; -v 2 lists the counts per model, the conflicts and the warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A plan file: YAML or JSON fixture with natural keys, or an .xlsx workbook.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; change nothing.")
        parser.add_argument(
            "--force", action="store_true", help="Take the file's value where the application differs."
        )
        parser.add_argument("--user", help="Username recorded in the history as the one who loaded it.")

    def handle(self, path, dry_run, force, user, verbosity, **options):
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"--user: no user named {user!r}")
        try:
            result = plan_file_path_load(path, dry_run=dry_run, force=force, user=actor)
        except PlanFileError as exc:
            raise CommandError(
                f"{path}: {len(exc.problems)} problem(s); nothing was loaded.\n" + "\n".join(exc.problems)
            ) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        created, updated, unchanged = result.totals()
        verb = "Would load" if dry_run else "Loaded"
        line = (
            f"{verb} {path} into {result.plan or result.plan_code}: {created} created, {updated} updated, "
            f"{unchanged} unchanged; {len(result.conflicts)} conflict(s), {len(result.warnings)} warning(s)"
        )
        if verbosity < 2 and (result.conflicts or result.warnings):
            line += " (-v 2 lists them)"
        self.stdout.write(line)
        if verbosity >= 2:
            self._details(result)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

    def _details(self, result):
        for label in sorted(set(result.created) | set(result.updated) | set(result.unchanged)):
            self.stdout.write(
                f"  {label}: {result.created[label]} created, {result.updated[label]} updated, "
                f"{result.unchanged[label]} unchanged"
            )
        for title, lines in (("Conflicts", result.conflicts), ("Warnings", result.warnings)):
            if lines:
                self.stdout.write(self.style.WARNING(f"{title} ({len(lines)}):"))
                for line in lines:
                    self.stdout.write(f"  {line}")
