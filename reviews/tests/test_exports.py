"""Exports of the overdue list hold exactly the rows the list shows, read back as a spreadsheet would."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Department

from .test_overdue import PROJECT_2, pk, pks, shown

pytestmark = pytest.mark.usefixtures("frozen")

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


def test_invalid_filters_export_nothing(as_manager):
    rows = xlsx_rows(download(as_manager, "xlsx", days_from="many"))
    assert rows == [HEADER]


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
