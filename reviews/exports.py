"""Streamed CSV and XLSX exports of exactly the rows a page shows.

Rows are read in chunks (``QuerySet.iterator(chunk_size=...)``) and written as they come: CSV goes
straight to the response; XLSX goes through openpyxl's write-only workbook, which keeps rows in a
temporary file, and the finished file is then sent in chunks. Dates stay dates and amounts stay
numbers. The headers are Korean, as the weekly meeting reads them; values are written in Korean too.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from milestones.dates import record_date_words
from milestones.models import Status
from milestones.schedule import days_overdue
from milestones.selectors import milestone_urls

CHUNK_SIZE = 2000
FILE_CHUNK = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "int": "#,##0", "won": "#,##0", "percent": "0.0"}


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    width: int = 12


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_chunks(rows, columns):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    with translation.override("ko"):
        for row in rows:
            yield writer.writerow([_csv_value(column.value(row)) for column in columns])


def _xlsx_chunks(rows, columns, sheet_title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    with translation.override("ko"):
        for row in rows:
            cells = []
            for column in columns:
                value = column.value(row)
                if isinstance(value, Decimal):
                    value = float(value)
                cell = WriteOnlyCell(sheet, value=value)
                if value is not None and column.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[column.kind]
                cells.append(cell)
            sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK):
            yield chunk


def _attachment(response, filename):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def export_response(rows, *, columns, fmt, filename, sheet_title):
    """A streamed download of ``rows`` in ``fmt`` ("csv" or "xlsx"); ``filename`` has no extension."""
    if fmt == "xlsx":
        response = StreamingHttpResponse(_xlsx_chunks(rows, columns, sheet_title), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(_csv_chunks(rows, columns), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.{fmt}")


def overdue_columns(*, on, base_url=""):
    """The columns of the overdue export; ``on`` is the reference date days overdue count from."""
    page = milestone_urls()
    return [
        ExportColumn("부서", lambda m: m.project.department.name, width=18),
        ExportColumn("팀", lambda m: m.owner.team.name if m.owner_id and m.owner.team_id else "", width=16),
        ExportColumn("과제번호", lambda m: m.project.number, "int", width=8),
        ExportColumn("과제명", lambda m: m.project.title, width=40),
        ExportColumn("추진계획", lambda m: m.title, width=50),
        ExportColumn("일정(원문)", lambda m: m.date_text, width=16),
        ExportColumn("시작일", lambda m: m.start_date, "date"),
        ExportColumn("완료예정일", lambda m: m.due_date, "date"),
        ExportColumn("지연일수", lambda m: days_overdue(m.due_date, on), "int", width=8),
        ExportColumn("상태", lambda m: str(Status(m.status).label)),
        ExportColumn("진척률(%)", lambda m: m.percent_complete, "int", width=8),
        ExportColumn("담당자", lambda m: m.owner.name if m.owner_id else "", width=10),
        ExportColumn("예정", lambda m: "예정" if m.is_tentative else "", width=6),
        ExportColumn("기준일", lambda m: on, "date"),
        ExportColumn("일정", record_date_words, width=22),
        ExportColumn("링크", lambda m: base_url + page(m.id), width=30),  # a history row's id is its milestone's
    ]
