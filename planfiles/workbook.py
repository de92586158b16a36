"""The plan workbook: a whole plan as an XLSX file, one sheet per model of the plan file, and a read-me.

Headers are Korean; references are written as the natural key of the record they name, one column per
part; choices carry a drop-down list; text is always an explicit string cell (a title starting with "="
stays text, never a formula). ``workbook_reader`` reads the same layout back. Rows are streamed through
openpyxl's write-only workbook.
"""

import datetime
import json
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planfiles.registry import plan_models
from plans.natural_keys import follow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
LAST_ROW = 1_048_576


def readme_title():
    with override("ko"):
        return _("Read me")


def _cell(sheet, value):
    """A cell holding ``value`` as its type: text as an explicit string, never read as a formula."""
    if isinstance(value, str):
        if value == "":
            return WriteOnlyCell(sheet, value=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = "0.##"
    return cell


def _value(obj, column):
    fld = column.field
    if fld.many_to_many:
        targets = getattr(obj, fld.name).all()
        return ", ".join("/".join(map(str, t.natural_key())) for t in targets)
    if column.part is not None:
        return follow(obj, f"{fld.name}__{fld.related_model.NATURAL_KEY[column.part]}")
    value = getattr(obj, fld.attname)
    if isinstance(fld, models.JSONField) and value is not None:
        return json.dumps(value, ensure_ascii=False)  # a table row's cells: JSON text, read back as such
    return value


def _parents_first(objs, link):
    """Records in primary-key order, each sub-record after the record it hangs from."""
    present = {obj.pk for obj in objs}
    done, waiting, ordered = set(), {}, []

    def emit(obj):
        ordered.append(obj)
        done.add(obj.pk)
        for child in waiting.pop(obj.pk, []):
            emit(child)

    for obj in objs:
        parent = getattr(obj, link.attname)
        if parent is None or parent in done or parent not in present:
            emit(obj)
        else:
            waiting.setdefault(parent, []).append(obj)
    return ordered


def _rows(pm, plan):
    queryset = pm.records_of(plan).order_by("pk")
    related = set()
    for fld in pm.fields.values():
        if fld.is_relation:
            related |= {
                f"{fld.name}__{path.rsplit('__', 1)[0]}" if "__" in path else fld.name
                for path in fld.related_model.NATURAL_KEY
            }
    queryset = queryset.select_related(*related).prefetch_related(*pm.many_to_many)
    link = pm.self_reference
    if link is None:
        return queryset.iterator(chunk_size=2000) if not pm.many_to_many else queryset
    return _parents_first(list(queryset), link)


def _choices(fld):
    if fld.choices and not fld.many_to_many and not fld.is_relation:
        return [str(value) for value, _label in fld.flatchoices if value != ""]
    return None


def _add_validation(sheet, index, column):
    choices = _choices(column.field)
    if not choices or column.part is not None:
        return
    listed = ",".join(choices)
    if len(listed) > 250:
        return
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.error = _("Choose a value of the list.")
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.data_validations.append(validation)


def _write_readme(workbook, plan):
    sheet = workbook.create_sheet(readme_title())
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 60
    bold = Font(bold=True)
    title = _cell(sheet, _("Plan workbook: %(plan)s") % {"plan": plan})
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    for line in (
        _("Each sheet holds one kind of record of the plan; each row is one record."),
        _("Keep the first row (the headers) and the sheet names as they are; add, change or remove rows below."),
        _("A reference names the record it points to by its key, one column per part (e.g. plan code, number)."),
        _("Columns with a list accept only its values. Dates are written as dates (YYYY-MM-DD)."),
        _("Amounts are integer won. Text is kept as written, even when it starts with ="),
        _("Upload it in the admin (Plan files, Upload): a preview shows every change before anything is written."),
        _("Progress recorded in the application (status, percent, notes) is not part of the plan and stays as it is."),
    ):
        sheet.append([_cell(sheet, line)])
    sheet.append([])
    header = [_cell(sheet, text) for text in (_("Sheet"), _("Columns"), _("Lists"))]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for pm in plan_models():
        columns = pm.columns
        lists = [
            f"{c.header}: {', '.join(_choices(c.field))}" for c in columns if c.part is None and _choices(c.field)
        ]
        row = [
            _cell(sheet, pm.sheet),
            _cell(sheet, "\n".join(c.header for c in columns)),
            _cell(sheet, "\n".join(lists)),
        ]
        for cell in row:
            cell.alignment = wrap
        sheet.append(row)


def write_workbook(plan, file):
    """Write the workbook of ``plan`` to ``file`` (a path or a binary file object)."""
    with override("ko"):
        workbook = Workbook(write_only=True)
        _write_readme(workbook, plan)
        bold = Font(bold=True)
        for pm in plan_models():
            sheet = workbook.create_sheet(pm.sheet)
            columns = pm.columns
            for index, column in enumerate(columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = min(40, max(10, len(column.header) * 2))
                _add_validation(sheet, index, column)
            sheet.freeze_panes = "A2"
            header = []
            for column in columns:
                cell = _cell(sheet, column.header)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for obj in _rows(pm, plan):
                sheet.append([_cell(sheet, _value(obj, column)) for column in columns])
        workbook.save(file)
