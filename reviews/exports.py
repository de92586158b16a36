"""Streamed CSV and XLSX exports of exactly the rows a page shows.

Rows are read in chunks (``QuerySet.iterator(chunk_size=...)``) and written as they come: CSV goes to the
response a block of rows at a time, XLSX through spreadsheets.xlsx, which compresses the sheet as it is written and
sends it in blocks. Every cell is written by ``spreadsheets.cells``: dates stay dates, amounts stay numbers,
text stays text (never a formula). The headers are Korean, as the weekly meeting reads them; values are written
in Korean too.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

from milestones.dates import date_words
from milestones.schedule import days_overdue
from milestones.selectors import milestone_urls, status_labels
from spreadsheets.cells import TEXT_CELLS_LIMIT, TextCells, csv_cell, csv_text
from spreadsheets.xlsx import xlsx_stream

CHUNK_SIZE = 2000
#: CSV rows written to the response at a time.
CSV_BLOCK_ROWS = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "int": "#,##0", "won": "#,##0", "percent": "0.0"}


@dataclass(frozen=True)
class ExportColumn:
    """A column of an export; ``value`` gives its value of a row, unless the export gives all of a row's values
    at once (``export_response(values=...)``)."""

    header: str
    value: Callable[[Any], Any] | None = None
    kind: str = "text"
    width: int = 12


def _take(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_chunks(rows, columns, values):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(column.header) for column in columns])
    yield "\ufeff" + _take(buffer)
    with translation.override("ko"):
        if values is None:

            def row_values(row):
                return [csv_cell(column.value(row)) for column in columns]

        else:
            row_values = values(csv_text, TextCells(csv_text))
        while True:
            writer.writerows(map(row_values, islice(rows, CSV_BLOCK_ROWS)))
            if not (text := _take(buffer)):
                break
            yield text


def _xlsx_chunks(rows, columns, sheet_title, values):
    def cells():
        with translation.override("ko"):
            if values is None:
                for row in rows:
                    yield [column.value(row) for column in columns]
            else:
                yield from map(values(str, TextCells(str)), rows)

    yield from xlsx_stream(
        cells(),
        headers=[column.header for column in columns],
        widths=[column.width for column in columns],
        number_formats=[NUMBER_FORMATS.get(column.kind) for column in columns],
        sheet_title=sheet_title,
    )


def _attachment(response, filename):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def export_response(rows, *, columns, fmt, filename, sheet_title, values=None):
    """A streamed download of ``rows`` in ``fmt`` ("csv" or "xlsx"); ``filename`` has no extension.

    Each column's ``value`` gives its cell of a row; or ``values(text, texts)``, called once in Korean, gives the
    function from a row to all its cells at once (a call per row, not per cell), writing each text read from the
    data as ``text(value)``, or ``texts[value]`` when it repeats down the column (names, labels): that is how the
    format's cells take text (CSV neutralises formulas, spreadsheets.cells); dates, numbers and ``None`` go as
    they are.
    """
    rows = iter(rows)
    if fmt == "xlsx":
        response = StreamingHttpResponse(_xlsx_chunks(rows, columns, sheet_title, values), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(_csv_chunks(rows, columns, values), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.{fmt}")


OVERDUE_COLUMNS = [
    ExportColumn("부서", width=18),
    ExportColumn("팀", width=16),
    ExportColumn("과제번호", kind="int", width=8),
    ExportColumn("과제명", width=40),
    ExportColumn("추진계획", width=50),
    ExportColumn("일정(원문)", width=16),
    ExportColumn("시작일", kind="date"),
    ExportColumn("완료예정일", kind="date"),
    ExportColumn("지연일수", kind="int", width=8),
    ExportColumn("상태"),
    ExportColumn("진척률(%)", kind="int", width=8),
    ExportColumn("담당자", width=10),
    ExportColumn("예정", width=6),
    ExportColumn("기준일", kind="date"),
    ExportColumn("일정", width=22),
    ExportColumn("링크", width=30),
]


class _Once(dict):
    """``work(key)`` of each key looked up, worked out once (due dates and date ranges repeat down an export)."""

    def __init__(self, work):
        super().__init__()
        self.work = work

    def __missing__(self, key):
        if len(self) >= TEXT_CELLS_LIMIT:
            self.clear()
        self[key] = value = self.work(key)
        return value


def overdue_values(*, on, base_url=""):
    """``export_response(values=...)`` of the overdue export (``OVERDUE_COLUMNS``) for rows of
    ``reviews.selectors.overdue_export_rows``; ``on`` is the reference date days overdue count from.

    The list's own rules give the cells: the status labels, ``days_overdue``, ``date_words`` and the milestone's
    address (a history row's id is its milestone's), each worked out once per distinct status, date or range.
    """

    def make(text, texts):
        statuses = {value: texts[label] for value, label in status_labels().items()}
        tentative = texts["예정"]
        page = milestone_urls()
        days = _Once(lambda due: days_overdue(due, on))
        words = _Once(lambda key: texts[date_words(start=key[0], due=key[1], precision=key[2], tentative=key[3])])

        def values(row):
            (
                pk, title, date_text, start, due, precision, status, percent, is_tentative,
                department, number, project_title, owner, team,
            ) = row  # fmt: skip
            return [
                texts[department],
                "" if team is None else texts[team],
                number,
                texts[project_title],
                text(title),
                texts[date_text],
                start,
                due,
                days[due],
                statuses[status],
                percent,
                "" if owner is None else texts[owner],
                tentative if is_tentative else "",
                on,
                words[start, due, precision, is_tentative],
                text(base_url + page(pk)),
            ]

        return values

    return make
