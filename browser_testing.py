"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright.

The fixtures ``browser`` and ``live_plan`` are registered in the root conftest; the helpers below
open pages that collect Content Security Policy violations, sign people in and keep screenshots.
"""

import io
import os
from pathlib import Path

from django.core.management import call_command

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def launch(playwright):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTEFACTS.mkdir(exist_ok=True)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def ensure_plan_loaded(plan_file):
    """A live-server test empties the database when it ends; the next one loads the plan again."""
    from plans.models import AnnualPlan

    if not AnnualPlan.objects.filter(code="seoul-dpb-2023").exists():
        call_command("load_plan", str(plan_file), stdout=io.StringIO())


def open_page(browser, violations, **context):
    """A new page whose Content Security Policy violations are appended to ``violations``."""
    page = browser.new_context(accept_downloads=True, **context).new_page()
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def sign_in(page, base, username, password, *, lands_on):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}{lands_on}")


def shot(page, name, *, full_page=True):
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=full_page)
