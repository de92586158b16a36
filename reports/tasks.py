"""Thin tasks: they take ids and call one service."""

from celery import shared_task

from milestones.schedule import seoul_today
from reports.services import report_export_build


@shared_task(ignore_result=True)
def build_report_export(export_id):
    report_export_build(export_id=export_id, today=seoul_today())
