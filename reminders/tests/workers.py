"""The command line of one Celery worker process (solo pool) for the tests and the benchmark."""

import sys


def celery_worker_command(name, *options):
    """Arguments of a solo-pool worker named ``name@host``, without the chatter between workers."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "govtrack",
        "worker",
        "--pool=solo",
        "-n",
        f"{name}@%h" if "@" not in name else name,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *options,
    ]
