"""In a real browser: a manager lands on the dashboard, lists what was overdue in one department on
2023-11-15, exports it to Excel, asks an owner for an update (the page's one message box, then the row's
button) and opens a milestone.

The reference date makes the picture independent of the day the test runs. Screenshots go to artefacts/.
"""

import pytest
from openpyxl import load_workbook

import browser_testing
from browser_testing import ARTEFACTS, DESKTOP, PHONE, open_page, sign_in
from conftest import PERSONA_PASSWORD
from milestones.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    browser_testing.shot(page, f"reviews-{name}")


def sign_in_as_manager(page, base):
    sign_in(page, base, "manager", PERSONA_PASSWORD, lands_on="/dashboard/")


def show_overdue(page, base, *, on, department):
    page.goto(f"{base}/milestones/overdue/")
    page.fill("input[name=on]", on)
    page.select_option("select[name=department]", label=department)
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**department=*")


def test_manager_filters_overdue_items_exports_them_and_opens_one(browser, live_server, manager):
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)

    sign_in_as_manager(page, base)
    assert page.locator("table.projects tbody tr").count() == 9
    assert page.locator("svg.stacked-bars rect.seg").count() >= 8
    shot(page, "1-dashboard")

    show_overdue(page, base, on="2023-11-15", department="디지털정책담당관")
    rows = page.locator("table.review-table tbody tr")
    assert rows.count() == 11  # project 1 keys 1-3 and eight of project 2's, as they stood on 2023-11-15
    departments = set(page.locator("table.review-table tbody td:first-child").all_inner_texts())
    assert departments == {"디지털정책담당관"}
    assert page.locator("table.review-table tbody tr").first.locator("td.overdue").inner_text() == "52"
    shown_titles = page.locator("table.review-table tbody td:nth-child(3) a").all_inner_texts()
    shot(page, "2-overdue-one-department")

    with page.expect_download() as download_info:
        page.click("p.exports a[href*='export.xlsx']")
    path = ARTEFACTS / "reviews-overdue-digital-policy.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path, read_only=True).active
    exported = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in exported] == shown_titles
    assert {row[0] for row in exported} == {"디지털정책담당관"}

    page.fill("#milestone-action textarea[name=text]", "주간회의 전까지 진행상황을 알려주세요.")
    page.locator("table.review-table tbody tr").first.locator("button[formaction$='/request-update/']").click()
    page.wait_for_selector(".messages .message")
    assert "department=" in page.url  # back on the same filtered list
    request = Comment.objects.get(kind=Comment.Kind.REQUEST, author=manager)
    assert request.text == "주간회의 전까지 진행상황을 알려주세요."
    assert request.milestone.title[:20] == shown_titles[0][:20]
    shot(page, "3-update-requested")

    page.locator("table.review-table tbody td:nth-child(3) a").first.click()
    page.wait_for_url(f"{base}/milestones/*/")
    assert shown_titles[0][:20] in page.inner_text("main")
    shot(page, "4-milestone-opened")

    phone = open_page(browser, violations, **PHONE)
    sign_in_as_manager(phone, base)
    show_overdue(phone, base, on="2023-11-15", department="디지털정책담당관")
    shot(phone, "5-overdue-phone")

    page.goto(f"{base}/dashboard/?on=2023-08-16")
    shot(page, "6-dashboard-report-date")
    page.emulate_media(media="print")
    shot(page, "7-dashboard-print")
    assert violations == []
