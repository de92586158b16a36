"""In a real browser: a manager opens the 2023 report as of 2023-08-16, reads it, downloads the PDF and the
HWPX; the PDF's pages are rendered to images (pdftoppm) beside the screenshots, in artefacts/."""

import io
import shutil
import subprocess

import pytest
from hwpx import HwpxDocument

import browser_testing
from browser_testing import ARTEFACTS, DESKTOP, PHONE, open_page, sign_in
from conftest import PERSONA_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "/plans/seoul-dpb-2023/report/?on=2023-08-16"
#: Pages of the PDF rendered to images: the cover, the staffing table, a budget table, projects 1 and 9.
PAGES = (1, 2, 4, 7, 8, 22)


def shot(page, name, **kwargs):
    browser_testing.shot(page, f"report-{name}", **kwargs)


def test_manager_reads_the_2023_report_and_downloads_it_as_pdf_and_hwpx(browser, live_server, manager):
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)
    sign_in(page, base, "manager", PERSONA_PASSWORD, lands_on="/dashboard/")

    page.goto(f"{base}{REPORT}")
    assert page.locator("article.report section.project").count() == 9
    assert page.locator("article.report h2").all_inner_texts()[:2] == ["I. 일반 현황", "II. 주요 현안업무"]
    assert page.locator("td.flagged").count() >= 4
    shot(page, "1-top", full_page=False)
    page.locator("#project-1").scroll_into_view_if_needed()
    shot(page, "2-project-1", full_page=False)
    page.locator("#project-9").scroll_into_view_if_needed()
    shot(page, "3-project-9", full_page=False)

    with page.expect_download() as pdf_download:
        page.click("p.downloads a[href*='report.pdf']")
    pdf = ARTEFACTS / "report-2023.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as hwpx_download:
        page.click("p.downloads a[href*='report.hwpx']")
    hwpx = ARTEFACTS / "report-2023.hwpx"
    hwpx_download.value.save_as(hwpx)
    assert HwpxDocument.open(io.BytesIO(hwpx.read_bytes())).validate().issues == ()

    if shutil.which("pdftoppm"):
        for number in PAGES:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
                 str(ARTEFACTS / f"report-pdf-page-{number:02d}")],
                check=True,
            )  # fmt: skip

    phone = open_page(browser, violations, **PHONE)
    sign_in(phone, base, "manager", PERSONA_PASSWORD, lands_on="/dashboard/")
    phone.goto(f"{base}{REPORT}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "4-phone", full_page=False)
    phone.locator("#project-1").scroll_into_view_if_needed()
    shot(phone, "5-phone-project-1", full_page=False)

    assert violations == []
