"""The one rule of export cells: text is text, numbers and dates keep their type."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from spreadsheets.cells import csv_cell, xlsx_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised_in_csv_and_a_string_in_xlsx(text):
    assert csv_cell(text) == "'" + text
    cell = xlsx_cell(Workbook(write_only=True).create_sheet(), text)
    assert (cell.value, cell.data_type) == (text, "s")


def test_numbers_and_dates_keep_their_type():
    sheet = Workbook(write_only=True).create_sheet()
    assert [csv_cell(v) for v in (-5, Decimal("-1.5"), datetime.date(2023, 1, 2), None)] == [
        "-5",
        "-1.5",
        "2023-01-02",
        "",
    ]
    assert xlsx_cell(sheet, -5, number_format="#,##0").data_type == "n"
    assert xlsx_cell(sheet, datetime.date(2023, 1, 2), number_format="yyyy-mm-dd").is_date


def test_control_characters_an_xlsx_cannot_hold_are_left_out():
    cell = xlsx_cell(Workbook(write_only=True).create_sheet(), "a\x00b\x1fc")
    assert cell.value == "abc"
