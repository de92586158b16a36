"""In a real browser: the officer sees the bell's count, opens the reminders, and the count goes.

Screenshots go to artefacts/ (reminders-*.png).
"""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import PERSONA_PASSWORD, PLAN_2023
from reminders.tests.conftest import at_nine

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plan_loaded(transactional_db):
    """A live-server test empties the database when it ends; the next one loads the 2023 plan again."""
    from plans.models import AnnualPlan

    if not AnnualPlan.objects.filter(code="seoul-dpb-2023").exists():
        call_command("load_plan", str(PLAN_2023), stdout=io.StringIO())


def test_the_bell_counts_new_reminders_and_the_list_marks_them_read(live_server, officer):
    from reminders.services import reminders_scan

    reminders_scan(now=at_nine(datetime.date(2023, 9, 22)))  # 김연숙: #1 and #2 due on the next working day, #3 in 3
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(exist_ok=True)
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "officer")
        page.fill("input[name=password]", PERSONA_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/my/**")

        assert page.locator(".site-tools .bell-count").inner_text() == "3"
        page.screenshot(path=str(ARTEFACTS / "reminders-1-bell.png"))
        page.click(".site-tools a.bell")
        page.wait_for_url(f"{live_server.url}/reminders/")
        assert page.locator("table.reminders tbody tr").count() == 3
        assert page.locator("table.reminders tr.unread").count() == 3
        page.screenshot(path=str(ARTEFACTS / "reminders-2-list.png"), full_page=True)

        page.reload()
        assert page.locator(".site-tools .bell-count").count() == 0
        assert page.locator("table.reminders tr.unread").count() == 0
        browser.close()
    assert violations == []
