"""The budget execution pages on the 2023 plan's tables (figures as of 2023-08-16); ``manager`` and
``officer`` are the shared personas."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_persona

DETAIL = reverse("budgets:table", args=["seoul-dpb-2023", "expenditure-detail"])
REVENUE = reverse("budgets:table", args=["seoul-dpb-2023", "revenue-detail"])


@pytest.fixture
def big_data_head(plan_2023):
    return make_persona("big-data-head", "big-data:윤충식")


def rows_of(response):
    return {row.line.name: row for row in response.context["rows"]}


def test_expenditure_tree_in_printed_order_with_depths(client, manager):
    client.force_login(manager)
    response = client.get(DETAIL)
    assert response.status_code == 200
    first = [(row.depth, row.line.name) for row in response.context["rows"][:4]]
    assert first == [(1, "디지털정책관"), (2, "디지털정책담당관"), (3, "일반회계"), (4, "서울시민카드 플랫폼 운영")]
    html = response.content.decode()
    assert "15,922,124,000" in html  # 디지털정책담당관 commitments, in won
    assert "69.0%" in html  # its execution rate: 15,922,124 / 23,080,630


def test_lines_lagging_the_year_are_flagged_at_the_tables_date(client, manager):
    client.force_login(manager)
    response = client.get(DETAIL)
    rows = rows_of(response)
    assert response.context["threshold"] == pytest.approx(47.5)
    assert rows["취약계층 디지털 격차 해소"].lags  # 18.6 %
    assert rows["빅데이터 분석 서비스"].lags  # 43.9 %
    assert not rows["정보시스템 보안관리 고도화"].lags  # 48.3 %, just above 47.5 %
    assert not rows["서울디지털재단 출연"].lags  # 70.4 %
    lagging = client.get(DETAIL, {"lagging": "1"}).context["rows"]
    assert [row.line.pk for row in lagging] == [row.line.pk for row in response.context["rows"] if row.lags]
    assert "취약계층 디지털 격차 해소" in {row.line.name for row in lagging}


def test_revenue_tree_shows_changes_and_new_lines(client, manager):
    client.force_login(manager)
    response = client.get(REVENUE)
    rows = rows_of(response)
    assert rows["세외수입"].line.change == 13251729000 - 14850806000
    assert rows["주소정보시설 유지관리"].line.change_rate is None  # 순증: nothing the year before
    html = response.content.decode()
    assert "순증" in html
    assert not response.context["has_execution"]


def test_index_lists_the_tables_and_the_lagging_programme_lines(client, manager):
    client.force_login(manager)
    response = client.get(reverse("budgets:index"))
    assert response.status_code == 200
    assert [entry["table"].code for entry in response.context["tables"]] == [
        "revenue-summary", "expenditure-summary", "revenue-detail", "expenditure-detail",
    ]  # fmt: skip
    lagging = {row.line.name for row in response.context["lagging"]}
    assert "재난재해 대비 SDDC기반 클라우드 환경 구축" in lagging
    assert "데이터센터" not in lagging  # a subtotal, not a programme line


def test_a_department_head_sees_their_departments_expenditure_only(client, big_data_head):
    client.force_login(big_data_head)
    response = client.get(DETAIL)
    names = {row.line.department.code for row in response.context["rows"]}
    assert names == {"big-data"}
    assert response.context["rows"][0].depth == 1
    assert client.get(REVENUE).status_code == 404
    index = client.get(reverse("budgets:index"))
    assert [entry["table"].kind for entry in index.context["tables"]] == ["expenditure", "expenditure"]


def test_staff_are_refused(client, officer):
    client.force_login(officer)
    assert client.get(DETAIL).status_code == 403
    assert client.get(reverse("budgets:index")).status_code == 403


def test_export_holds_the_rows_with_amounts_as_numbers(client, manager):
    client.force_login(manager)
    response = client.get(reverse("budgets:export", args=["seoul-dpb-2023", "expenditure-detail", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:6] == ["구분", "수준", "항목", "부서", "회계", "예산현액(원)"]
    assert len(rows) == 1 + len(client.get(DETAIL).context["rows"])
    policy = dict(zip(header, rows[2], strict=True))
    assert policy["항목"] == "디지털정책담당관"
    assert policy["예산현액(원)"] == 23080630000
    assert policy["원인행위액(원)"] == 15922124000
    assert policy["집행률(%)"] == pytest.approx(69.0)
    assert policy["기준일"] == datetime.datetime(2023, 8, 16)
    lagging = [row for row in rows[1:] if row[header.index("집행 부진")] == "부진"]
    assert len(lagging) == sum(1 for row in client.get(DETAIL).context["rows"] if row.lags)


def test_the_table_page_reads_a_fixed_number_of_queries(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        client.get(DETAIL)
