"""The 2023 plan's report as of 2023-08-16 against the printed source, section by section.

The structure is compared with the source (``reports.tests.source.compare``); each writer's text (the
HTML page, the PDF through ``pdftotext``, the HWPX through python-hwpx) with the structure. Every
difference is listed; those the source itself causes are in ``KNOWN`` with their reason.
"""

import io
import shutil
import subprocess

import lxml.html
import pytest
from django.urls import reverse
from hwpx import HwpxDocument

from reports.structure import Paragraph
from reports.tests import source
from reports.tests.conftest import HEADINGS, REPORT_DATE, lines_by_section, report_of, writer_differences

pytestmark = pytest.mark.django_db

GENERAL, P2, P4, P8, IV = HEADINGS[0], HEADINGS[3], HEADINGS[5], HEADINGS[9], HEADINGS[11]
MISSING, EXTRA = "missing or changed", "not in the source"

KNOWN = {
    # The extraction split the vertical side label 세입/세출 of the summary tables into its first letter,
    # and the heading 구분 into two cells; it repeats a table's heading on each new page.
    (GENERAL, MISSING, "세"),
    (GENERAL, MISSING, "구"),
    (GENERAL, MISSING, "분"),
    (GENERAL, EXTRA, "구분"),
    (GENERAL, MISSING, "부서(기관)별"),
    (GENERAL, MISSING, "주요업무"),
    (IV, MISSING, "구"),
    (IV, MISSING, "분"),
    (IV, EXTRA, "구분"),
    (IV, MISSING, "예산현액"),
    (IV, MISSING, "집행액"),
    (IV, MISSING, "집행률(%)"),
    (IV, MISSING, "원인행위액"),
    (IV, MISSING, "원인행위"),
    (IV, MISSING, "지출액"),
    # The revenue detail's two-level heading ("2022년 대비 증감액·증감율") came out scrambled; the report
    # prints the headings of the revenue summary for both revenue tables.
    (IV, MISSING, "2023년예산현액"),
    (IV, MISSING, "2022년최종예산"),
    (IV, MISSING, "2022년증감액"),
    (IV, MISSING, "대비증감율"),
    (IV, EXTRA, "2023예산현액"),
    (IV, EXTRA, "2022최종예산"),
    (IV, EXTRA, "증감"),
    (IV, EXTRA, "증감액"),
    (IV, EXTRA, "증감률"),
    # Unit lines are printed from each table's date and unit, one way for all tables.
    (GENERAL, MISSING, "('23.8.16.기준,단위:천원,%)"),
    (GENERAL, EXTRA, "('23.8.16.기준,단위:천원)"),
    (IV, MISSING, "(’23.8.16.기준,단위:천원)"),
    (IV, EXTRA, "('23.8.16.기준,단위:천원)"),
    # Rates are printed with one decimal from the stored amounts; the source's last revenue page rounds
    # them to whole percent, and two of its disbursement rates do not follow from its own amounts
    # (2,841,649 / 5,115,531 is 55.5 %, 459,108 / 813,198 is 56.5 %).
    (IV, MISSING, "24%"),
    (IV, EXTRA, "23.6%"),
    (IV, MISSING, "△10%"),
    (IV, EXTRA, "△10.4%"),
    (IV, MISSING, "37%"),
    (IV, EXTRA, "37.5%"),
    (IV, EXTRA, "37.3%"),
    (IV, MISSING, "44%"),
    (IV, EXTRA, "44.4%"),
    (IV, MISSING, "△71%"),
    (IV, EXTRA, "△71.3%"),
    (IV, MISSING, "67%"),
    (IV, EXTRA, "67.5%"),
    (IV, MISSING, "55.1%"),
    (IV, EXTRA, "55.5%"),
    (IV, MISSING, "53.6%"),
    (IV, EXTRA, "56.5%"),
    # The revenue detail's total prints 예산현액 14,236,550 (the summary 14,236,560, flagged on the page);
    # its change is computed from the figure printed beside it.
    (IV, MISSING, "△3134339"),
    (IV, EXTRA, "△3134349"),
    # Project 2 titles its next steps 향후일정, the others 향후계획; one date is printed after a remark.
    (P2, MISSING, "향후일정"),
    (P2, EXTRA, "향후계획"),
    (P2, MISSING, "제4회도시건축비엔날레연계전시추진(9.1.~10.29.)(316회,박석의원)"),
    (P2, EXTRA, "제4회도시건축비엔날레연계전시추진(316회,박석의원)(9.1.~10.29.)"),
    # The caption of a photograph; the photograph is not part of the plan.
    (P4, MISSING, "[챗GPT교육]"),
    # The budget breakdown is printed from its lines, without the source's colon after the first.
    (P8, MISSING, "정보자원통합관리:19900백만원,클라우드센터운영및정보시스템유지관리12823백만원"),
    (P8, EXTRA, "정보자원통합관리19900백만원,클라우드센터운영및정보시스템유지관리12823백만원"),
}


@pytest.fixture
def report_2023(plan_2023, manager):
    return report_of(plan_2023, manager)


def test_the_2023_report_reproduces_the_source_section_by_section(report_2023):
    differences = source.compare(lines_by_section(report_2023), HEADINGS, known=KNOWN)

    assert differences == []


def test_each_known_difference_still_occurs(report_2023):
    """A known difference that no longer occurs is taken off the list, so that the list stays the truth."""
    differences = set(source.compare(lines_by_section(report_2023), HEADINGS))

    assert KNOWN - differences == set()


def test_a_missing_or_changed_sentence_is_listed(report_2023):
    project_5 = next(s for s in report_2023.walk() if s.heading == HEADINGS[6])
    lines = [b for b in project_5.blocks if isinstance(b, Paragraph)]
    removed = lines[3]
    changed = next(line for line in lines if "13회" in line.text)
    project_5.blocks.remove(removed)
    changed.text = changed.text.replace("13회", "14회")

    differences = source.compare(lines_by_section(report_2023), HEADINGS, known=KNOWN)

    assert (HEADINGS[6], MISSING, source.token(removed.text)) in differences
    assert (HEADINGS[6], MISSING, source.token(changed.text.replace("14회", "13회"))) in differences
    assert (HEADINGS[6], EXTRA, source.token(changed.text)) in differences


def test_the_source_sections_are_all_found():
    sections = source.split_sections(source.source_text(), HEADINGS)

    assert list(sections) == ["", *HEADINGS]
    assert "정보자원 보유 현황" in sections[HEADINGS[9]]


def test_the_report_page_holds_the_source_text_in_order(client, manager, report_2023, plan_2023):
    client.force_login(manager)
    response = client.get(reverse("reports:report", args=[plan_2023.code]), {"on": REPORT_DATE.isoformat()})
    article = lxml.html.fromstring(response.content).xpath("//article")[0]

    assert writer_differences(report_2023, article.text_content()) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make test")
def test_the_pdf_holds_the_source_text_in_order(client, manager, report_2023, plan_2023, tmp_path):
    client.force_login(manager)
    response = client.get(reverse("reports:pdf", args=[plan_2023.code]), {"on": REPORT_DATE.isoformat()})
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout

    assert response["Content-Type"] == "application/pdf"
    assert writer_differences(report_2023, text) == []


def test_the_hwpx_reopens_to_the_source_text_in_order(client, manager, report_2023, plan_2023):
    client.force_login(manager)
    response = client.get(reverse("reports:hwpx", args=[plan_2023.code]), {"on": REPORT_DATE.isoformat()})
    document = HwpxDocument.open(io.BytesIO(response.content))

    assert writer_differences(report_2023, document.text.plain()) == []
