"""Webhooks: events, then deliveries (style pattern 19), claimed before each POST (pattern 1).

On each recorded event the listener writes one delivery row per active webhook that wants its kind, in the
event's transaction, unique per (webhook, event); after commit a task is queued per row. A sender claims a row
with a conditional update, POSTs the signed JSON, and records the outcome: sent (never sent again), failed
(retried with back-off) or, after ``MAX_ATTEMPTS``, given up.
"""

import datetime
import hashlib
import hmac
import json
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.templatetags.people import person
from api.models import Webhook, WebhookDelivery
from api.outgoing import HostRefused, post
from common.retry import backoff

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Govtrack-Signature"
DELIVERY_HEADER = "X-Govtrack-Delivery"
EVENT_HEADER = "X-Govtrack-Event"
#: A sender owns a claimed delivery this long: more than a POST may take (WEBHOOK_TIMEOUT).
CLAIM_LEASE = datetime.timedelta(minutes=5)
#: A pending delivery whose task has not run by then was lost with the broker and is queued again.
PENDING_GRACE = datetime.timedelta(minutes=10)
#: Attempts before a delivery is given up: with the back-off below, about a day.
MAX_ATTEMPTS = 10


class DeliveryNotSent(Exception):
    def __init__(self, message, *, retry_at, now):
        super().__init__(message)
        self.retry_at = retry_at
        self.retry_in = max(0, int((retry_at - now).total_seconds()))


#: The longest wait between two attempts.
MAX_RETRY_DELAY = datetime.timedelta(hours=4)


def retry_delay(attempts):
    """Back off after a failed attempt: 1, 2, 4, 8 ... minutes, at most four hours."""
    return backoff(attempts, at_most=MAX_RETRY_DELAY)


def sign(secret, body):
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of the body with the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _enqueue(delivery_ids):
    from api.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)


def _active_webhooks():
    return list(Webhook.objects.filter(is_active=True).only("pk", "kinds"))


def webhook_deliveries_record_many(events, webhooks=None):
    """One delivery row per (wanting webhook, event), in the caller's transaction; sent after it commits."""
    webhooks = _active_webhooks() if webhooks is None else webhooks
    rows = [
        WebhookDelivery(webhook_id=webhook.pk, event_id=event.pk, created_at=event.created_at)
        for event in events
        for webhook in webhooks
        if webhook.wants(event.kind)
    ]
    if not rows:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(rows)
    transaction.on_commit(partial(_enqueue, [d.pk for d in deliveries]))
    return deliveries


def webhook_deliveries_record(event):
    return webhook_deliveries_record_many([event])


def payload(delivery):
    """The JSON body of a delivery: the delivery id, the event and the milestone as it is now."""
    event = delivery.event
    milestone = event.milestone
    project = milestone.project
    return {
        "delivery": str(delivery.delivery_id),
        "event": {
            "id": event.pk,
            "kind": event.kind,
            "at": event.created_at.isoformat(),
            "actor": {"id": event.actor_id, "name": person(event.actor)} if event.actor_id else None,
            "data": event.data,
        },
        "milestone": {
            "id": milestone.pk,
            "title": milestone.title,
            "status": milestone.status,
            "due_date": milestone.due_date.isoformat() if milestone.due_date else None,
            "percent_complete": milestone.percent_complete,
            "version": milestone.version,
            "project": {"id": project.pk, "number": project.number, "title": project.title},
            "department_id": project.department_id,
            "url": settings.SITE_URL + milestone.get_absolute_url(),
        },
    }


def delivery_claim(*, delivery_id, token, now):
    """Take the delivery for one attempt; True for exactly one caller until it is sent, fails or its claim lapses."""
    claimable = (
        Q(status=WebhookDelivery.Status.PENDING)
        | Q(status=WebhookDelivery.Status.FAILED, next_attempt_at__lte=now)
        | Q(status=WebhookDelivery.Status.SENDING, claimed_by=token)
        | Q(status=WebhookDelivery.Status.SENDING, claimed_until__lt=now)
    )
    claimed = WebhookDelivery.objects.filter(claimable, pk=delivery_id, webhook__is_active=True).update(
        status=WebhookDelivery.Status.SENDING,
        claimed_by=token,
        claimed_until=now + CLAIM_LEASE,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def delivery_send(*, delivery_id, token, now=None):
    """POST one delivery if this caller wins the claim. Returns whether it was sent.

    Raises DeliveryNotSent when the receiver fails (an error, a timeout, a status other than 2xx); the row then
    records the error and when to try again, or that it was given up.
    """
    now = now or timezone.now()
    if not delivery_claim(delivery_id=delivery_id, token=token, now=now):
        return False
    delivery = WebhookDelivery.objects.select_related(
        "webhook", "event__actor__staff", "event__milestone__project"
    ).get(pk=delivery_id)
    body = json.dumps(payload(delivery), ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "govtrack-webhooks",
        SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
        DELIVERY_HEADER: str(delivery.delivery_id),
        EVENT_HEADER: delivery.event.kind,
    }
    mine = WebhookDelivery.objects.filter(pk=delivery_id, claimed_by=token, status=WebhookDelivery.Status.SENDING)
    error, status = "", None
    try:
        status = post(delivery.webhook.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except HostRefused as exc:
        error = str(exc)
    except (OSError, ValueError) as exc:  # http.client's errors are OSError or ValueError subclasses
        error = f"{type(exc).__name__}: {exc}"
    if not error:
        mine.update(
            status=WebhookDelivery.Status.SENT,
            sent_at=now,
            response_status=status,
            last_error="",
            claimed_until=None,
            next_attempt_at=None,
        )
        return True
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    retry_at = now + retry_delay(delivery.attempts)
    mine.update(
        status=WebhookDelivery.Status.GAVE_UP if gave_up else WebhookDelivery.Status.FAILED,
        response_status=status,
        last_error=error[:2000],
        next_attempt_at=None if gave_up else retry_at,
        claimed_until=None,
    )
    logger.warning("Webhook delivery %s not sent (attempt %s): %s", delivery.delivery_id, delivery.attempts, error)
    if gave_up:
        return False
    raise DeliveryNotSent(error, retry_at=retry_at, now=now)


def deliveries_requeue(*, now):
    """Queue again the deliveries whose task was lost or whose retry is due (the periodic job)."""
    stranded = WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.PENDING, created_at__lt=now - PENDING_GRACE)
        | Q(status=WebhookDelivery.Status.FAILED, next_attempt_at__lte=now)
        | Q(status=WebhookDelivery.Status.SENDING, claimed_until__lt=now),
        webhook__is_active=True,
    )
    ids = list(stranded.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(partial(_enqueue, ids))
    return ids


def deliveries_retry_now(*, deliveries, now):
    """Let failed or given-up deliveries be tried again at once (the admin's "retry now")."""
    retryable = (WebhookDelivery.Status.FAILED, WebhookDelivery.Status.GAVE_UP)
    ids = list(deliveries.filter(status__in=retryable).values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids, status__in=retryable).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=now, attempts=0
    )
    transaction.on_commit(partial(_enqueue, ids))
    return len(ids)
