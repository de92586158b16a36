"""In a real browser: a staff member records progress and marks a milestone done; the team lead confirms it.

Screenshots of each step, on a desktop and a phone-sized screen, go to artefacts/.
"""

import pytest

from browser_testing import DESKTOP, PHONE, open_page, shot
from browser_testing import sign_in as sign_in_as
from conftest import PERSONA_PASSWORD
from milestones.models import Milestone, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    sign_in_as(page, base, username, PERSONA_PASSWORD, lands_on="/my/**")


def test_officer_marks_done_and_team_lead_confirms(browser, live_server, officer, team_lead, milestone):
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)

    sign_in(page, base, "officer")
    assert page.locator("section#overdue, section#later, section#week, section#month").count() >= 1
    shot(page, "1-my-work-desktop")
    page.get_by_role("link", name=milestone.title[:40]).first.click()
    page.wait_for_url(f"{base}/milestones/{milestone.pk}/")

    page.select_option("select[name=status]", Status.IN_PROGRESS.value)
    page.fill("input[name=percent_complete]", "60")
    page.fill("textarea[name=note]", "심사위원 위촉 완료")
    page.click("form.progress-form button[type=submit]")
    page.wait_for_selector(".messages .message")
    assert Milestone.objects.get(pk=milestone.pk).percent_complete == 60

    page.select_option("select[name=status]", Status.DONE.value)
    page.fill("textarea[name=achievement]", "최종 심사위원회 개최")
    page.fill("input[name=figure_1_label]", "우수 후보작")
    page.fill("input[name=figure_1_value]", "40")
    page.fill("input[name=figure_1_unit]", "개")
    page.fill("input[name=evidence_url]", "https://example.org/minutes")
    page.click("form.progress-form button[type=submit]")
    page.wait_for_selector(".messages .message")
    shot(page, "2-milestone-done-desktop")
    done = Milestone.objects.get(pk=milestone.pk)
    assert done.status == Status.DONE and done.achievements.get().figures.get().label == "우수 후보작"
    assert "40개" in page.inner_text("body")

    phone = open_page(browser, violations, **PHONE)
    sign_in(phone, base, "officer")
    shot(phone, "3-my-work-phone")
    phone.goto(f"{base}/milestones/{milestone.pk}/")
    shot(phone, "4-milestone-phone")

    page.click(".logout button")
    sign_in(page, base, "team-lead")
    page.goto(f"{base}/milestones/{milestone.pk}/")
    page.click("form.review button[value=confirmed]")
    page.wait_for_selector(".messages .message")
    shot(page, "5-milestone-confirmed-desktop")
    assert Milestone.objects.get(pk=milestone.pk).status == Status.CONFIRMED
    history = page.inner_text("#history")
    assert "이영미" in history and "김연숙" in history

    page.goto(f"{base}/projects/{milestone.project_id}/")
    assert page.locator("figure.timeline svg rect.bar, figure.timeline svg circle.point").count() >= 4
    shot(page, "6-project-desktop")
    phone.goto(f"{base}/projects/{milestone.project_id}/")
    shot(phone, "7-project-phone")
    assert violations == []


def test_the_admin_works_under_the_content_security_policy(browser, live_server, administrator, milestone):
    base, violations = live_server.url, []
    page = open_page(browser, violations, viewport=DESKTOP)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "administrator-password-1")
    page.click("input[type=submit]")
    page.goto(f"{base}/admin/milestones/milestone/{milestone.pk}/change/")
    page.click(".select2-selection, .related-widget-wrapper select >> nth=0", timeout=5000)
    page.goto(f"{base}/admin/milestones/milestone/?q=심사")
    page.click("#changelist-filter summary, #changelist-filter h2 >> nth=0", timeout=5000)
    shot(page, "8-admin-milestones")
    page.goto(f"{base}/admin/milestones/milestone/{milestone.pk}/history/")
    page.goto(f"{base}/admin/projects/project/{milestone.project_id}/change/")
    assert violations == []
