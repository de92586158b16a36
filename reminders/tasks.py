"""Thin tasks: they take ids, call one service and own only the retries."""

import logging

from celery import shared_task
from django.utils import timezone

from reminders.services import SEND_TIME_LIMIT, DigestNotSent, digest_send, digest_sending_until, reminders_scan

logger = logging.getLogger(__name__)

#: The longest a task waits to retry: far below the broker's visibility timeout, so that a waiting task
#: is never handed to a second worker. Longer back-offs are left to the periodic scan, which queues the
#: e-mail again once its ``next_attempt_at`` has passed.
MAX_RETRY_COUNTDOWN = 300


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
    countdown = max(1, int((retry_at - now).total_seconds()) + 1)
    if countdown <= MAX_RETRY_COUNTDOWN:  # longer waits are left to the periodic scan
        raise self.retry(exc=error, countdown=countdown)
