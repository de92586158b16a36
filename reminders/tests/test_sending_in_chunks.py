"""A morning's e-mails are queued in chunks, each chunk sent over one connection to the mail server."""

import datetime
import itertools
from unittest import mock

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders import tasks
from reminders.models import Digest
from reminders.sending import SEND_TIME_LIMIT, digests_send
from reminders.services import reminders_scan
from reminders.tests.conftest import at_nine

pytestmark = pytest.mark.django_db

#: Escalations across 추석: several people get an e-mail that morning.
BUSY_MORNING = at_nine(datetime.date(2023, 10, 31))


def test_the_emails_of_a_run_are_queued_as_one_task_per_chunk(staff_with_email, outbox, scan, monkeypatch):
    monkeypatch.setattr(tasks, "SEND_CHUNK", 2)
    with mock.patch.object(tasks.send_digests, "apply_async", wraps=tasks.send_digests.apply_async) as queued:
        scan(BUSY_MORNING)

    digests = list(Digest.objects.order_by("pk").values_list("pk", flat=True))
    assert len(digests) >= 3
    chunks = [call.args[0][0] for call in queued.call_args_list]
    assert chunks == [digests[i : i + 2] for i in range(0, len(digests), 2)]
    assert len(outbox) == len(digests)
    assert set(Digest.objects.values_list("status", flat=True)) == {Digest.Status.SENT}


def test_a_chunk_of_emails_goes_over_one_connection_to_the_mail_server(staff_with_email, mailserver, scan):
    scan(BUSY_MORNING)

    count = Digest.objects.count()
    assert count >= 3 and count <= tasks.SEND_CHUNK
    assert len(mailserver.messages) == count
    assert mailserver.connections == 1


def test_an_email_the_server_refuses_fails_alone_and_the_rest_of_its_chunk_goes_out(
    staff_with_email, mailserver, scan
):
    mailserver.refused_mails = {2}  # the second e-mail of the chunk is refused, the others accepted
    scan(BUSY_MORNING)

    states = dict(Digest.objects.values_list("pk", "status"))
    refused = sorted(states)[1]
    assert len(states) >= 3
    assert states.pop(refused) == Digest.Status.FAILED
    assert "451" in Digest.objects.get(pk=refused).last_error
    assert set(states.values()) == {Digest.Status.SENT} and len(mailserver.messages) == len(states)
    assert mailserver.connections == 2  # the e-mail after the refused one opened a fresh connection


def test_a_chunk_costs_the_same_queries_for_one_email_or_many(staff_with_email, outbox):
    with time_machine.travel(BUSY_MORNING, tick=False):
        digests = reminders_scan(now=BUSY_MORNING).digests  # queued after the commit: not sent here
        ids = [digest.pk for digest in digests if digest.status == Digest.Status.PENDING]
        assert len(ids) >= 3 and len(outbox) == 0

        counted = []
        for chunk in (ids[:1], ids[1:]):
            with CaptureQueriesContext(connection) as queries:
                tasks.send_digests.apply(args=[chunk])
            counted.append(len(queries))

    assert counted[0] == counted[1] <= 6
    assert sorted(message.to[0] for message in outbox) == sorted(digest.email for digest in digests)
    assert set(Digest.objects.values_list("status", flat=True)) == {Digest.Status.SENT}


def test_a_slow_chunk_renews_its_claims_so_that_no_email_goes_out_on_a_lapsing_claim(staff_with_email):
    with time_machine.travel(BUSY_MORNING, tick=False):
        ids = [d.pk for d in reminders_scan(now=BUSY_MORNING).digests if d.status == Digest.Status.PENDING]
    assert len(ids) >= 3
    ticks = itertools.count()

    def clock():  # every look at the clock finds 20 more seconds gone: a slow mail server
        return BUSY_MORNING + datetime.timedelta(seconds=20 * next(ticks))

    seen = []

    class Recording(BaseEmailBackend):
        def send_messages(self, messages):
            for message in messages:
                digest = Digest.objects.get(email=message.to[0])
                seen.append((digest.status, digest.claimed_until - clock()))
            return len(messages)

    outcome = digests_send(digest_ids=ids, token="slow", now=BUSY_MORNING, clock=clock, connection=Recording())

    assert sorted(outcome.sent) == sorted(ids) and len(seen) == len(ids)
    assert all(status == Digest.Status.SENDING for status, _ in seen)
    assert all(left >= datetime.timedelta(seconds=SEND_TIME_LIMIT) for _, left in seen)
    assert set(Digest.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Digest.Status.SENT}
