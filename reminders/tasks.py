"""Thin tasks: they take ids, call one service and own only the retries."""

import logging

from celery import shared_task
from django.core import mail
from django.utils import timezone

from reminders.sending import SEND_TIME_LIMIT, DigestNotSent, digest_send, digest_sending_until, digests_send
from reminders.services import reminders_scan

logger = logging.getLogger(__name__)

#: The longest a task waits to retry: far below the broker's visibility timeout, so that a waiting task
#: is never handed to a second worker. Longer back-offs are left to the periodic scan, which queues the
#: e-mail again once its ``next_attempt_at`` has passed.
MAX_RETRY_COUNTDOWN = 300

#: E-mails per sending task: few enough that two workers share a morning's e-mails evenly and a task lasts
#: seconds, enough that queueing them costs little and each task sends over one mail-server connection.
SEND_CHUNK = 50


@shared_task(ignore_result=True)
def scan_reminders():
    """The periodic run: decide, record and send what is due now (level-triggered)."""
    result = reminders_scan(now=timezone.now())
    logger.info(
        "Reminder scan for %s: %s new e-mails, %s queued again%s",
        result.today,
        len(result.digests),
        len(result.requeued),
        f" (skipped: {result.skipped})" if result.skipped else "",
    )


# The hard time limit ends a send still waiting on the mail server, so that the e-mail's claim, which lapses
# a little later, is never taken over while the send may still go on.
@shared_task(bind=True, ignore_result=True, max_retries=None, time_limit=SEND_TIME_LIMIT)
def send_digest(self, digest_id):
    now = timezone.now()
    try:
        if digest_send(digest_id=digest_id, token=self.request.id or "", now=now):
            return
        # Not ours to send now; if it is marked "sending" (by a send perhaps still going on, or by this very
        # task before its worker died), look again once that claim has lapsed.
        retry_at, error = digest_sending_until(digest_id), None
    except DigestNotSent as exc:
        retry_at, error = exc.retry_at, exc
    if retry_at is None or self.request.is_eager:
        return
    countdown = _countdown(retry_at, now)
    if countdown <= MAX_RETRY_COUNTDOWN:  # longer waits are left to the periodic scan
        raise self.retry(exc=error, countdown=countdown)


def _countdown(retry_at, now):
    return max(1, int((retry_at - now).total_seconds()) + 1)


@shared_task(bind=True, ignore_result=True, time_limit=SEND_TIME_LIMIT * SEND_CHUNK)
def send_digests(self, digest_ids):
    """Send a chunk of e-mails over one connection to the mail server (``digests_send``). One not sent now
    (refused, or marked "sending" by another send) is handed to a ``send_digest`` task of its own, due when it
    may be tried again, as that task would retry it; the others go on."""
    connection = mail.get_connection()  # opened by the first send, so that a refusal is that e-mail's failure
    try:
        outcome = digests_send(
            digest_ids=digest_ids,
            token=self.request.id or "",
            now=timezone.now(),
            clock=timezone.now,
            connection=connection,
        )
    finally:
        connection.close()
    if self.request.is_eager:
        return
    now = timezone.now()
    retry = {**outcome.held, **{pk: exc.retry_at for pk, exc in outcome.refused.items()}}
    for digest_id, retry_at in retry.items():
        if retry_at is not None:
            countdown = _countdown(retry_at, now)
            if countdown <= MAX_RETRY_COUNTDOWN:  # longer waits are left to the periodic scan
                send_digest.apply_async((digest_id,), countdown=countdown)
