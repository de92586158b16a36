"""Export figures: the overdue export end to end in CSV and XLSX, and the XLSX writers compared on the same values.

Each export is timed from the first query to the last byte of the streamed response; rows a second are the rows
over that time. The writers are compared on the values of the first ``WRITER_ROWS`` rows, computed once, so that
only the writing differs: openpyxl's write-only workbook (each text an explicit string cell, as exports write it),
xlsxwriter in constant-memory mode (write_string / write_number / write_datetime) and spreadsheets.xlsx.
"""

import datetime
import tempfile
import time
from decimal import Decimal

WRITER_ROWS = 10_000


def _openpyxl(values, headers):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("bench")
    sheet.append(headers)
    for row in values:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)


def _xlsxwriter(values, headers):
    import xlsxwriter

    with tempfile.TemporaryFile() as file:
        workbook = xlsxwriter.Workbook(file, {"constant_memory": True})
        sheet = workbook.add_worksheet("bench")
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, headers)
        for r, row in enumerate(values, 1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(r, c, value, date)
                else:
                    sheet.write_number(r, c, value)
        workbook.close()


def _own(values, headers):
    from spreadsheets.xlsx import xlsx_stream

    for _ in xlsx_stream(
        values, headers=headers, widths=[12] * len(headers), number_formats=[None] * len(headers), sheet_title="b"
    ):
        pass


WRITERS = {
    "openpyxl write-only": _openpyxl,
    "xlsxwriter constant_memory": _xlsxwriter,
    "spreadsheets.xlsx (streamed)": _own,
}


def export_figures(repeat, heavy_repeat, scale, *, measure, Figure, export_sql, rows_for):
    from django.db.models import F
    from django.utils import translation

    from milestones.models import Milestone
    from reviews.exports import CHUNK_SIZE, OVERDUE_COLUMNS, export_response, overdue_values, xlsx_cells
    from reviews.selectors import overdue_export_rows
    from scale.generator import REFERENCE_DATE

    def queryset(count):
        """The export's rows as the overdue export reads them (``export_sql`` reads the same)."""
        ordered = Milestone.objects.order_by(F("due_date").asc(nulls_last=True), "project__number", "order", "pk")
        return overdue_export_rows(ordered)[:count]

    columns = OVERDUE_COLUMNS
    values = overdue_values(on=REFERENCE_DATE, base_url="http://testserver")
    figures = []
    for count in rows_for(scale):
        for fmt in ("xlsx", "csv"):

            def export(count=count, fmt=fmt):
                response = export_response(
                    queryset(count).iterator(chunk_size=CHUNK_SIZE),
                    columns=columns,
                    values=values,
                    fmt=fmt,
                    filename="bench",
                    sheet_title="bench",
                )
                return sum(len(chunk) for chunk in response.streaming_content)

            figure = measure(
                f"{fmt.upper()} export of {count:,} rows (reviews.exports, streamed)",
                export,
                repeat=repeat if count <= 10_000 else heavy_repeat,
                bare=[(export_sql, [count])],
            )
            if figure.server_ms:
                figure.note = f"{count * 1000 / figure.server_ms:,.0f} rows/s"
            figures.append(figure)
    with translation.override("ko"):
        row_values = values(xlsx_cells())
        cells = [row_values(row) for row in queryset(WRITER_ROWS).iterator(CHUNK_SIZE)]
    headers = [column.header for column in columns]
    for name, write in WRITERS.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            write(cells, headers)
            times.append(time.perf_counter() - started)
        best = min(times)
        figures.append(
            Figure(
                f"XLSX writer compared: {name}, {len(cells):,} rows of {len(headers)} values",
                rows=len(cells),
                server_ms=best * 1000,
                note=f"{len(cells) / best:,.0f} rows/s (best of 3; values computed beforehand)",
            )
        )
    return figures
