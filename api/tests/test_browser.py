"""In a real browser: the officer makes a token on the settings page (desktop and phone), reads the API docs,
and the token reads the API. Screenshots go to artefacts/ (api-*.png)."""

import pytest
from rest_framework.test import APIClient

from browser_testing import DESKTOP, PHONE, open_page, shot, sign_in
from conftest import PERSONA_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("device", "context"), [("desktop", {"viewport": DESKTOP}), ("phone", PHONE)])
def test_the_officer_makes_a_token_and_it_reads_the_api(device, context, browser, live_server, officer):
    violations = []
    page = open_page(browser, violations, **context)
    sign_in(page, live_server.url, "officer", PERSONA_PASSWORD, lands_on="/my/**")

    page.click(".site-tools a.api-tokens")
    page.wait_for_url(f"{live_server.url}/settings/api-tokens/")
    page.fill("input[name=name]", "nightly dashboard")
    page.check("input[name=read_only]")
    page.click("button[type=submit].primary")
    secret = page.locator(".new-token code.secret").inner_text()
    shot(page, f"api-1-token-{device}")

    assert secret.startswith("gt_")
    assert page.locator("table.tokens tbody tr").count() == 1
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/milestones/").status_code == 200

    page.goto(f"{live_server.url}/settings/api-tokens/")
    assert secret not in page.content()  # shown once
    page.click("table.tokens button[type=submit]")
    page.wait_for_url(f"{live_server.url}/settings/api-tokens/")
    assert api.get("/api/v1/milestones/").status_code == 401
    assert violations == []


def test_the_docs_page_shows_every_endpoint(browser, live_server, officer):
    violations = []
    page = open_page(browser, violations, viewport=DESKTOP)
    sign_in(page, live_server.url, "officer", PERSONA_PASSWORD, lands_on="/my/**")

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    shot(page, "api-2-docs")

    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/milestones/", "/api/v1/milestones/{id}/progress/", "/api/v1/budget-tables/{id}/"} <= {
        p.replace("\u200b", "") for p in paths
    }
    assert violations == []
