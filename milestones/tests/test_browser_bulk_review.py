"""In a real browser: a team lead confirms three done milestones at once from /my/ on a desktop, and returns
two more with one comment on a phone. Screenshots go to artefacts/."""

import datetime

import pytest

from browser_testing import DESKTOP, PHONE, open_page, shot, sign_in
from conftest import PERSONA_PASSWORD
from milestones.models import Milestone, Status
from milestones.schedule import seoul_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def done_five(plan_2023, team_lead):
    """Five milestones of the team lead's team (its four, and one more given to the team lead) marked done."""
    department = Milestone.objects.filter(
        project__plan=plan_2023, project__department_id=team_lead.staff.department_id
    )
    team = list(department.filter(owner__team_id=team_lead.staff.team_id).order_by("project__number", "order"))
    extra = department.exclude(pk__in=[m.pk for m in team]).order_by("project__number", "order").first()
    Milestone.objects.filter(pk=extra.pk).update(owner=team_lead.staff)
    milestones = [*team, extra][:5]
    Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
        status=Status.DONE, percent_complete=100, completed_on=datetime.date(2023, 9, 1)
    )
    return milestones


def tick(page, milestones):
    for milestone in milestones:
        page.check(f"#review-{milestone.pk}")


def test_a_team_lead_confirms_three_at_once_and_returns_two_with_one_comment(
    browser, live_server, team_lead, done_five
):
    base, violations = live_server.url, []
    desktop = open_page(browser, violations, viewport=DESKTOP)
    sign_in(desktop, base, "team-lead", PERSONA_PASSWORD, lands_on="/my/**")
    assert desktop.locator("section#review input[name=milestones]").count() == 5
    tick(desktop, done_five[:3])
    shot(desktop, "bulk-1-ticked-desktop")
    desktop.click("section#review button[value=confirm]")
    desktop.wait_for_selector(".messages .message")
    shot(desktop, "bulk-2-confirmed-desktop")

    confirmed = Milestone.objects.filter(pk__in=[m.pk for m in done_five[:3]])
    assert set(confirmed.values_list("status", flat=True)) == {Status.CONFIRMED}
    assert "3" in desktop.inner_text(".messages")
    assert desktop.locator("section#review input[name=milestones]").count() == 2

    phone = open_page(browser, violations, **PHONE)
    sign_in(phone, base, "team-lead", PERSONA_PASSWORD, lands_on="/my/**")
    tick(phone, done_five[3:])
    phone.fill("#review-comment", "성과 수치를 보완해 주세요")
    new_due = seoul_today() + datetime.timedelta(days=30)  # the work is past its date: returned, it needs a new one
    phone.fill("#review-due-date", new_due.isoformat())
    phone.locator("section#review").scroll_into_view_if_needed()
    shot(phone, "bulk-3-return-phone")
    phone.click("section#review button[value=return]")
    phone.wait_for_selector(".messages .message")
    shot(phone, "bulk-4-returned-phone")

    returned = Milestone.objects.filter(pk__in=[m.pk for m in done_five[3:]])
    assert set(returned.values_list("status", "status_reason", "due_date")) == {
        (Status.RETURNED, "성과 수치를 보완해 주세요", new_due)
    }
    assert violations == []
