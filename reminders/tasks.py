"""Thin tasks: they take ids, call one service and own only the retries."""

import logging

from celery import shared_task
from django.core import mail
from django.utils import timezone

from reminders.services import DigestNotSent, digest_send, reminders_scan

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


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_digest(self, digest_id):
    try:
        digest_send(digest_id=digest_id, token=self.request.id or "")
    except DigestNotSent as exc:
        if self.request.is_eager or exc.retry_in > MAX_RETRY_COUNTDOWN:
            return
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task(bind=True, ignore_result=True)
def send_digests(self, digest_ids):
    """Send a chunk of e-mails over one connection to the mail server. One the server refuses is retried
    on its own (``send_digest``); the others go on."""
    token = self.request.id or ""
    connection = mail.get_connection()  # opened by the first send, so that a refusal is that e-mail's failure
    try:
        for digest_id in digest_ids:
            try:
                digest_send(digest_id=digest_id, token=token, connection=connection)
            except DigestNotSent as exc:
                connection.close()  # the next e-mail opens a fresh one
                if not self.request.is_eager and exc.retry_in <= MAX_RETRY_COUNTDOWN:
                    send_digest.apply_async((digest_id,), countdown=exc.retry_in)
    finally:
        connection.close()
