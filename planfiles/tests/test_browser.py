"""In a real browser: the administrator downloads the 2023 plan's workbook, moves a due date in it (as
Excel would, with openpyxl), uploads it, reads the preview, confirms, and sees the new date on the
milestone's page. Desktop screenshots go to artefacts/.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

import browser_testing
from browser_testing import ARTEFACTS, DESKTOP, open_page
from milestones.models import Milestone
from planfiles.tests.workbooks import find_row, set_cell, sheet_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "administrator-password-1"


def shot(page, name):
    browser_testing.shot(page, f"planfiles-{name}")


def test_the_administrator_moves_a_due_date_through_the_workbook(browser, live_server):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    milestone = Milestone.objects.get(project__plan__code="seoul-dpb-2023", project__number=1, key="1")
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{base}/admin/planfiles/planupload/add/")
    shot(page, "1-upload-and-download")
    with page.expect_download() as download:
        page.click("#plan-workbooks tr:has-text('seoul-dpb-2023') a.plan-export")
    path = ARTEFACTS / "planfiles-seoul-dpb-2023.xlsx"
    download.value.save_as(path)

    workbook = load_workbook(path)
    milestones = sheet_of(workbook, "milestones.milestone")
    row = find_row(milestones, **{"사업: 번호": 1, "위치 번호": "1"})
    set_cell(milestones, row, "일자(원문 표기)", "'23. 10. 5.")
    set_cell(milestones, row, "시작일", datetime.date(2023, 10, 5))
    set_cell(milestones, row, "마감일", datetime.date(2023, 10, 5))
    revised = ARTEFACTS / "planfiles-seoul-dpb-2023-revised.xlsx"
    workbook.save(revised)

    page.set_input_files("input[name=file]", str(revised))
    page.click("#planfile-upload input[type=submit]")
    page.wait_for_selector("#confirm-load")
    changed = page.locator("#preview-milestones\\.milestone table.preview-changed tbody tr")
    assert changed.count() == 3  # the date as written, the start and the due date
    assert "2023-09-24 → 2023-10-05" in " ".join(changed.last.all_inner_texts()).replace("\t", " ")
    assert page.locator("#preview-summary tbody tr:has-text('추진일정') td").nth(2).inner_text() == "1"
    assert Milestone.objects.get(pk=milestone.pk).due_date == datetime.date(2023, 9, 24)  # nothing written yet
    shot(page, "2-preview")

    page.click("#confirm-load input[type=submit]")
    page.wait_for_selector("#loaded")
    shot(page, "3-loaded")

    page.goto(f"{base}/milestones/{milestone.pk}/")
    assert "2023-10-05" in page.locator("dl").first.inner_text()
    shot(page, "4-milestone-page")
    assert violations == []


def test_a_refused_file_shows_its_problems_and_no_way_to_load_it(browser, live_server, tmp_path):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "- model: plans.annualplan\n"
        "  fields: {code: x-2031, bureau: [nowhere], year: 2031, title: 시험, as_of: [1]}\n",
        encoding="utf-8",
    )

    page.goto(f"{base}/admin/planfiles/planupload/add/")
    page.set_input_files("input[name=file]", str(broken))
    page.click("#planfile-upload input[type=submit]")
    page.wait_for_selector("ul.planfile-problems")

    problems = page.locator("ul.planfile-problems li").all_inner_texts()
    assert any("bureau: 알 수 없는 부서 nowhere" in line for line in problems)
    assert any("as_of: 목록이나 매핑이 아닌 값 하나여야 합니다" in line for line in problems)
    assert page.locator("#confirm-load").count() == 0
    shot(page, "5-refused")
    assert violations == []
