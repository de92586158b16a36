"""The report as a PDF: the report page's own HTML, laid out by WeasyPrint on A4 with the print styles
(running header with the plan's title, page numbers, table headings repeated on each page).

WeasyPrint holds the layout of every page it renders until it writes them, so a large plan is laid out
in parts of ``PROJECTS_PER_PART`` projects, each written to a file and freed before the next; the parts
are then joined (pypdf) and their page numbers follow on. Memory stays that of one part.
"""

import contextlib
import dataclasses
import gc
import logging
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "reports/css/report.css"
#: WeasyPrint tells its steps and each page it lays out to this logger.
PROGRESS_LOGGER = "weasyprint.progress"
#: Projects laid out in one WeasyPrint run.
PROJECTS_PER_PART = 12


def report_html(report):
    """The standalone HTML of the report (or of a part of it), as WeasyPrint reads it."""
    return render_to_string("reports/pdf.html", {"report": report})


def parts(report, *, size=PROJECTS_PER_PART):
    """The report cut into reports of at most ``size`` projects each; the first keeps the cover, a section
    cut in two keeps its heading and blocks in its first piece."""
    found, current, projects = [], [], 0
    for section in report.sections:
        pieces = [section.children[i : i + size] for i in range(0, len(section.children), size)] or [[]]
        for index, children in enumerate(pieces):
            if current and projects + len(children) > size:
                found.append(current)
                current, projects = [], 0
            first = index == 0
            current.append(
                dataclasses.replace(
                    section,
                    heading=section.heading if first else "",
                    blocks=section.blocks if first else [],
                    children=children,
                )
            )
            projects += len(children)
    if current:
        found.append(current)
    return [
        dataclasses.replace(report, sections=sections, cover=report.cover if i == 0 else None)
        for i, sections in enumerate(found)
    ]


def _page_css(title, *, first_page):
    """The running header with the plan's title; a part after the first numbers its pages on from ``first_page``."""
    quoted = '"' + " ".join(title.splitlines()).replace("\\", "\\\\").replace('"', '\\"') + '"'
    header = f"@top-center {{ content: {quoted}; }}"
    css = f"@page {{ {header} }}"
    if first_page > 1:
        number = '@bottom-center { content: "- " counter(page) " -"; }'
        css += f" @page :first {{ counter-reset: page {first_page}; {header} {number} }}"
    return css


class _ProgressHandler(logging.Handler):
    """Turns the pages WeasyPrint lays out into a share of the part it works on."""

    def __init__(self, tell):
        super().__init__()
        self.tell = tell

    def emit(self, record):
        page = re.search(r"Page (\d+)", record.getMessage())
        if page:
            pages = int(page.group(1))
            self.tell(pages / (pages + 20))


@contextlib.contextmanager
def _listening(tell):
    """WeasyPrint's progress messages told to ``tell`` and kept out of the logs while it works."""
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _ProgressHandler(tell)
    propagate, level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.INFO
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = propagate, level


def render_pdf(report, *, progress=None):
    """PDF bytes of ``report``; ``progress(percent)`` is told as the parts are laid out (10 to 95 %)."""
    from pypdf import PdfWriter
    from weasyprint import CSS, HTML  # imported here: the library loads Pango when imported

    tell = progress or (lambda percent: None)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    pieces = parts(report)
    first_page = 1
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        files = []
        for number, piece in enumerate(pieces):

            def tell_part(share, number=number):
                tell(10 + int(85 * (number + share) / len(pieces)))

            with _listening(tell_part):
                document = HTML(string=report_html(piece), base_url=str(settings.BASE_DIR)).render(
                    stylesheets=[stylesheet, CSS(string=_page_css(report.cover.title, first_page=first_page))]
                )
                path = Path(folder) / f"part-{number:03d}.pdf"
                document.write_pdf(path)
            first_page += len(document.pages)
            files.append(path)
            del document
            gc.collect()
            tell_part(1)
        if len(files) == 1:
            return files[0].read_bytes()
        writer = PdfWriter()
        for path in files:
            writer.append(str(path))
        writer.add_metadata({"/Title": report.cover.title})
        output = Path(folder) / "report.pdf"
        with output.open("wb") as stream:
            writer.write(stream)
        return output.read_bytes()
