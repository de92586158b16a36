"""In a real browser: the team lead returns the officer's milestone with a comment that names her; her bell
shows it on the first page she opens, the notifications page and the milestone's thread show the lead's
words, and the next morning's e-mail lists it once. Desktop and 390 px phone screenshots go to artefacts/
(notifications-*.png)."""

import datetime

import pytest
from django.core import mail

from browser_testing import PHONE, open_page, shot, sign_in
from conftest import PERSONA_PASSWORD
from departments.models import Staff
from milestones import services
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL, seoul_today
from reminders.services import reminders_scan
from workdays.calendar import WorkCalendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_TEXT = "@김연숙 자료 보완 바랍니다"


def test_a_return_naming_the_officer_reaches_her_bell_at_once_and_her_next_email_once(
    browser, live_server, officer, team_lead
):
    Staff.objects.filter(user=officer).update(email="kim@seoul.example")
    milestone = Milestone.objects.get(project__plan__code="seoul-dpb-2023", project__number=1, key="1")
    services.milestone_record_progress(
        milestone=milestone, by=officer, version=milestone.version, status=Status.DONE, today=seoul_today()
    )
    violations = []

    lead = open_page(browser, violations, viewport={"width": 1280, "height": 900})
    sign_in(lead, live_server.url, "team-lead", PERSONA_PASSWORD, lands_on="/my/**")
    lead.goto(f"{live_server.url}/milestones/{milestone.pk}/")
    lead.fill("#review-reason", RETURN_TEXT)
    lead.click("button[name=status][value=returned]")
    lead.wait_for_url(f"{live_server.url}/milestones/{milestone.pk}/")
    assert RETURN_TEXT in lead.locator("#comments").inner_text()
    shot(lead, "notifications-1-lead-returned")

    desk = open_page(browser, violations, viewport={"width": 1280, "height": 900})
    sign_in(desk, live_server.url, "officer", PERSONA_PASSWORD, lands_on="/my/**")
    assert desk.locator(".site-tools .bell-count").inner_text() == "1"
    shot(desk, "notifications-2-officer-bell", full_page=False)
    desk.click(".site-tools a.bell")
    desk.wait_for_url(f"{live_server.url}/reminders/")
    row = desk.locator("table.reminders tr.unread")
    assert row.count() == 1 and RETURN_TEXT in row.inner_text() and "이영미" in row.inner_text()
    shot(desk, "notifications-3-list")
    desk.click(f"table.reminders a[href^='/milestones/{milestone.pk}/']")
    assert RETURN_TEXT in desk.locator("#comments").inner_text()
    shot(desk, "notifications-4-thread")

    phone = open_page(browser, violations, **PHONE)
    sign_in(phone, live_server.url, "officer", PERSONA_PASSWORD, lands_on="/my/**")
    phone.goto(f"{live_server.url}/reminders/")
    assert RETURN_TEXT in phone.locator("table.reminders").inner_text()
    shot(phone, "notifications-5-list-phone")
    phone.goto(f"{live_server.url}/milestones/{milestone.pk}/#comments")
    shot(phone, "notifications-6-thread-phone")
    phone.goto(f"{live_server.url}/activity/")
    assert RETURN_TEXT in phone.locator("ul.events").inner_text()
    shot(phone, "notifications-7-activity-phone")
    assert violations == []

    mail.outbox = []
    calendar = WorkCalendar.load()
    morning = calendar.next_working_day(seoul_today())
    reminders_scan(now=datetime.datetime.combine(morning, datetime.time(9, 0), tzinfo=SEOUL))
    reminders_scan(now=datetime.datetime.combine(morning, datetime.time(9, 15), tzinfo=SEOUL))
    to_her = [message for message in mail.outbox if message.to == ["kim@seoul.example"]]
    assert len(to_her) == 1
    assert to_her[0].body.count(RETURN_TEXT) == 2  # once in Korean, once in English
