"""Thin tasks: they take an upload's id and call one service."""

from celery import shared_task

from planfiles.uploads import plan_upload_check, plan_upload_load


@shared_task(ignore_result=True)
def check_plan_upload(upload_id):
    plan_upload_check(upload_id=upload_id)


@shared_task(ignore_result=True)
def load_plan_upload(upload_id):
    plan_upload_load(upload_id=upload_id)
