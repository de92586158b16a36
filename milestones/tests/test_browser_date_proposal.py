"""In a real browser: the officer proposes a new date for an overdue milestone; it stays overdue until the team
lead approves it. Screenshots on a desktop and a phone-sized screen go to artefacts/."""

import datetime

import pytest

from browser_testing import DESKTOP, PHONE, open_page, shot
from browser_testing import sign_in as sign_in_as
from conftest import PERSONA_PASSWORD
from milestones.models import DateProposal, Milestone
from milestones.schedule import seoul_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    sign_in_as(page, base, username, PERSONA_PASSWORD, lands_on="/my/**")


def test_the_officers_proposed_date_leaves_the_item_overdue_until_the_lead_approves(
    browser, live_server, officer, team_lead, milestone
):
    """The 2023 plan's milestones are long past due on the live server's clock."""
    base, violations = live_server.url, []
    new_due = seoul_today() + datetime.timedelta(days=30)
    page = open_page(browser, violations, viewport=DESKTOP)
    sign_in(page, base, "officer")
    page.goto(f"{base}/milestones/{milestone.pk}/")
    assert page.locator(".status-line .overdue").count() == 1

    page.fill("form.propose input[name=due_date]", new_due.isoformat())
    page.fill("form.propose textarea[name=reason]", "심사위원 일정 조정으로 연기 요청")
    page.click("form.propose button[type=submit]")
    page.wait_for_selector("#pending-proposal")
    assert page.locator(".status-line .overdue").count() == 1, "still overdue: the new date is not approved"
    shot(page, "date-proposal-1-proposed-desktop")
    phone = open_page(browser, violations, **PHONE)
    sign_in(phone, base, "officer")
    assert phone.locator("section#proposals").count() == 1
    shot(phone, "date-proposal-2-my-work-phone")
    phone.goto(f"{base}/milestones/{milestone.pk}/")
    shot(phone, "date-proposal-3-proposed-phone")

    page.click(".logout button")
    sign_in(page, base, "team-lead")
    assert page.locator("section#proposals").count() == 1
    shot(page, "date-proposal-4-lead-my-work-desktop")
    page.locator("section#proposals a").first.click()
    page.wait_for_selector("form.decision")
    shot(page, "date-proposal-5-lead-decides-desktop")
    page.fill("form.decision textarea[name=comment]", "승인합니다")
    page.click("form.decision button[value=approve]")
    page.wait_for_selector(".messages .message")
    assert page.locator(".status-line .overdue").count() == 0
    assert page.locator("#pending-proposal").count() == 0
    assert Milestone.objects.get(pk=milestone.pk).due_date == new_due
    assert DateProposal.objects.get().decided_by == team_lead
    shot(page, "date-proposal-6-approved-desktop")
    phone2 = open_page(browser, violations, **PHONE)
    sign_in(phone2, base, "team-lead")
    phone2.goto(f"{base}/milestones/{milestone.pk}/")
    shot(phone2, "date-proposal-7-approved-phone")
    assert violations == []
