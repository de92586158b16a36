"""The streamed XLSX writer: what a spreadsheet reads back from it."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from spreadsheets.xlsx import FLUSH_BYTES, xlsx_stream

HEADERS = ["과제명", "과제번호", "완료예정일", "예산", "진척률"]
FORMATS = [None, "#,##0", "yyyy-mm-dd", "#,##0", "0.0"]


def read_back(rows, **kwargs):
    data = b"".join(
        xlsx_stream(
            rows, headers=HEADERS, widths=[40, 8, 12, 12, 8], number_formats=FORMATS, sheet_title="지연", **kwargs
        )
    )
    return load_workbook(io.BytesIO(data))["지연"]


def test_text_stays_text_even_when_it_looks_like_a_formula_or_a_number():
    sheet = read_back(
        [['=HYPERLINK("http://x")', 1, None, None, None], ["0012", 2, None, None, None], ["-3+4", 3, None, None, None]]
    )

    cells = [sheet.cell(row=r, column=1) for r in (2, 3, 4)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x")', "0012", "-3+4"]
    assert {c.data_type for c in cells} == {"s"}


def test_numbers_stay_numbers_and_dates_stay_dates_with_their_formats():
    sheet = read_back([["스마트도시", 12, datetime.date(2023, 9, 24), Decimal("1500000000"), 37.5]])

    title, number, due, budget, percent = (sheet.cell(row=2, column=c) for c in range(1, 6))
    assert title.value == "스마트도시"
    assert number.value == 12 and number.number_format == "#,##0"
    assert due.value == datetime.datetime(2023, 9, 24) and due.number_format == "yyyy-mm-dd"
    assert budget.value == 1500000000 and budget.data_type == "n"
    assert percent.value == 37.5 and percent.number_format == "0.0"


def test_the_header_is_bold_and_stays_in_view_and_none_is_an_empty_cell():
    sheet = read_back([["a & <b>", None, None, "", None]])

    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.cell(row=1, column=1).font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=1).value == "a & <b>"
    assert sheet.cell(row=2, column=2).value is None
    assert sheet.cell(row=2, column=4).value == ""  # text, even when empty


def test_control_characters_a_spreadsheet_cannot_hold_are_left_out_of_text():
    sheet = read_back([["줄\x07바꿈\t탭\n끝", None, None, None, None]])

    assert sheet.cell(row=2, column=1).value == "줄바꿈\t탭\n끝"


def test_rows_are_sent_in_blocks_as_they_are_written_not_at_the_end():
    produced = []

    def rows():
        for n in range(20_000):
            produced.append(n)
            yield [f"추진계획 {n}", n, datetime.date(2023, 1, 1), n * 1000, 50.0]

    chunks = []
    for chunk in xlsx_stream(rows(), headers=HEADERS, widths=[1] * 5, number_formats=FORMATS, sheet_title="s"):
        chunks.append((len(produced), len(chunk)))

    assert len(chunks) > 3
    assert chunks[1][0] < 20_000  # a block went out before the last row was read
    assert max(size for _, size in chunks) < 4 * FLUSH_BYTES


def test_a_text_that_comes_again_is_written_again_as_text():
    texts = ["-1", "a & <b>", "=1+1", "스마트도시"]
    sheet = read_back([[text, None, None, None, None] for text in texts * 2])
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + 2 * len(texts))]
    assert [c.value for c in cells] == texts * 2
    assert {c.data_type for c in cells} == {"s"}


def test_repeated_numbers_and_dates_keep_their_column_formats_and_a_flag_stays_text():
    day = datetime.date(2023, 9, 24)
    sheet = read_back([["a", 1, day, 1, 1], ["b", True, day, 1, 2], ["c", 1, day, True, 1]])
    rows = [[sheet.cell(row=r, column=c) for c in range(2, 6)] for r in (2, 3, 4)]
    assert [[c.value for c in row] for row in rows] == [
        [1, datetime.datetime(2023, 9, 24), 1, 1],
        ["True", datetime.datetime(2023, 9, 24), 1, 2],
        [1, datetime.datetime(2023, 9, 24), "True", 1],
    ]
    assert {row[1].number_format for row in rows} == {"yyyy-mm-dd"}
    assert {row[0].number_format for row in rows if row[0].value == 1} == {"#,##0"}
