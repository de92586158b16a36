"""In a real browser, on a desktop and a 390 px phone: an officer reaches the organisation, staffing and glossary
pages from the header and reads a project's whole section; no page scrolls sideways (tables scroll in their box).

Screenshots go to artefacts/.
"""

import pytest

import browser_testing
from browser_testing import DESKTOP, PHONE, open_page, sign_in
from conftest import PERSONA_PASSWORD
from projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def visit(page, url, name):
    page.goto(url)
    browser_testing.shot(page, f"plan-{name}")
    overflow = page.evaluate(OVERFLOW)
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize(("screen", "context"), [("desktop", {"viewport": DESKTOP}), ("phone", PHONE)])
def test_the_plan_pages_read_without_sideways_scrolling(browser, live_server, officer, screen, context):
    base, violations = live_server.url, []
    page = open_page(browser, violations, **context)
    sign_in(page, base, "officer", PERSONA_PASSWORD, lands_on="/my/**")

    page.click("header >> text=조직")
    page.wait_for_url("**/plan/organisation/")
    assert page.locator("section.unit").count() == 8
    visit(page, page.url, f"organisation-{screen}")
    page.click("header >> text=인력")
    page.wait_for_url("**/plan/staffing/")
    visit(page, page.url, f"staffing-{screen}")
    assert page.locator("table.staffing tbody tr").count() == 9
    box = page.locator(".table-scroll")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1") == (screen == "desktop")
    page.click("header >> text=용어 설명")
    page.wait_for_url("**/plan/glossary/")
    visit(page, page.url, f"glossary-{screen}")

    for number in (1, 2):
        project = Project.objects.get(plan__code="seoul-dpb-2023", number=number)
        visit(page, f"{base}/projects/{project.pk}/", f"project-{number}-{screen}")
    assert page.locator("#achievements .points.depth-3").count() >= 1
    assert violations == []
