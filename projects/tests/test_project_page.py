"""The project page: goal, contacts, budget breakdown, the milestone timeline, achievements and history."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from milestones import services
from milestones.models import Milestone, Status
from milestones.tests.conftest import CURRENT_TIME, TODAY
from projects import timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(plan_2023):
    return plan_2023.projects.get(number=1)


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield


def test_the_page_shows_goal_contacts_budget_breakdown_and_achievements(client, officer, project):
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text

    assert escape(project.goal) in page
    assert "이영미" in page and "02-2133-2912" in page
    assert "637,000,000" in page and "342,000,000" in page and "295,000,000" in page
    assert "총 240건 접수" in page or "240" in page


def test_the_timeline_draws_each_milestone_on_the_months_of_the_plan_year(client, officer, project):
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text
    svg = page.split('<figure class="timeline">')[1].split("</svg>")[0]

    assert len(re.findall(r'<g class="row ', svg)) == project.milestones.count()
    assert len(re.findall(r'class="month-label"', svg)) == 12
    assert "<script" not in page and "style=" not in page


def test_a_day_falls_inside_its_month_column():
    drawn = timeline.build([], year=2023, today=datetime.date(2023, 9, 15))
    row = timeline.place(0, datetime.date(2023, 9, 24), datetime.date(2023, 9, 24), year=2023)
    september = drawn.months[8]
    assert row["point"] and september.x < float(row["x"]) < september.x + september.width
    assert september.x < drawn.today_x < float(row["x"])


def test_the_table_and_the_timeline_show_status_overdue_and_moved_dates(client, officer, frozen, project):
    first, second = project.milestones.order_by("order")[:2]
    Milestone.objects.filter(pk=first.pk).update(
        start_date=datetime.date(2023, 8, 1),
        due_date=datetime.date(2023, 9, 1),
        baseline_due_date=datetime.date(2023, 8, 20),
        status=Status.DELAYED,
    )
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text
    svg = page.split('<figure class="timeline">')[1].split("</svg>")[0]
    table = page.split("</figure>")[1].split("<tbody>")[1].split("</tbody>")[0]
    row = table.split("<tr>")[1]

    assert escape(first.title) in row and "2023-09-01" in row and "2023-08-20" in row
    assert '<span class="status status-delayed">' in row and '<span class="overdue">' in row
    assert '<span class="overdue">' not in table.split("<tr>")[2] and escape(second.title) in table.split("<tr>")[2]
    assert re.search(r'<g class="row status-delayed is-overdue" transform="translate\(0 30\)">', svg)


def test_recent_changes_show_the_newest_ten_with_what_changed(client, officer, frozen, project):
    first, second = project.milestones.filter(owner=officer.staff).order_by("order")[:2]
    for step in range(1, 13):
        milestone = Milestone.objects.get(pk=(first if step % 2 else second).pk)
        services.milestone_record_progress(
            milestone=milestone,
            by=officer,
            version=milestone.version,
            status=Status.IN_PROGRESS,
            percent_complete=step,
            today=TODAY,
        )
    Milestone.objects.get(pk=first.pk).save()  # a record that changes nothing shown
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text
    history = page.split('id="history-title"')[1].split("</section>")[0]

    shown = re.findall(r"<ins>(\d+)</ins>", history)
    assert history.count('<span class="when">') == 10
    assert shown[:3] == ["12", "11", "10"], "newest first, the record without a change left out"
    assert escape(second.title[:50]) in history.split("</li>")[0]


def add_changed_milestones(project, count, by):
    """``count`` milestones added to the project and then changed, each with its two history records."""
    owner = project.milestones.first().owner
    start = project.milestones.count()
    added = [
        Milestone(project=project, key=f"x{i}", order=100 + i, title=f"extra {i}", date_precision="day", owner=owner)
        for i in range(start, start + count)
    ]
    bulk_create_with_history(added, Milestone, default_user=by)
    for milestone in added:
        milestone.percent_complete = 50
    bulk_update_with_history(added, Milestone, ["percent_complete"], default_user=by)


def test_the_page_takes_as_many_queries_for_many_milestones_and_changes(
    client, officer, frozen, project, django_assert_max_num_queries
):
    client.force_login(officer)
    add_changed_milestones(project, 1, officer)
    client.get(reverse("projects:detail", args=[project.pk]))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("projects:detail", args=[project.pk]))
    add_changed_milestones(project, 100, officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.text.count("<tr>") > 100


def test_the_table_and_the_timeline_escape_what_people_wrote(client, officer, project):
    first = project.milestones.order_by("order").first()
    Milestone.objects.filter(pk=first.pk).update(title='<b>"A" & B</b>', date_text="9월 <중>")
    client.force_login(officer)

    page = client.get(reverse("projects:detail", args=[project.pk])).text
    svg = page.split('<figure class="timeline">')[1].split("</svg>")[0]
    row = page.split("</figure>")[1].split("<tbody>")[1].split("<tr>")[1]

    assert "<b>" not in page.split('<h2 id="milestones-title">')[1].split('id="history-title"')[0]
    assert "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;" in row and "9월 &lt;중&gt;" in row
    assert f"{first.key}. &lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt; (9월 &lt;중&gt;;" in svg


def test_the_table_reads_was_and_overdue_in_the_reader_s_language(client, officer, frozen, project):
    first = project.milestones.order_by("order").first()
    Milestone.objects.filter(pk=first.pk).update(
        start_date=datetime.date(2023, 8, 1),
        due_date=datetime.date(2023, 9, 1),
        baseline_due_date=datetime.date(2023, 8, 20),
        status=Status.DELAYED,
    )
    client.force_login(officer)

    client.cookies["django_language"] = "en"
    english = client.get(reverse("projects:detail", args=[project.pk])).text
    client.cookies["django_language"] = "ko"
    korean = client.get(reverse("projects:detail", args=[project.pk])).text

    assert "(was 2023-08-20)</span>" in english and '<span class="overdue">overdue</span>' in english
    assert "(was 2023-08-20)" not in korean and "2023-08-20)</span>" in korean
