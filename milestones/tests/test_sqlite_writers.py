"""Two saves at once on SQLite (``make run``'s database): the second waits for the first instead of failing
with "database is locked"."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction

ALIAS = "sqlite_race"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file database with the project's SQLite options, one connection per thread."""
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "race.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "TEST": {"NAME": str(tmp_path / "race.sqlite3")},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
            cursor.execute("INSERT INTO item VALUES (1, 1)")
        yield
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def save(delay, read_first):
    """A save as the admin makes it: read the row, then write it, in one transaction."""
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        if read_first:
            cursor.execute("SELECT version FROM item WHERE id = 1")
            read_first.set()
        time.sleep(delay)
        cursor.execute("UPDATE item SET version = version + 1 WHERE id = 1")


def test_a_save_that_reads_then_writes_waits_for_another_writer_instead_of_failing(sqlite_file):
    errors = []
    has_read = threading.Event()

    def page_save():
        has_read.wait(5)
        try:
            save(0, None)
        except Exception as exc:  # the failure under test, reported by the main thread
            errors.append(exc)
        finally:
            connections[ALIAS].close()

    other = threading.Thread(target=page_save)
    other.start()
    save(0.3, has_read)  # the page's save starts while this one holds its read
    other.join(10)

    assert not errors
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT version FROM item WHERE id = 1")
        assert cursor.fetchone() == (3,)
