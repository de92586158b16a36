import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from scale.generator import MANAGER_USERNAME, REFERENCE_DATE, ScaleGenerator
from scale.purge import PREFIX, purge_generated, real_plans


class Command(BaseCommand):
    help = (
        "Generate a deterministic city-wide data set (the city and 25 districts, five years of plans) with the "
        f"given number of milestones, as of {REFERENCE_DATE}. Rows generated before (codes starting with "
        f"'{PREFIX}') are deleted first. Refuses to run beside real plans unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--milestones", type=int, required=True, help="How many milestones, e.g. 1000000.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database holds plans not generated here."
        )
        parser.add_argument(
            "--password",
            default="",
            help="Password of the generated logins (default: none can sign in with a password).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, milestones, seed, force, password, no_progress, **options):
        if milestones < 1:
            raise CommandError("--milestones: give at least 1")
        real = list(real_plans().values_list("code", flat=True)[:5])
        if real and not force:
            raise CommandError(
                f"This database holds real plans ({', '.join(real)}, ...): generated data would mix with them. "
                "Use a database of its own, or --force."
            )
        show = not no_progress and options.get("verbosity", 1) > 0

        def progress(**kwargs):
            return tqdm(disable=not show, file=sys.stderr, mininterval=2, **kwargs)

        started = time.monotonic()
        with transaction.atomic():
            deleted = purge_generated()
            if deleted:
                self.stdout.write(
                    "Deleted earlier generated rows: " + ", ".join(f"{k} {v:,}" for k, v in sorted(deleted.items()))
                )
            summary = ScaleGenerator(
                milestones=milestones, seed=seed, password=password or None, progress=progress
            ).run()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Generated {summary.milestones:,} milestones (seed {seed}) in {elapsed:.1f} s.")
        for table, count in summary.written.items():
            self.stdout.write(f"  {table}: {count:,}")
        shares = ", ".join(
            f"{name} {count / summary.milestones:.1%}" for name, count in sorted(summary.precisions.items())
        )
        self.stdout.write(f"  date precision: {shares}")
        self.stdout.write(
            f"  overdue on {REFERENCE_DATE}: {summary.overdue:,} ({summary.overdue / summary.milestones:.1%})"
        )
        self.stdout.write(f"  manager login: {MANAGER_USERNAME} (bureau managers group)")
