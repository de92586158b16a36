"""A morning's e-mails are queued in chunks, each chunk sent over one connection to the mail server."""

import datetime
from unittest import mock

import pytest

from reminders import tasks
from reminders.models import Digest
from reminders.tests.conftest import at_nine
from reminders.tests.smtp import MailServer

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
    refused = []
    real_send = tasks.digest_send

    def refuse_the_second(**kwargs):
        if not refused and Digest.objects.filter(status=Digest.Status.SENT).count() == 1:
            refused.append(kwargs["digest_id"])
            mailserver.set_mode(MailServer.FAIL)
            try:
                return real_send(**kwargs)
            finally:
                mailserver.set_mode(MailServer.ACCEPT)
        return real_send(**kwargs)

    with mock.patch.object(tasks, "digest_send", side_effect=refuse_the_second):
        scan(BUSY_MORNING)

    states = dict(Digest.objects.values_list("pk", "status"))
    assert states.pop(refused[0]) == Digest.Status.FAILED
    assert set(states.values()) == {Digest.Status.SENT} and len(mailserver.messages) == len(states)
