"""In a real browser: the header's search box finds a Korean substring; desktop and phone screenshots."""

import pytest

from browser_testing import DESKTOP, PHONE, open_page, shot
from browser_testing import sign_in as sign_in_as
from conftest import PERSONA_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("name", "context"), [("desktop", {"viewport": DESKTOP}), ("phone", PHONE)])
def test_the_header_search_finds_the_forum_for_the_officer(browser, live_server, officer, name, context):
    base, violations = live_server.url, []
    page = open_page(browser, violations, **context)
    sign_in_as(page, base, "officer", PERSONA_PASSWORD, lands_on="/my/**")
    page.fill(".site-search input[name=q]", "포럼")
    page.press(".site-search input[name=q]", "Enter")
    page.wait_for_selector("section#milestones")
    assert "2023 서울 스마트시티 포럼" in page.inner_text("section#milestones")
    assert page.locator("section#milestones mark").count() >= 1
    shot(page, f"search-{name}")
    assert violations == []
