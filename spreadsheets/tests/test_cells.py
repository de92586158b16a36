"""The one rule of export cells: text is text, numbers and dates keep their type."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from spreadsheets import cells
from spreadsheets.cells import Memo, csv_cell, csv_lines, csv_text, xlsx_cell
from spreadsheets.xlsx import xlsx_stream


def read_back(*values):
    """The cells of one row of ``values`` as a spreadsheet reads them."""
    data = b"".join(
        xlsx_stream(
            [values],
            headers=[str(i) for i in range(len(values))],
            widths=[10] * len(values),
            number_formats=["yyyy-mm-dd" if isinstance(v, datetime.date) else None for v in values],
            sheet_title="s",
        )
    )
    return list(load_workbook(io.BytesIO(data))["s"].iter_rows(min_row=2))[0]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised_in_csv_and_a_string_in_xlsx(text):
    assert csv_cell(text) == csv_text(text) == Memo(csv_text)[text] == "'" + text
    assert 't="inlineStr"' in xlsx_cell(text) and "<f>" not in xlsx_cell(text)
    (cell,) = read_back(text)
    assert (cell.value, cell.data_type) == (text, "s")


def test_numbers_and_dates_keep_their_type():
    assert [csv_cell(v) for v in (-5, Decimal("-1.5"), datetime.date(2023, 1, 2), None)] == [
        "-5",
        "-1.5",
        "2023-01-02",
        "",
    ]
    number, amount, day = read_back(-5, Decimal("-1.5"), datetime.date(2023, 1, 2))
    assert (number.value, number.data_type) == (-5, "n")
    assert (amount.value, amount.data_type) == (-1.5, "n")
    assert day.is_date and day.value == datetime.datetime(2023, 1, 2)


def test_control_characters_an_xlsx_cannot_hold_are_left_out():
    (cell,) = read_back("a\x00b\x1fc")
    assert cell.value == "abc"


def test_a_memo_works_a_value_out_once_and_forgets_past_its_limit(monkeypatch):
    monkeypatch.setattr(cells, "MEMO_LIMIT", 2)
    written = []
    texts = Memo(lambda text: written.append(text) or csv_text(text))
    assert [texts[t] for t in ("-a", "b", "-a", "c", "-a")] == ["'-a", "b", "'-a", "c", "'-a"]
    assert written == ["-a", "b", "c", "-a"]
    assert len(texts) <= 2


@pytest.mark.parametrize(
    "rows",
    [
        [["a", "b"], ["", ""]],
        [['say "hi"', "x"], ['"', '""'], ["a,b", "c\r\nd"], ["'=1+1", "\ttab"]],
        [["한글", "2023-09-24"]],
        [["only"]],
        [],
    ],
)
def test_csv_lines_are_what_the_csv_module_writes_with_every_field_quoted(rows):
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)
    assert csv_lines(rows, len(rows[0]) if rows else 0) == buffer.getvalue()
