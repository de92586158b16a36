"""Writes: sending the reminders' e-mails, each by the one sender that claims it.

An e-mail is sent only by the one caller whose ``UPDATE ... WHERE status IN (...)`` changed its row (style example
1); a chunk of e-mails is claimed, read and recorded in a fixed number of statements, however many e-mails it holds.
"""

import datetime
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from common.retry import backoff
from reminders.emails import digest_messages
from reminders.models import Digest

logger = logging.getLogger(__name__)

#: The longest one send may take: the hard time limit of the send task (reminders/tasks.py), which ends a
#: send still waiting on the mail server; each step of the SMTP exchange waits at most EMAIL_TIMEOUT.
SEND_TIME_LIMIT = 3 * django_settings.EMAIL_TIMEOUT
#: How long an e-mail marked "sending" stays its sender's: until its send is certainly over (the time limit
#: and a margin). Only then may it be sent again (at least once: it may have reached the mail server).
CLAIM_LEASE = datetime.timedelta(seconds=SEND_TIME_LIMIT + 30)
#: A pending e-mail whose task has not run by then was lost with the broker and is queued again.
PENDING_GRACE = datetime.timedelta(minutes=10)


class DigestNotSent(Exception):
    def __init__(self, message, *, retry_at, now):
        super().__init__(message)
        self.retry_at = retry_at
        self.retry_in = max(0, int((retry_at - now).total_seconds()))


def retry_delay(attempts):
    """Back off after a failed attempt: 1, 2, 4, 8 ... minutes, at most an hour."""
    return backoff(attempts, at_most=datetime.timedelta(hours=1))


def digests_enqueue(digest_ids):
    """Queue the e-mails in chunks (``reminders.tasks.SEND_CHUNK`` a task), all through one broker connection:
    the city's 15,000 e-mails of a morning are a few hundred messages to the broker, not 15,000, sent together
    (on Redis one pipeline) rather than a round trip each."""
    from reminders.tasks import SEND_CHUNK, send_digests

    ids = list(digest_ids)
    if not ids:
        return
    with send_digests.app.producer_or_acquire() as producer, producer.batch():
        for start in range(0, len(ids), SEND_CHUNK):
            send_digests.apply_async((ids[start : start + SEND_CHUNK],), producer=producer)


def digests_requeue(*, now):
    """Queue again the e-mails whose sending was lost or failed and is due to be retried."""
    stranded = Digest.objects.filter(
        Q(status=Digest.Status.PENDING, created_at__lt=now - PENDING_GRACE)
        | Q(status=Digest.Status.FAILED, next_attempt_at__lte=now)
        | Q(status=Digest.Status.SENDING, claimed_until__lt=now)
    )
    ids = list(stranded.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(partial(digests_enqueue, ids))
    return ids


def digest_claim(*, digest_id, token, now):
    """Mark the e-mail "sending" since ``now``; True for exactly one caller until it is sent, fails or its claim
    lapses.

    A claim lapses only once its send is certainly over (``CLAIM_LEASE``), even for the task that made it:
    one redelivered after its worker died may not know whether the mail server accepted the message, so it
    waits as long as anybody else before sending it again.
    """
    return (
        Digest.objects.filter(_claimable(now), pk=digest_id).update(
            status=Digest.Status.SENDING,
            claimed_by=token,
            sending_since=now,
            claimed_until=now + CLAIM_LEASE,
            attempts=F("attempts") + 1,
        )
        == 1
    )


#: The e-mails a chunk has sent are recorded together, at the latest this long after the first of them went out
#: (and when the chunk ends): one statement and one commit for many e-mails, and a worker that dies leaves few
#: e-mails sent but still marked "sending" (they go out again, at least once, when their claim lapses).
SENT_RECORD_EVERY = datetime.timedelta(seconds=1)


@dataclass
class ChunkSent:
    """What became of a chunk of e-mails: those sent, those refused (DigestNotSent, due again at its
    ``retry_at``), and those left alone (not this sender's now) with when their claim lapses (None: never
    to be sent by a task, sent already or undeliverable)."""

    sent: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)
    held: dict = field(default_factory=dict)


def _claimable(now):
    return (
        Q(status=Digest.Status.PENDING)
        | Q(status=Digest.Status.FAILED, next_attempt_at__lte=now)
        | Q(status=Digest.Status.SENDING, claimed_until__lt=now)
    )


