"""Exports of the overdue list hold exactly the rows the list shows, read back as a spreadsheet would."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from departments.models import Department, Staff
from milestones.dates import record_date_words
from milestones.models import Milestone, Status
from milestones.schedule import days_overdue
from reviews.selectors import milestones_as_of

from .test_overdue import PROJECT_2, pk, pks, shown

pytestmark = pytest.mark.usefixtures("frozen")

#: The queries of an export: the session with its login and role (one statement), the plan and the rows.
QUERIES = 3

HEADER = [
    "부서", "팀", "과제번호", "과제명", "추진계획", "일정(원문)", "시작일", "완료예정일", "지연일수", "상태",
    "진척률(%)", "담당자", "예정", "기준일", "일정", "링크",
]  # fmt: skip


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def download(client, fmt, **params):
    response = client.get(reverse("reviews:overdue_export", kwargs={"fmt": fmt}), params)
    assert response.status_code == 200
    assert response.streaming
    assert f".{fmt}" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def ids_of(rows):
    return [int(row[-1].rstrip("/").rsplit("/", 1)[-1]) for row in rows]


def test_xlsx_of_one_department_has_the_rows_the_list_shows(as_manager):
    policy = Department.objects.get(code="digital-policy")
    rows = xlsx_rows(download(as_manager, "xlsx", department=policy.pk))
    assert rows[0] == HEADER
    assert ids_of(rows[1:]) == shown(as_manager, department=policy.pk)
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["부서"] == "디지털정책담당관"
    assert first["과제번호"] == 1
    assert first["완료예정일"] == datetime.datetime(2023, 9, 24)  # a date cell, not text
    assert first["지연일수"] == 52
    assert first["담당자"] == "김연숙"
    assert first["기준일"] == datetime.datetime(2023, 11, 15)
    assert first["일정"] == "2023-09-24"
    assert {row[14] for row in rows[1:] if row[5] == "(9월)"} == {"2023년 9월 중"}  # words, never "(월)"


def test_xlsx_follows_the_sort_and_every_filter(as_manager):
    team = Department.objects.get(code="metaverse-seoul")
    params = {"team": team.pk, "days_to": 20, "sort": "days_overdue"}
    rows = xlsx_rows(download(as_manager, "xlsx", **params))
    assert ids_of(rows[1:]) == shown(as_manager, **params)
    assert set(ids_of(rows[1:])) == pks(PROJECT_2[4:])
    assert [row[8] for row in rows[1:]] == sorted(row[8] for row in rows[1:])


def test_csv_has_a_bom_korean_headers_and_iso_dates(as_manager):
    content = download(as_manager, "csv").decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 14
    assert ids_of(rows[1:]) == shown(as_manager)
    assert rows[1][7] == "2023-09-24" and rows[1][8] == "52"


def test_each_row_links_to_its_milestone_page_in_full(as_manager):
    for params in ({}, {"on": "2023-10-01"}):  # live rows and history rows alike
        rows = xlsx_rows(download(as_manager, "xlsx", **params))[1:]
        links = [row[-1] for row in rows]
        assert links == [f"http://testserver/milestones/{pk}/" for pk in shown(as_manager, **params)]
        assert as_manager.get(links[0].removeprefix("http://testserver")).status_code == 200


def test_invalid_filters_export_nothing_and_answer_400_naming_the_filter(as_manager):
    response = as_manager.get(reverse("reviews:overdue_export", kwargs={"fmt": "xlsx"}), {"days_from": "many"})
    assert response.status_code == 400 and "days_from" in response.text


def test_an_export_as_of_an_earlier_date_matches_that_list(as_manager):
    rows = xlsx_rows(download(as_manager, "xlsx", on="2023-10-01"))
    assert ids_of(rows[1:]) == shown(as_manager, on="2023-10-01")
    assert {row[13] for row in rows[1:]} == {datetime.datetime(2023, 10, 1)}
    assert rows[1][8] == 7 and ids_of(rows[1:2]) == [pk(1, "1")]


def test_a_department_head_exports_only_their_department(client, head):
    client.force_login(head)
    rows = xlsx_rows(download(client, "xlsx"))
    assert set(ids_of(rows[1:])) == pks([(4, "1"), (4, "2")])


def test_unknown_formats_are_not_found(as_manager):
    assert as_manager.get("/milestones/overdue/export.pdf").status_code == 404


def expected(records, on):
    """Each row an export should hold for ``records`` (live milestones or history rows, in order), read the slow
    and obvious way: from the records and their related rows, through the rules the site shows them by."""
    with translation.override("ko"):
        return [
            [
                m.project.department.name,
                m.owner.team.name if m.owner_id and m.owner.team_id else "",
                m.project.number,
                m.project.title,
                m.title,
                m.date_text,
                m.start_date,
                m.due_date,
                days_overdue(m.due_date, on),
                str(Status(m.status).label),
                m.percent_complete,
                m.owner.name if m.owner_id else "",
                "예정" if m.is_tentative else "",
                on,
                record_date_words(m),
                f"http://testserver{reverse('milestones:detail', args=[m.id])}",
            ]
            for m in records
        ]


def as_xlsx(value):
    """A value as openpyxl reads it back from its cell: dates as datetimes."""
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    return value


def as_csv(value):
    """A value as its CSV field reads back: dates in ISO form, numbers as written, text as written (none of
    these rows' text looks like a formula)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def vary(plan):
    """Give the overdue rows what the plan alone lacks: no owner, an owner without a team, a tentative month."""
    overdue = Milestone.objects.filter(project__plan=plan, key__in=["2.1.1", "2.1.2", "2.2"], project__number=2)
    first, second, third = overdue.order_by("key")
    Milestone.objects.filter(pk=first.pk).update(owner=None)
    teamless = Staff.objects.filter(team__isnull=True).first()
    Milestone.objects.filter(pk=second.pk).update(owner=teamless, percent_complete=40, status=Status.DELAYED)
    Milestone.objects.filter(pk=third.pk).update(
        is_tentative=True, date_text="(9월)(예정)", start_date=datetime.date(2023, 9, 1), date_precision="month"
    )
    return teamless


@pytest.mark.parametrize("on", [None, "2023-11-30", "2023-10-01"])
def test_every_cell_of_every_row_is_what_the_list_shows(as_manager, plan_2023, on):
    """Live rows (today and a later date) and history rows (an earlier date), in CSV and XLSX alike."""
    teamless = vary(plan_2023)
    assert teamless is not None
    params = {"on": on} if on else {}
    day = datetime.date.fromisoformat(on) if on else datetime.date(2023, 11, 15)
    ids = shown(as_manager, **params)
    if on == "2023-10-01":
        by_id = {row.id: row for row in milestones_as_of(on=day).filter(id__in=ids)}
    else:
        by_id = Milestone.objects.in_bulk(ids)
    rows = expected([by_id[i] for i in ids], day)
    assert len(rows) >= 5
    if on != "2023-10-01":  # the history of that date has none of the changes above
        teams, owners, tentative = ({row[i] for row in rows} for i in (1, 11, 12))
        assert "" in teams and "" in owners and "예정" in tentative
    assert xlsx_rows(download(as_manager, "xlsx", **params))[1:] == [[as_xlsx(v) for v in row] for row in rows]
    content = download(as_manager, "csv", **params).decode("utf-8").lstrip("\ufeff")
    assert list(csv.reader(io.StringIO(content)))[1:] == [[as_csv(v) for v in row] for row in rows]


def test_an_export_reads_a_fixed_number_of_queries(as_manager, django_assert_num_queries):
    download(as_manager, "csv")
    for fmt, params in [("csv", {}), ("xlsx", {}), ("csv", {"on": "2023-10-01"}), ("xlsx", {"sort": "owner"})]:
        with django_assert_num_queries(QUERIES):
            download(as_manager, fmt, **params)
