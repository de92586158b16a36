"""The reminder e-mails as production sends them: queued on a real Redis broker, sent by Celery worker
processes to an SMTP server (here bench.smtpsink on 127.0.0.1, which drops what it gets).

The benchmark's Redis is ``BENCH_REDIS_URL`` (default a database of its own on 127.0.0.1:6379) and its queue a
name of its own, so that nothing else on that Redis takes its tasks or is touched by it.
"""

import os
import signal
import subprocess
from pathlib import Path

from reminders.tests.workers import celery_worker_command

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def configure_broker():
    """Point this process (and the processes it starts) at the benchmark's Redis and queue; call before Django."""
    os.environ.setdefault("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.setdefault("CELERY_QUEUE", f"govtrack-bench-{os.getpid()}")


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["BENCH_REDIS_URL"])


def queued_tasks():
    return _redis().llen(os.environ["CELERY_QUEUE"])


def purge_queue():
    """Drop the benchmark queue's tasks (and what Celery keeps of them while unacknowledged)."""
    client = _redis()
    client.delete(os.environ["CELERY_QUEUE"])
    client.delete("unacked", "unacked_index")


def rss_mib(pid):
    """Peak resident memory (VmHWM) of process ``pid``."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def start_worker(name, sink_port):
    """One Celery worker process (solo pool: one process sends) on the benchmark queue, mail to the sink."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(sink_port),
    }
    return subprocess.Popen(
        celery_worker_command(f"{name}@bench", "--loglevel=ERROR", "-Q", os.environ["CELERY_QUEUE"]),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)  # warm shutdown: the task in hand is finished and acknowledged
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def workers_send(sink, workers, count, timeout=900):
    """Start ``workers`` worker processes on the queued e-mails and time the next ``count`` messages the sink
    gets, from the first to the last (the workers' start-up is left out). Returns (messages, seconds,
    [peak RSS MiB of each worker at half the messages], [... at the end])."""
    started_at = sink.count
    processes = [start_worker(f"w{i}", sink.port) for i in range(workers)]
    try:
        sink.wait_for(started_at + 1, timeout)
        first = sink.count - 1
        sink.wait_for(first + count // 2, timeout)
        half = [rss_mib(p.pid) for p in processes]
        sink.wait_for(first + count, timeout)
        arrivals = sink.arrivals[first : first + count]
        end = [rss_mib(p.pid) for p in processes]
    finally:
        for process in processes:
            stop(process)
    return len(arrivals), arrivals[-1] - arrivals[0], half, end
