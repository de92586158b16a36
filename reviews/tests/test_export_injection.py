"""Text that a spreadsheet would read as a formula leaves every export as text (CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets.models import BudgetLine
from milestones.models import Milestone

from .test_overdue import PROJECT_2, pk

pytestmark = pytest.mark.usefixtures("frozen")

#: The payloads of the outside test: each starts with a character that makes a formula.
PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _milestones_titled(payloads):
    ids = [pk(*key) for key in PROJECT_2[: len(payloads)]]
    for milestone_id, title in zip(ids, payloads, strict=True):
        Milestone.objects.filter(pk=milestone_id).update(title=title)
    return ids


def test_overdue_csv_neutralises_every_formula_and_keeps_numbers(client, manager):
    _milestones_titled(PAYLOADS)
    client.force_login(manager)
    content = _body(client.get(reverse("reviews:overdue_export", kwargs={"fmt": "csv"}))).decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    titles = [row[4] for row in rows[1:]]
    assert {"'" + payload for payload in PAYLOADS} <= set(titles)
    assert all(not title.startswith(("=", "+", "-", "@", "\t", "\r")) for title in titles)
    assert all(row[8].isdigit() for row in rows[1:]), "days overdue stay numbers"


def test_overdue_xlsx_writes_formula_like_text_as_strings(client, manager):
    _milestones_titled(PAYLOADS)
    client.force_login(manager)
    content = _body(client.get(reverse("reviews:overdue_export", kwargs={"fmt": "xlsx"})))
    sheet = load_workbook(io.BytesIO(content)).active
    titles = {row[4].value: row[4].data_type for row in sheet.iter_rows(min_row=2)}
    assert {payload: titles.get(payload) for payload in PAYLOADS} == dict.fromkeys(PAYLOADS, "s")
    assert all(row[8].data_type == "n" and row[7].is_date for row in sheet.iter_rows(min_row=2))


def test_budget_exports_write_a_line_name_as_text(client, manager):
    line = BudgetLine.objects.filter(table__code="expenditure-detail", parent__isnull=False).first()
    BudgetLine.objects.filter(pk=line.pk).update(name="=1+2")
    client.force_login(manager)
    url = reverse("budgets:export", args=["seoul-dpb-2023", "expenditure-detail", "xlsx"])
    sheet = load_workbook(io.BytesIO(_body(client.get(url)))).active
    cells = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value == "=1+2"]
    assert [cell.data_type for cell in cells] == ["s"]
    url = reverse("budgets:export", args=["seoul-dpb-2023", "expenditure-detail", "csv"])
    rows = list(csv.reader(io.StringIO(_body(client.get(url)).decode("utf-8").lstrip("\ufeff"))))
    assert "'=1+2" in [row[2] for row in rows] and "=1+2" not in [row[2] for row in rows]
