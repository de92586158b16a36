"""A mail server that refuses, then comes back: the reminder waits, records why, and goes out once."""

import datetime
from unittest import mock

import pytest
from celery.exceptions import Retry

from reminders.models import Digest
from reminders.tasks import MAX_RETRY_COUNTDOWN, send_digest
from reminders.tests.conftest import CURRENT_TIME
from reminders.tests.smtp import MailServer

pytestmark = pytest.mark.django_db


def test_a_failing_mail_server_is_retried_with_backoff_and_the_reminder_sent_once_when_it_recovers(
    staff_with_email, mailserver, scan
):
    mailserver.set_mode(MailServer.FAIL)
    scan(CURRENT_TIME)

    digest = Digest.objects.get()
    assert digest.status == Digest.Status.FAILED and digest.attempts == 1
    assert "451" in digest.last_error
    assert digest.next_attempt_at == CURRENT_TIME + datetime.timedelta(minutes=1)

    scan(CURRENT_TIME + datetime.timedelta(minutes=15))  # still down: a second attempt, a longer wait
    digest.refresh_from_db()
    assert digest.attempts == 2
    assert digest.next_attempt_at == CURRENT_TIME + datetime.timedelta(minutes=17)

    scan(CURRENT_TIME + datetime.timedelta(minutes=16))  # before the next attempt is due: no attempt
    digest.refresh_from_db()
    assert digest.attempts == 2

    mailserver.set_mode(MailServer.ACCEPT)
    scan(CURRENT_TIME + datetime.timedelta(minutes=30))
    scan(CURRENT_TIME + datetime.timedelta(minutes=45))

    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT and digest.attempts == 3 and digest.last_error == ""
    assert len(mailserver.messages) == 1
    recipients, message = mailserver.messages[0]
    assert recipients == [digest.email]
    assert "https://govtrack.example/milestones/1/" in message.get_body(("plain",)).get_content()
    assert Digest.objects.count() == 1


def test_the_send_task_retries_with_a_short_countdown_then_leaves_it_to_the_scan(staff_with_email, mailserver, scan):
    mailserver.set_mode(MailServer.FAIL)
    scan(CURRENT_TIME)
    digest = Digest.objects.get()

    countdowns = []
    for _ in range(4):
        Digest.objects.filter(pk=digest.pk).update(next_attempt_at=CURRENT_TIME)  # due again now
        with mock.patch.object(send_digest, "retry", side_effect=Retry) as retry:
            send_digest.push_request(id="task-1", is_eager=False, retries=0)
            try:
                send_digest.run(digest.pk)
            except Retry:
                pass
            finally:
                send_digest.pop_request()
        countdowns.append(retry.call_args.kwargs["countdown"] if retry.called else None)

    # Attempts 2..5 back off 2, 4, 8 and 16 minutes; past five minutes the periodic scan retries instead.
    assert [c is not None and c <= MAX_RETRY_COUNTDOWN for c in countdowns] == [True, True, False, False]
    digest.refresh_from_db()
    assert digest.attempts == 5 and digest.status == Digest.Status.FAILED
