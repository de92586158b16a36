"""Thin tasks: they take ids, call one service and own only the retries."""

from celery import shared_task
from django.utils import timezone

from api.webhooks import DeliveryNotSent, deliveries_requeue, delivery_send

#: The longest a task waits to retry (below the broker's visibility timeout); longer back-offs are left to the
#: periodic job, which queues the delivery again once its ``next_attempt_at`` has passed.
MAX_RETRY_COUNTDOWN = 300


@shared_task(bind=True, ignore_result=True, max_retries=None)
def deliver_webhook(self, delivery_id):
    try:
        delivery_send(delivery_id=delivery_id, token=self.request.id or "")
    except DeliveryNotSent as exc:
        if self.request.is_eager or exc.retry_in > MAX_RETRY_COUNTDOWN:
            return
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task(ignore_result=True)
def requeue_webhooks():
    """The periodic job: deliveries lost with the broker or due another attempt are queued again."""
    deliveries_requeue(now=timezone.now())
