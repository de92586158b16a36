"""The report as a PDF: the report page's own HTML, laid out by WeasyPrint on A4 with the print styles
(running header with the plan's title, page numbers, table headings repeated on each page)."""

import contextlib
import logging
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "reports/css/report.css"
#: WeasyPrint tells its steps and each page it lays out to this logger.
PROGRESS_LOGGER = "weasyprint.progress"


def report_html(report):
    """The standalone HTML of the report, as WeasyPrint reads it."""
    return render_to_string("reports/pdf.html", {"report": report})


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's steps into a percentage: layout runs from 30 to 85 %, nearing 85 as pages add up."""

    def __init__(self, progress):
        super().__init__()
        self.progress = progress

    def emit(self, record):
        message = record.getMessage()
        page = re.search(r"Page (\d+)", message)
        if page:
            pages = int(page.group(1))
            self.progress(30 + 55 * pages // (pages + 20))
        elif message.startswith("Step 6"):
            self.progress(88)


@contextlib.contextmanager
def _listening(progress):
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _ProgressHandler(progress or (lambda percent: None))
    propagate, level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.INFO
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = propagate, level


def render_pdf(report, *, progress=None):
    """PDF bytes of ``report``; ``progress(percent)`` is told as the layout goes."""
    from weasyprint import CSS, HTML  # imported here: the library loads Pango when imported

    html = report_html(report)
    with _listening(progress):
        if progress:
            progress(25)
        stylesheet = CSS(filename=finders.find(STYLESHEET))
        data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
    if progress:
        progress(95)
    return data
