"""In a real browser: the officer sees the bell's count, opens the reminders, and the count goes.

Screenshots go to artefacts/ (reminders-*.png).
"""

import datetime

import pytest

from browser_testing import open_page, shot, sign_in
from conftest import PERSONA_PASSWORD
from reminders.tests.conftest import at_nine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_new_reminders_and_the_list_marks_them_read(browser, live_server, officer):
    from reminders.services import reminders_scan

    reminders_scan(now=at_nine(datetime.date(2023, 9, 22)))  # 김연숙: #1 and #2 due on the next working day, #3 in 3
    violations = []
    page = open_page(browser, violations, viewport={"width": 1280, "height": 800})
    sign_in(page, live_server.url, "officer", PERSONA_PASSWORD, lands_on="/my/**")

    assert page.locator(".site-tools .bell-count").inner_text() == "3"
    shot(page, "reminders-1-bell", full_page=False)
    page.click(".site-tools a.bell")
    page.wait_for_url(f"{live_server.url}/reminders/")
    assert page.locator("table.reminders tbody tr").count() == 3
    assert page.locator("table.reminders tr.unread").count() == 3
    shot(page, "reminders-2-list")

    page.reload()
    assert page.locator(".site-tools .bell-count").count() == 0
    assert page.locator("table.reminders tr.unread").count() == 0
    assert violations == []
