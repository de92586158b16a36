"""The report page, its downloads and the files built in the background: who gets what."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse
from hwpx import HwpxDocument, validate_package

from reports import views
from reports.models import ReportExport
from reports.structure import Table
from reports.tests.conftest import REPORT_DATE, TODAY, report_of

pytestmark = pytest.mark.django_db


def url(name, plan, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(f"reports:{name}", args=[plan.code]) + (f"?{query}" if query else "")


def project_numbers(report):
    return [int(s.anchor.split("-")[1]) for s in report.walk() if s.anchor.startswith("project-")]


def test_a_manager_reads_every_project_and_every_budget_table(plan_2023, manager):
    report = report_of(plan_2023, manager)

    assert project_numbers(report) == list(range(1, 10))
    tables = [b for s in report.walk() for b in s.blocks if isinstance(b, Table) and "budget" in b.style]
    assert len(tables) == 4
    assert [s.heading for s in report.sections] == [
        "I. 일반 현황",
        "II. 주요 현안업무",
        "IV. 2023 세입 · 세출예산 세부현황",
        "용 어 설 명",
    ]


def test_a_department_heads_report_holds_no_other_departments_project_or_budget_line(plan_2023, department_head):
    report = report_of(plan_2023, department_head)
    texts = "\n".join(b.text for s in report.walk() for b in s.blocks if hasattr(b, "text"))
    budget_rows = [
        row[0].text for s in report.walk() for b in s.blocks if isinstance(b, Table) and "budget" in b.style
        for row in b.body
    ]  # fmt: skip

    assert project_numbers(report) == [1, 2]
    assert "3. 「민·관 데이터 융합분석」을 통한 상생도시 구현" not in texts
    assert "디지털정책담당관" in budget_rows and "빅데이터담당관" not in budget_rows
    assert "세입 총괄" not in [b.text.lstrip("● ") for s in report.walk() for b in s.blocks if b.kind == "heading"]
    assert report.scope == "디지털정책담당관"


def test_an_officer_of_another_department_reads_only_that_departments_project(plan_2023, outsider):
    assert project_numbers(report_of(plan_2023, outsider)) == [3]


def test_the_page_is_for_people_who_see_the_plan(client, plan_2023, no_role, outsider):
    assert client.get(url("report", plan_2023)).status_code == 302
    client.force_login(no_role)
    assert client.get(url("report", plan_2023)).status_code == 404
    assert client.get(url("pdf", plan_2023)).status_code == 404
    client.force_login(outsider)
    assert client.get(url("report", plan_2023)).status_code == 200


def test_a_past_plan_is_read_as_of_its_own_reference_date_by_default(client, plan_2023, manager):
    client.force_login(manager)
    with time_machine.travel(datetime.datetime(2024, 3, 1, 9), tick=False):
        response = client.get(url("report", plan_2023))

    assert response.context["on"] == REPORT_DATE


def test_the_plan_of_the_year_is_read_as_of_today_by_default(client, frozen, plan_2023, manager):
    client.force_login(manager)

    assert client.get(url("report", plan_2023)).context["on"] == TODAY


def test_a_date_far_from_the_plan_is_refused(client, plan_2023, manager):
    client.force_login(manager)

    assert client.get(url("report", plan_2023, on="2035-01-01")).status_code == 400
    assert client.get(url("hwpx", plan_2023, on="2035-01-01")).status_code == 400


def test_the_page_reads_a_bounded_number_of_queries(client, plan_2023, manager, django_assert_max_num_queries):
    """Nine projects, five budget tables: a query per project (or per budget line) would break the bound."""
    client.force_login(manager)
    with django_assert_max_num_queries(40):
        client.get(url("report", plan_2023, on=REPORT_DATE))


def test_a_contradicting_total_is_printed_as_printed_and_marked(client, plan_2023, manager):
    client.force_login(manager)
    page = client.get(url("report", plan_2023, on=REPORT_DATE)).content.decode()

    assert "14,236,560" in page and "14,236,550" in page
    assert page.count('class="flag live"') >= 4


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is installed by make test")
def test_the_pdf_is_a4_with_the_plan_title_on_top_and_page_numbers(client, plan_2023, manager, tmp_path):
    client.force_login(manager)
    response = client.get(url("pdf", plan_2023, on=REPORT_DATE))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    page_3 = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout

    assert "A4" in info
    assert "seoul-dpb-2023-20230816.pdf" in response["Content-Disposition"]
    assert "2023년 주요 업무보고" in page_3.splitlines()[0]
    assert re.search(r"-\s*3\s*-", page_3)


def test_the_hwpx_passes_the_librarys_validation_and_reopens_with_its_tables(client, plan_2023, manager):
    client.force_login(manager)
    data = client.get(url("hwpx", plan_2023, on=REPORT_DATE)).content
    document = HwpxDocument.open(io.BytesIO(data))

    assert [i for i in validate_package(io.BytesIO(data)).issues if i.level == "error"] == []
    assert document.validate().issues == ()
    assert len(document.tables) >= 15
    assert "한강, 서울기록이 흐른다. (1전시실)" in document.text.plain()


@pytest.fixture
def large_plan(monkeypatch):
    """A plan counts as large from 11 milestones on: its files are built in the background."""
    monkeypatch.setattr(views, "SYNC_MILESTONES", 10)


def test_a_large_plans_file_is_built_in_the_background_with_progress_and_a_link(
    client, plan_2023, manager, large_plan, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url("hwpx", plan_2023, on=REPORT_DATE))
    export = ReportExport.objects.get()

    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:export", args=[plan_2023.code, export.pk]
    )
    assert (export.state, export.progress) == (ReportExport.State.DONE, 100)
    page = client.get(response["Location"]).content.decode()
    assert reverse("reports:export-download", args=[plan_2023.code, export.pk]) in page
    download = client.get(reverse("reports:export-download", args=[plan_2023.code, export.pk]))
    assert HwpxDocument.open(io.BytesIO(b"".join(download.streaming_content))).validate().issues == ()


def test_a_file_in_progress_shows_its_progress_and_refreshes(client, plan_2023, manager):
    export = ReportExport.objects.create(
        plan=plan_2023, on=REPORT_DATE, format="pdf", requested_by=manager, state="running", progress=40
    )
    client.force_login(manager)
    page = client.get(reverse("reports:export", args=[plan_2023.code, export.pk])).content.decode()

    assert 'http-equiv="refresh"' in page and 'value="40"' in page
    assert client.get(reverse("reports:export-download", args=[plan_2023.code, export.pk])).status_code == 302


def test_a_file_is_only_for_the_person_who_asked_for_it(client, plan_2023, manager, department_head):
    export = ReportExport.objects.create(plan=plan_2023, on=REPORT_DATE, format="pdf", requested_by=manager)
    client.force_login(department_head)

    assert client.get(reverse("reports:export", args=[plan_2023.code, export.pk])).status_code == 404


def test_asking_twice_for_the_same_file_reuses_the_first(client, plan_2023, manager, large_plan):
    client.force_login(manager)
    first = client.get(url("pdf", plan_2023, on=REPORT_DATE))
    second = client.get(url("pdf", plan_2023, on=REPORT_DATE))

    assert first["Location"] == second["Location"] and ReportExport.objects.count() == 1


def test_the_project_pages_and_the_dashboard_link_to_the_report(client, frozen, plan_2023, manager):
    client.force_login(manager)
    project = plan_2023.projects.get(number=2)
    report = reverse("reports:report", args=[plan_2023.code])

    assert f'href="{report}#project-2"' in client.get(project.get_absolute_url()).content.decode()
    assert f'href="{report}"' in client.get(reverse("projects:list")).content.decode()
    assert f'href="{report}?on=2023-11-15"' in client.get(reverse("reviews:dashboard")).content.decode()


def test_a_plan_without_an_outline_prints_its_projects_with_their_tables(plan_2023, manager):
    from accounts.demo import demo_plan_ensure

    demo, _created = demo_plan_ensure(today=TODAY)
    report = report_of(demo, manager, on=TODAY)

    assert [s.heading for s in report.sections] == ["I. 주요 현안업무"]
    assert project_numbers(report) == list(range(1, 10))
    project_1 = next(s for s in report.walk() if s.anchor == "project-1")
    assert [b.title for b in project_1.blocks if isinstance(b, Table)] == ["", "", "(제8회) 서울 스마트시티 포럼 개요"]
