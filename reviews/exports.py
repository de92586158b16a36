"""Streamed CSV and XLSX exports of exactly the rows a page shows.

Rows are read in chunks (``QuerySet.iterator(chunk_size=...)``) and written as they come: CSV goes to the
response a block of rows at a time, XLSX through spreadsheets.xlsx, which compresses the sheet as it is written and
sends it in blocks. Every cell is written by ``spreadsheets.cells``: dates stay dates, amounts stay numbers,
text stays text (never a formula). The headers are Korean, as the weekly meeting reads them; values are written
in Korean too.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

from milestones.dates import date_words
from milestones.schedule import days_overdue
from milestones.selectors import milestone_urls, status_labels
from spreadsheets.cells import Memo, csv_cell, csv_lines, csv_text
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


@dataclass(frozen=True)
class RowCells:
    """How a format takes the values of a row: ``text(value)`` a text read from the data, ``texts[value]`` a text
    that repeats down a column (a name, a label), ``plain[value]`` a date, a whole number or None."""

    text: Callable[[str], Any]
    texts: Mapping
    plain: Mapping


def _same(value):
    return value


def csv_cells():
    """How CSV takes values: text neutralised (``csv_text``), dates in ISO form and numbers as text (``csv_cell``)."""
    return RowCells(csv_text, Memo(csv_text), Memo(csv_cell))


def xlsx_cells():
    """How XLSX takes values: as they are (spreadsheets.xlsx writes each cell by its type)."""
    return RowCells(str, Memo(_same), Memo(_same))


def _csv_chunks(rows, columns, values):
    yield "\ufeff" + csv_lines([[csv_cell(column.header) for column in columns]], len(columns))
    with translation.override("ko"):
        if values is None:

            def row_values(row):
                return [csv_cell(column.value(row)) for column in columns]

        else:
            row_values = values(csv_cells())
        while text := csv_lines(map(row_values, islice(rows, CSV_BLOCK_ROWS)), len(columns)):
            yield text


def _xlsx_chunks(rows, columns, sheet_title, values):
    def cells():
        with translation.override("ko"):
            if values is None:
                for row in rows:
                    yield [column.value(row) for column in columns]
            else:
                yield from map(values(xlsx_cells()), rows)

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

    Each column's ``value`` gives its cell of a row; or ``values(cells)``, called once in Korean, gives the
    function from a row to all its cells at once (a call per row, not per cell), each value written through
    ``cells`` (a ``RowCells``), as the format takes it: CSV text neutralised and dates in ISO form
    (spreadsheets.cells), XLSX values as they are.
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


def overdue_values(*, on, base_url=""):
    """``export_response(values=...)`` of the overdue export (``OVERDUE_COLUMNS``) for rows of
    ``reviews.selectors.overdue_export_rows``; ``on`` is the reference date days overdue count from.

    The list's own rules give the cells: the status labels, ``days_overdue``, ``date_words`` and the milestone's
    address (a history row's id is its milestone's), each worked out once per distinct status, date or range.
    """

    def make(cells):
        text, texts, plain = cells.text, cells.texts, cells.plain
        statuses = {value: texts[label] for value, label in status_labels().items()}
        tentative, day = texts["예정"], plain[on]
        page = milestone_urls()
        days = Memo(lambda due: plain[days_overdue(due, on)])
        words = Memo(lambda key: texts[date_words(start=key[0], due=key[1], precision=key[2], tentative=key[3])])

        def values(row):
            (
                pk, title, date_text, start, due, precision, status, percent, is_tentative,
                department, number, project_title, owner, team,
            ) = row  # fmt: skip
            return [
                texts[department],
                "" if team is None else texts[team],
                plain[number],
                texts[project_title],
                text(title),
                texts[date_text],
                plain[start],
                plain[due],
                days[due],
                statuses[status],
                plain[percent],
                "" if owner is None else texts[owner],
                tentative if is_tentative else "",
                day,
                words[start, due, precision, is_tentative],
                text(base_url + page(pk)),
            ]

        return values

    return make
