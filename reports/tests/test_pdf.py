"""A large plan's PDF is laid out in parts that are joined, with page numbers following on."""

import re
import shutil
import subprocess

import pytest

from reports import pdf_writer
from reports.tests.conftest import report_of, writer_differences

pytestmark = pytest.mark.django_db


def test_the_report_is_cut_into_parts_of_a_few_projects_each_keeping_every_section_once(plan_2023, manager):
    report = report_of(plan_2023, manager)

    pieces = pdf_writer.parts(report, size=4)

    assert [[len(s.children) for s in piece.sections] for piece in pieces] == [[0, 4], [5 - 1], [1, 0, 0]]
    assert [p.cover is not None for p in pieces] == [True, False, False]
    headings = [s.heading for piece in pieces for s in piece.sections if s.heading]
    assert headings == [s.heading for s in report.sections]
    projects = [c.anchor for piece in pieces for s in piece.sections for c in s.children]
    assert projects == [f"project-{n}" for n in range(1, 10)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make test")
def test_a_pdf_laid_out_in_parts_holds_the_whole_report_with_pages_numbered_on(
    plan_2023, manager, monkeypatch, tmp_path
):
    monkeypatch.setattr(pdf_writer, "PROJECTS_PER_PART", 4)
    report = report_of(plan_2023, manager)
    seen = []
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_writer.render_pdf(report, progress=seen.append))

    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pages = text.split("\f")[:-1]
    numbers = [int(m.group(1)) for page in pages[1:] for m in [re.search(r"-\s*(\d+)\s*-\s*$", page.strip())] if m]

    assert writer_differences(report, text) == []
    assert numbers == list(range(2, len(pages) + 1))
    assert all("2023년 주요 업무보고" in page for page in pages[1:])
    assert seen == sorted(seen) and seen[-1] == 95
