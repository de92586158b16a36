"""The dashboard on the 2023 plan in mid-November 2023 (live rows, frozen clock)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator

from milestones.models import Milestone, Status

from .test_overdue import pk

pytestmark = pytest.mark.usefixtures("frozen")

URL = reverse("reviews:dashboard")


@pytest.fixture
def board(client, manager):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    return response


def statuses(response):
    return {row.project.number: row.judgement.status for row in response.context["board"].projects}


def test_every_project_with_its_status_in_mid_november(board):
    assert statuses(board) == {
        1: "off_track",  # three milestones 50 to 52 days overdue
        2: "off_track",  # eight overdue
        3: "at_risk",  # nothing overdue, but 43.9 % of its budget committed against a 47.5 % threshold
        4: "at_risk",  # two milestones 15 days overdue
        5: "off_track",  # one milestone 46 days overdue
        6: "on_track",
        7: "on_track",
        8: "on_track",
        9: "on_track",
    }
    rows = {row.project.number: row for row in board.context["board"].projects}
    assert rows[1].judgement.overdue_count == 3
    assert rows[1].judgement.oldest_overdue_days == 52
    assert rows[3].judgement.budget_rate == Decimal("43.9")
    assert rows[1].next_item.id == pk(1, "4")


def test_the_page_says_why_and_counts_projects_by_status(board):
    totals = {status: count for status, _label, _symbol, count in board.context["board"].status_totals}
    assert totals == {"on_track": 4, "at_risk": 2, "off_track": 3}
    html = board.content.decode()
    assert "52" in html and "43.9%" in html


def test_marking_the_overdue_milestones_done_puts_the_project_back_on_track(client, manager):
    client.force_login(manager)
    Milestone.objects.filter(pk__in=[pk(4, "1"), pk(4, "2")]).update(status=Status.DONE, percent_complete=100)
    response = client.get(URL)
    assert statuses(response)[4] == "on_track"
    row = next(row for row in response.context["board"].projects if row.project.number == 4)
    assert row.judgement.completion == 50


def test_chart_of_milestones_by_status_per_department_is_svg_without_script(client, manager):
    client.force_login(manager)
    Milestone.objects.filter(pk=pk(1, "1")).update(status=Status.DONE)
    response = client.get(URL)
    bars = {bar.label: bar for bar in response.context["department_chart"].bars}
    policy = bars["디지털정책담당관"]
    assert policy.total == 22
    assert {segment.status: segment.count for segment in policy.segments} == {"done": 1, "planned": 21}
    html = response.content.decode()
    assert '<svg class="stacked-bars"' in html and 'role="img"' in html
    assert "<script" not in html and "style=" not in html


def test_next_30_days(board):
    upcoming = board.context["board"].upcoming
    assert {item.due_date for item in upcoming} == {datetime.date(2023, 11, 30)}
    assert len(upcoming) == 7
    assert upcoming[0].project.number == 2


def test_status_over_time_at_month_ends_from_the_history(board):
    dashboard = board.context["board"]
    assert dashboard.timeline_dates[0] == datetime.date(2023, 1, 31)
    assert dashboard.timeline_dates[-1] == datetime.date(2023, 10, 31)
    rows = {row.project.number: dict(row.timeline) for row in dashboard.projects}
    july, august = datetime.date(2023, 7, 31), datetime.date(2023, 8, 31)
    september, october = datetime.date(2023, 9, 30), datetime.date(2023, 10, 31)
    # The plan stands from its reference date, 2023-08-16: no status before.
    assert rows[1][july] is None
    assert rows[3][august].status == "at_risk"  # the budget is dated 2023-08-16
    assert rows[1][september].status == "off_track"  # three milestones 4 to 6 days overdue
    assert rows[2][september].status == "on_track"  # due on 09-30 itself
    assert rows[2][october].status == "off_track"
    assert rows[5][october].status == "off_track"  # 31 days overdue
    assert rows[4][october].status == "on_track"  # due on 10-31 itself


def test_department_head_sees_their_department_only(client, head):
    client.force_login(head)
    response = client.get(URL)
    assert statuses(response) == {4: "at_risk"}
    assert [bar.label for bar in response.context["department_chart"].bars] == ["정보시스템담당관"]


def test_the_dashboard_has_a_print_style_that_hides_the_controls(board):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    assert "reviews/css/reviews.css" in board.content.decode()
    css = Path(finders.find("reviews/css/reviews.css")).read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".filters, .no-print" in print_rules


def test_managers_land_on_the_dashboard_and_staff_on_their_work(client, manager, officer):
    client.force_login(manager)
    assert client.get("/").url == URL
    client.force_login(officer)
    assert client.get("/").url == reverse("my:work")


def test_the_rows_show_escaped_titles_shortened_and_link_to_the_overdue_list_of_the_date(client, manager):
    title = "<i>" + "긴 제목 " * 20
    Milestone.objects.filter(pk=pk(1, "4")).update(title=title)
    client.force_login(manager)

    page = client.get(URL).content.decode()
    projects = page.split('<table class="review-table responsive projects">')[1].split("</table>")[0]
    first = projects.split("<tr>")[2]

    assert "<i>" not in page.split('id="projects-title"')[1]
    assert f'">{escape(Truncator(title).chars(60))}</a>' in first
    plan = Milestone.objects.get(pk=pk(1, "4")).project.plan
    overdue = f'<a class="overdue" href="{reverse("reviews:overdue")}?plan={plan.code}&amp;project='
    assert overdue in first and "&amp;on=" not in first
    as_of = client.get(URL, {"on": "2023-10-31"}).content.decode()
    assert "&amp;on=2023-10-31" in as_of.split('<table class="review-table responsive projects">')[1].split("<tr>")[2]
