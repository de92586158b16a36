"""Writes: a report file (PDF or HWPX) asked for, then built in the background with its progress."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from reports.models import ReportExport

logger = logging.getLogger(__name__)

State = ReportExport.State

#: How long a file asked for and not built yet is waited for rather than asked for again (a worker that died
#: leaves it unfinished).
REUSE_WITHIN = datetime.timedelta(hours=1)


def report_export_request(*, plan, on, fmt, by, now=None):
    """Ask for a report file; the worker builds it (``report_export_build``). An export of the same plan, date
    and format that ``by`` asked for within ``REUSE_WITHIN`` and that is still queued or being built is reused;
    a file built earlier is not, since the plan may have changed since."""
    now = now or timezone.now()
    earlier = ReportExport.objects.filter(
        plan=plan,
        on=on,
        format=fmt,
        requested_by=by,
        state__in=[State.QUEUED, State.RUNNING],
        requested_at__gte=now - REUSE_WITHIN,
    ).first()
    if earlier is not None:
        return earlier
    export = ReportExport.objects.create(plan=plan, on=on, format=fmt, requested_by=by, requested_at=now)
    from reports.tasks import build_report_export

    transaction.on_commit(lambda: build_report_export.delay(export.pk))
    return export


def _set_progress(export_id, percent):
    ReportExport.objects.filter(pk=export_id, state=State.RUNNING).update(progress=min(int(percent), 99))


def report_file(*, plan, user, on, today, fmt, progress=None):
    """The bytes of the report of ``plan`` as of ``on`` that ``user`` may read, in ``fmt`` (pdf or hwpx)."""
    from reports.hwpx_writer import render_hwpx
    from reports.pdf_writer import render_pdf
    from reports.selectors import work_report

    with translation.override("ko"):
        report = work_report(plan=plan, user=user, on=on, today=today)
        if progress:
            progress(10)
        writer = render_pdf if fmt == ReportExport.Format.PDF else render_hwpx
        return writer(report, progress=progress)


def file_name(plan, on, fmt):
    return f"{plan.code}-{on:%Y%m%d}.{fmt}"


def report_export_build(*, export_id, today):
    """Build a queued export: claimed first (queued -> running), so that a second worker does nothing."""
    if not ReportExport.objects.filter(pk=export_id, state=State.QUEUED).update(state=State.RUNNING, progress=1):
        return None
    export = ReportExport.objects.select_related("plan", "requested_by").get(pk=export_id)
    try:
        data = report_file(
            plan=export.plan,
            user=export.requested_by,
            on=export.on,
            today=today,
            fmt=export.format,
            progress=lambda percent: _set_progress(export_id, percent),
        )
    except Exception as exc:
        logger.exception("Report file %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(
            state=State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return None
    export.file.save(file_name(export.plan, export.on, export.format), ContentFile(data), save=False)
    ReportExport.objects.filter(pk=export_id).update(
        state=State.DONE, progress=100, file=export.file.name, finished_at=timezone.now()
    )
    return export
