"""Helpers of the workbook tests: export a plan and edit the workbook as a person would in Excel."""

import io

from openpyxl import load_workbook

from planfiles.registry import plan_model
from planfiles.workbook import write_workbook


def export(plan):
    file = io.BytesIO()
    write_workbook(plan, file)
    return file.getvalue()


def open_workbook(data):
    return load_workbook(io.BytesIO(data))


def save(workbook):
    file = io.BytesIO()
    workbook.save(file)
    return file.getvalue()


def sheet_of(workbook, label):
    return workbook[plan_model(label).sheet]


def column(sheet, header):
    """The 1-based index of the column whose header is ``header``."""
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def find_row(sheet, **values):
    """The first row whose cells under the given headers hold the given values."""
    indexes = {column(sheet, header): value for header, value in values.items()}
    for row in sheet.iter_rows(min_row=2):
        if all(row[i - 1].value == v for i, v in indexes.items()):
            return row[0].row
    raise LookupError(values)


def set_cell(sheet, row, header, value):
    sheet.cell(row=row, column=column(sheet, header), value=value)
