"""The clock of these tests is the generated data's reference date; the data is generated per test."""

import io

import pytest
import time_machine
from django.core.management import call_command

from scale.generator import REFERENCE_TIME

#: Small enough for a fast test on SQLite, large enough for every shape: two divisions, five years of plans.
SMALL = 2_000


@pytest.fixture
def frozen():
    with time_machine.travel(REFERENCE_TIME, tick=False):
        yield REFERENCE_TIME


@pytest.fixture
def generate(db):
    """Generate ``milestones`` (beside the 2023 plan every test database holds, hence --force)."""

    def run(milestones=SMALL, seed=1):
        out = io.StringIO()
        call_command("generate_scale_data", milestones=milestones, seed=seed, force=True, no_progress=True, stdout=out)
        return out.getvalue()

    return run
