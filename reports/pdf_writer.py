"""The report as a PDF: the report page's own HTML, laid out by WeasyPrint on A4 with the print styles
(running header with the plan's title, page numbers, table headings repeated on each page)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "reports/css/report.css"


def report_html(report):
    """The standalone HTML of the report, as WeasyPrint reads it."""
    return render_to_string("reports/pdf.html", {"report": report})


def render_pdf(report, *, progress=None):
    """PDF bytes of ``report``; ``progress(percent)`` is told as the steps finish."""
    from weasyprint import CSS, HTML  # imported here: the library loads Pango when imported

    html = report_html(report)
    if progress:
        progress(30)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[stylesheet])
    if progress:
        progress(80)
    data = document.write_pdf()
    if progress:
        progress(95)
    return data
