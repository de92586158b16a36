"""Exactly once with the real servers: two runs racing on PostgreSQL, and a real Celery worker on Redis
that is killed in the middle of a send.

These tests run the application as it runs in production, in processes of its own: each makes a
PostgreSQL database of its own (on the server DATABASE_URL names when it is PostgreSQL, else the
machine's on 127.0.0.1:5432), migrates it and loads the 2023 plan, so they run, and prove the same,
in the SQLite pass and the PostgreSQL pass of the suite alike. Mail goes to a test SMTP server
(reminders/tests/smtp.py) in the test process.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

from reminders.tests.smtp import MailServer
from reminders.tests.workers import celery_worker_command

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/5"
#: A day on which many people are due something: the first working day after 추석 and 2-3 October.
DAY = "2023-10-04"


def _server():
    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        return {k: db[k.upper()] or None for k in ("host", "port", "user", "password")}
    return {"host": "127.0.0.1", "port": "5432", "user": "postgres", "password": None}


class Database:
    def __init__(self):
        self.server = _server()
        self.name = f"govtrack_reminders_{uuid.uuid4().hex[:12]}"
        auth = self.server["user"] + (f":{self.server['password']}" if self.server["password"] else "")
        self.url = f"postgres://{auth}@{self.server['host']}:{self.server['port'] or 5432}/{self.name}"

    def admin(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in self.server.items() if v})

    def connect(self, **kwargs):
        return psycopg.connect(self.url.replace("postgres://", "postgresql://"), **kwargs)

    def rows(self, sql, *args):
        with self.connect() as connection:
            return connection.execute(sql, args).fetchall()


def run_env(database, mailserver, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="govtrack.settings.local",
        DATABASE_URL=database.url,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(mailserver.port),
        DJANGO_EMAIL_TIMEOUT="20",
        SITE_URL="https://govtrack.example",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def smtp():
    with MailServer() as server:
        yield server


@pytest.fixture
def database(smtp):
    """A migrated PostgreSQL database with the 2023 plan, everybody given an e-mail address."""
    database = Database()
    with database.admin() as admin:
        admin.execute(f'CREATE DATABASE "{database.name}"')
    try:
        env = run_env(database, smtp)
        manage(env, "migrate", "--noinput")
        manage(env, "load_plan", "fixtures/seoul-dpb-2023.yaml")
        with database.connect() as connection:
            connection.execute("UPDATE departments_staff SET email = 'staff' || id || '@seoul.example'")
        manage(env, "send_reminders", "--date", DAY, "--dry-run")  # also creates the settings row
        yield database
    finally:
        with database.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(message)


def two_runs_at_once(database, env, *args):
    """Run ``send_reminders *args`` twice at the same moment; returns both outputs (stdout, stderr).

    Both runs are held at their first look at the delivery table, inside their transactions, having both
    decided the same reminders; then they are let go at once.
    """
    with database.connect() as lock:
        lock.execute("LOCK TABLE reminders_delivery IN ACCESS EXCLUSIVE MODE")
        runs = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_reminders", *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
        try:
            wait_until(lambda: database.rows(waiting, database.name)[0][0] == 2, 60, "both runs to wait")
        finally:
            lock.rollback()
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    return outputs


def test_two_runs_at_the_same_moment_on_postgresql_send_each_reminder_once(database, smtp):
    outputs = two_runs_at_once(database, run_env(database, smtp), "--date", DAY)

    digests = database.rows("SELECT recipient_id, email, status FROM reminders_digest")
    deliveries = database.rows("SELECT count(*), count(DISTINCT digest_id) FROM reminders_delivery")[0]
    assert len(digests) > 3 and {status for _, _, status in digests} == {"sent"}
    assert len({recipient for recipient, _, _ in digests}) == len(digests)  # one e-mail per person
    assert deliveries[1] == len(digests)
    assert sorted(recipients[0] for recipients, _ in smtp.messages) == sorted(email for _, email, _ in digests)
    assert len({message["Message-ID"] for _, message in smtp.messages}) == len(digests)
    # The loser of the race decided the same reminders and found them taken: it sent nothing.
    assert sorted("\n0 new e-mails." in out for out, _ in outputs) == [False, True]


def celery_worker(env, name):
    return subprocess.Popen(
        celery_worker_command(name, "--loglevel=INFO"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.stdout.read() if process.stdout else ""


def test_a_real_worker_on_redis_killed_mid_send_still_sends_each_reminder_once(database, smtp):
    broker = redis.Redis.from_url(REDIS_URL)
    queue = f"reminders-test-{uuid.uuid4().hex[:12]}"  # apart from any other run on this Redis
    # Redis gives a dead worker's unacknowledged task to another after this many seconds.
    # A short mail timeout: the e-mail marked "sending" by the killed worker is sent again once its send is
    # certainly over (reminders.sending.CLAIM_LEASE, here 42 seconds), by the task Redis hands on.
    env = run_env(
        database,
        smtp,
        REDIS_URL=REDIS_URL,
        CELERY_QUEUE=queue,
        CELERY_VISIBILITY_TIMEOUT="5",
        DJANGO_EMAIL_TIMEOUT="4",
    )
    smtp.set_mode(MailServer.STALL)  # the first e-mail hangs after its data, before the server's 250
    first = second = None
    try:
        first = celery_worker(env, "first")
        queued = manage(env, "send_reminders", "--date", DAY)
        assert "queued for the Celery worker" in queued
        expected = database.rows("SELECT id, email FROM reminders_digest ORDER BY id")
        assert len(expected) > 3

        smtp.wait_until_stalled(60)
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies in the middle of the send
        first.wait()
        smtp.set_mode(MailServer.ACCEPT)
        # The worker had claimed its chunk's e-mails together: all are held under its claim, none delivered.
        killed = database.rows("SELECT id, claimed_by FROM reminders_digest WHERE status = 'sending'")
        assert len(killed) == len(expected) and len({claim for _, claim in killed}) == 1 and smtp.messages == []

        second = celery_worker(env, "second")
        smtp.wait_for(len(expected), timeout=120)
        manage(env, "send_reminders", "--date", DAY)  # and a run again: nothing new
        time.sleep(3)

        assert sorted(recipients[0] for recipients, _ in smtp.messages) == sorted(email for _, email in expected)
        assert len({message["Message-ID"] for _, message in smtp.messages}) == len(expected)
        states = dict(database.rows("SELECT id, status FROM reminders_digest"))
        assert set(states.values()) == {"sent"} and len(states) == len(expected)
        retaken = database.rows("SELECT DISTINCT attempts FROM reminders_digest")
        # Each sent on its second attempt, once the claim lapsed: the chunk's task, handed on by Redis, found them
        # still "sending" and gave each to a task of its own, due when the claim lapses.
        assert retaken == [(2,)]
    finally:
        logs = "".join(stop(worker) for worker in (first, second) if worker is not None)
        broker.delete(queue, *broker.scan_iter(f"*{queue}*"))
    assert "reminders.tasks.send_digest" in logs
