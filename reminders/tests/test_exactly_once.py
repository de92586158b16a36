"""Exactly once as people see it: runs that overlap, tasks that are retried, workers that die.

These run on whichever database the suite uses (SQLite or PostgreSQL) by interleaving the steps of
two runs in one process; reminders/tests/test_services.py races real processes on PostgreSQL and
kills a real Celery worker.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from reminders.models import Delivery, Digest
from reminders.selectors import ReminderPlan, reminders_due_on
from reminders.sending import CLAIM_LEASE, digest_claim, digest_send
from reminders.services import deliveries_insert, reminders_record
from reminders.tasks import send_digest
from reminders.tests.conftest import CURRENT_TIME

pytestmark = pytest.mark.django_db

TODAY = CURRENT_TIME.date()


def decide():
    return reminders_due_on(today=TODAY)


def test_two_runs_that_decided_at_once_record_each_reminder_once(staff_with_email):
    first, second = decide(), decide()  # both read before either wrote
    assert len(first.new) == len(second.new) == 3

    reminders_record(plan=first, now=CURRENT_TIME)
    late = reminders_record(plan=second, now=CURRENT_TIME)

    assert late == []
    assert Delivery.objects.count() == 3
    assert Digest.objects.count() == 1


def test_rows_left_without_an_email_are_claimed_once_by_the_next_runs(staff_with_email):
    first, second = decide(), decide()
    deliveries_insert(plan=first, now=CURRENT_TIME)
    deliveries_insert(plan=second, now=CURRENT_TIME)
    nothing_new = ReminderPlan(today=TODAY)
    winner = reminders_record(plan=nothing_new, now=CURRENT_TIME)

    loser = reminders_record(plan=nothing_new, now=CURRENT_TIME)

    assert len(winner) == 1 and loser == []
    assert Digest.objects.count() == 1  # the loser's empty e-mail was not kept
    assert set(Delivery.objects.values_list("digest", flat=True)) == {winner[0].pk}


def test_two_workers_given_the_same_email_send_it_once(staff_with_email, outbox):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]

    assert digest_send(digest_id=digest.pk, token="worker-a", now=CURRENT_TIME)
    assert not digest_send(digest_id=digest.pk, token="worker-b", now=CURRENT_TIME)
    assert not digest_send(digest_id=digest.pk, token="worker-b", now=CURRENT_TIME + CLAIM_LEASE * 2)
    assert len(outbox) == 1


def test_an_email_being_sent_is_left_to_its_sender_until_the_send_is_certainly_over(staff_with_email, outbox):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]
    assert digest_claim(digest_id=digest.pk, token="worker-a", now=CURRENT_TIME)
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENDING and digest.sending_since == CURRENT_TIME
    assert datetime.timedelta(seconds=settings.EMAIL_TIMEOUT) < CLAIM_LEASE

    assert not digest_send(digest_id=digest.pk, token="worker-b", now=CURRENT_TIME + CLAIM_LEASE)
    assert outbox == []
    # worker-a died: once its send is certainly over, the e-mail is sent again (at least once).
    assert digest_send(digest_id=digest.pk, token="worker-b", now=CURRENT_TIME + CLAIM_LEASE * 2)
    assert len(outbox) == 1


def test_a_retried_task_sends_nothing_new(staff_with_email, outbox):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]

    send_digest.apply(args=[digest.pk])
    send_digest.apply(args=[digest.pk])

    assert len(outbox) == 1
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT and digest.attempts == 1


def test_a_task_redelivered_after_its_worker_died_mid_send_waits_for_the_mail_timeout_then_sends_once(
    staff_with_email, outbox
):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]
    # The worker marked the e-mail "sending" and died; the mail server may or may not have accepted it.
    assert digest_claim(digest_id=digest.pk, token="task-1", now=CURRENT_TIME)
    later = CURRENT_TIME + datetime.timedelta(seconds=5)

    # Neither another task nor the same one handed on by the broker sends while the send may go on...
    assert not digest_send(digest_id=digest.pk, token="task-2", now=later)
    assert not digest_send(digest_id=digest.pk, token="task-1", now=later)
    assert outbox == []
    # ...once it is certainly over, it is sent again, once.
    over = CURRENT_TIME + CLAIM_LEASE + datetime.timedelta(seconds=1)
    assert digest_send(digest_id=digest.pk, token="task-1", now=over)
    assert not digest_send(digest_id=digest.pk, token="task-3", now=over + CLAIM_LEASE * 2)

    assert len(outbox) == 1
    digest.refresh_from_db()
    assert digest.attempts == 2


def test_the_send_task_finding_its_email_being_sent_looks_again_when_the_claim_lapses(staff_with_email, outbox):
    from unittest import mock

    from celery.exceptions import Retry

    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]
    assert digest_claim(digest_id=digest.pk, token="task-1", now=CURRENT_TIME)
    later = CURRENT_TIME + datetime.timedelta(seconds=5)
    with (
        time_machine.travel(later, tick=False),
        mock.patch.object(send_digest, "retry", side_effect=Retry) as retry,
    ):
        send_digest.push_request(id="task-1", is_eager=False, retries=0)
        try:
            with pytest.raises(Retry):
                send_digest.run(digest.pk)
        finally:
            send_digest.pop_request()
    assert retry.call_args.kwargs["countdown"] == (CLAIM_LEASE - datetime.timedelta(seconds=5)).seconds + 1
    assert outbox == []


def test_a_claim_lost_with_its_message_lapses_and_the_next_scan_sends_the_email(staff_with_email, outbox, scan):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]
    digest_claim(digest_id=digest.pk, token="lost-task", now=CURRENT_TIME)

    scan(CURRENT_TIME + CLAIM_LEASE - datetime.timedelta(minutes=1))
    assert outbox == []
    scan(CURRENT_TIME + CLAIM_LEASE + datetime.timedelta(minutes=1))

    assert len(outbox) == 1
    assert Digest.objects.get().status == Digest.Status.SENT


def test_an_email_without_an_address_is_never_claimed(plan_2023):
    digest = reminders_record(plan=decide(), now=CURRENT_TIME)[0]

    assert digest.status == Digest.Status.UNDELIVERABLE
    assert not digest_send(digest_id=digest.pk, token="any", now=CURRENT_TIME)
    assert mail.outbox == []
