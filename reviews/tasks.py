"""Thin tasks: they take ids and call one service."""

from celery import shared_task

from reviews.services import RequestEmailNotSent, update_request_send

#: Tries of a request's e-mail while the mail server refuses, a few minutes apart; after that it stays
#: "failed" with its error in the admin.
MAX_TRIES = 5


@shared_task(bind=True, ignore_result=True, max_retries=MAX_TRIES - 1)
def send_update_request(self, comment_id):
    try:
        update_request_send(comment_id=comment_id)
    except RequestEmailNotSent as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
