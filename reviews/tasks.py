"""Thin tasks: they take ids and call one service."""

from celery import shared_task

from reviews.services import update_request_send


@shared_task(ignore_result=True)
def send_update_request(comment_id):
    update_request_send(comment_id=comment_id)