def digests_send(*, digest_ids, token, now=None, clock=None, connection=None):
    """Send the e-mails ``digest_ids`` that this caller wins the claim of, over one connection to the mail server.

    The chunk is claimed in one statement ("sending" since ``now``, each its attempt counted) under a claim of its
    own (``token`` and a random suffix: a task handed on by the broker with the same id does not take its earlier
    claims for new ones). What the e-mails show is read for all at once, and those sent are recorded together
    (``SENT_RECORD_EVERY``): a fixed number of statements however many e-mails. A claim is renewed for the
    e-mails still to send before less than one send's time (``SEND_TIME_LIMIT``) is left of it. An e-mail the
    server refuses fails alone: its row records the error, the attempts and when to try again, and the next one
    opens a fresh connection. ``clock()``: the time as the chunk goes on (by default ``now`` and the time since);
    ``connection``: an open e-mail connection to use, else one of its own.
    """
    now = now or timezone.now()
    if clock is None:
        started = time.monotonic()

        def clock():
            return now + datetime.timedelta(seconds=time.monotonic() - started)

    ids = list(dict.fromkeys(digest_ids))
    claim = f"{token} {secrets.token_hex(4)}"
    outcome = ChunkSent()
    won = Digest.objects.filter(_claimable(now), pk__in=ids).update(
        status=Digest.Status.SENDING,
        claimed_by=claim,
        sending_since=now,
        claimed_until=now + CLAIM_LEASE,
        attempts=F("attempts") + 1,
    )
    mine = Digest.objects.filter(pk__in=ids, claimed_by=claim, status=Digest.Status.SENDING)
    found = {digest.pk: digest for digest in mine.select_related("recipient")} if won else {}
    digests = {pk: found[pk] for pk in ids if pk in found}  # in the order given
    if len(digests) < len(ids):
        held = Digest.objects.filter(pk__in=[pk for pk in ids if pk not in digests])
        lapses = dict(held.filter(status=Digest.Status.SENDING).values_list("pk", "claimed_until"))
        outcome.held = {pk: lapses.get(pk) for pk in ids if pk not in digests}
    if not digests:
        return outcome
    own_connection = connection is None
    if own_connection:
        connection = mail.get_connection()
    sent, recorded_at, claimed_at = [], None, now

    def record_sent(at):
        Digest.objects.filter(pk__in=sent, claimed_by=claim, status=Digest.Status.SENDING).update(
            status=Digest.Status.SENT, sent_at=at, last_error="", claimed_until=None, next_attempt_at=None
        )
        outcome.sent += sent
        sent.clear()

    try:
        for digest, message in digest_messages(digests.values()):
            at = clock()
            if sent and at - recorded_at >= SENT_RECORD_EVERY:
                record_sent(at)
            if at - claimed_at > CLAIM_LEASE - datetime.timedelta(seconds=SEND_TIME_LIMIT):
                claimed_at = at
                if not _claims_renew(digest, digests, claim, until=at + CLAIM_LEASE):
                    continue
            try:
                connection.open()  # kept open for the next e-mail; nothing to do when it is open already
                message.connection = connection
                message.send()
            except (smtplib.SMTPException, OSError) as exc:
                connection.close()  # the next e-mail opens a fresh one
                outcome.refused[digest.pk] = _digest_refused(digest, claim, exc, now=clock())
                continue
            if not sent:
                recorded_at = at
            sent.append(digest.pk)
    finally:
        if own_connection:
            connection.close()
        if sent:
            record_sent(clock())
    return outcome


def _claims_renew(digest, digests, claim, *, until):
    """Renew the claims of ``digest`` and the e-mails after it in ``digests``; whether ``digest`` is still this
    sender's (a claim that lapsed and was taken by another sender is not renewed)."""
    rest = list(digests)[list(digests).index(digest.pk) :]
    Digest.objects.filter(pk__in=rest, claimed_by=claim, status=Digest.Status.SENDING).update(claimed_until=until)
    return Digest.objects.filter(pk=digest.pk, claimed_by=claim, status=Digest.Status.SENDING).exists()


def _digest_refused(digest, claim, exc, *, now):
    retry_at = now + retry_delay(digest.attempts)
    Digest.objects.filter(pk=digest.pk, claimed_by=claim).update(
        status=Digest.Status.FAILED,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=retry_at,
        claimed_until=None,
    )
    logger.warning("Reminder e-mail %s not sent (attempt %s): %s", digest.pk, digest.attempts, exc)
    return DigestNotSent(str(exc), retry_at=retry_at, now=now)


def digest_send(*, digest_id, token, now=None, connection=None):
    """Send one reminder e-mail if this caller wins the claim (``digests_send`` of one). Returns whether it sent.

    Raises DigestNotSent when the mail server refuses; the row then records the error, the attempts
    and when to try again.
    """
    now = now or timezone.now()
    outcome = digests_send(digest_ids=[digest_id], token=token, now=now, clock=lambda: now, connection=connection)
    if digest_id in outcome.refused:
        raise outcome.refused[digest_id]
    return digest_id in outcome.sent


def digest_sending_until(digest_id):
    """When the claim of an e-mail marked "sending" lapses (None when it is not being sent)."""
    return (
        Digest.objects.filter(pk=digest_id, status=Digest.Status.SENDING)
        .values_list("claimed_until", flat=True)
        .first()
    )


def digest_retry_now(*, digests, now):
    """Let failed e-mails be retried at once (the admin's "retry now")."""
    ids = list(digests.filter(status=Digest.Status.FAILED).values_list("pk", flat=True))
    Digest.objects.filter(pk__in=ids, status=Digest.Status.FAILED).update(next_attempt_at=now)
    transaction.on_commit(partial(digests_enqueue, ids))
    return len(ids)
