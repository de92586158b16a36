"""Read a plan workbook (the layout ``workbook`` writes) into raw records, with sheet, row and column.

Bounded like the other readers: the packed and unpacked size, the columns read (those of the header),
runs of empty rows; XML is parsed through defusedxml (openpyxl uses it when it is installed). A formula
is refused: the workbook holds values.
"""

import io
import json
import zipfile

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planfiles.problems import PlanFileError, Problems
from planfiles.readers import RawRecord, Row, max_bytes
from planfiles.registry import plan_models
from planfiles.workbook import readme_title

#: Unpacked size allowed per packed byte, and in all (a "zip bomb" is refused before it is read).
MAX_RATIO = 100
#: Empty rows after which the rest of a sheet is not read.
MAX_EMPTY_ROWS = 1000


def _check_zip(data, name):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise PlanFileError([_("%(name)s: not a readable workbook (.xlsx)") % {"name": name}]) from exc
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max(len(data) * MAX_RATIO, 1_000_000) or unpacked > max_bytes() * 20:
        raise PlanFileError([_("%(name)s: unpacks to more than a plan workbook can hold") % {"name": name}])


def _text_fields(pm):
    return {
        name
        for name, fld in pm.fields.items()
        if not fld.is_relation and not fld.null and isinstance(fld, models.CharField | models.TextField)
    }


def read_workbook(data, name):
    """The records of a workbook and the problems of its layout (a missing sheet, an unknown column), which
    the validator reports with its own."""
    _check_zip(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise PlanFileError(
            [_("%(name)s: not a readable workbook (.xlsx): %(reason)s") % {"name": name, "reason": exc}]
        ) from exc
    problems, records = Problems(), []
    try:
        known = {readme_title()}
        for pm in plan_models():
            known.add(pm.sheet)
            if pm.sheet not in workbook.sheetnames:
                problems.add(
                    _("%(name)s: sheet %(sheet)s is missing (keep every sheet, even empty)")
                    % {"name": name, "sheet": pm.sheet}
                )
                continue
            records += _read_sheet(workbook[pm.sheet], pm, name, problems)
        for title in workbook.sheetnames:
            if title not in known:
                problems.add(_("%(name)s: sheet %(sheet)s: unknown sheet") % {"name": name, "sheet": title})
    finally:
        workbook.close()
    return records, problems


def _headers(sheet, pm, name, problems):
    """Columns by position: (column, letter and header) for each header the sheet's first row holds."""
    by_header = {}
    for column in pm.columns:
        by_header[column.header] = column
        by_header[column.name] = column
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=len(pm.columns) * 2 + 10), ())
    found, seen = {}, set()
    for index, cell in enumerate(first, start=1):
        if cell.value is None:
            continue
        column = by_header.get(str(cell.value).strip())
        where = _("%(name)s: sheet %(sheet)s, column %(column)s") % {
            "name": name,
            "sheet": pm.sheet,
            "column": get_column_letter(index),
        }
        if column is None:
            problems.add(f"{where}: {_('unknown column %(header)r') % {'header': str(cell.value)[:60]}}")
        elif column in seen:
            problems.add(f"{where}: {_('the column %(header)r appears twice') % {'header': column.header}}")
        else:
            seen.add(column)
            found[index - 1] = (column, f"{get_column_letter(index)} ({column.header})")
    return found


def _read_sheet(sheet, pm, name, problems):
    headers = _headers(sheet, pm, name, problems)
    if not headers:
        return []
    width = max(headers) + 1
    text_fields = _text_fields(pm)
    records, empty = [], 0
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
        cells = {i: row[i] for i in headers if i < len(row)}
        if all(cell.value is None for cell in cells.values()):
            empty += 1
            if empty > MAX_EMPTY_ROWS:
                break
            continue
        empty = 0
        origin = Row(pm.sheet, number)
        fields, parts = {}, {}
        for index, cell in cells.items():
            column, label = headers[index]
            origin.columns.setdefault(column.field.name, label)
            if cell.data_type == "f":
                problems.add(
                    f"{name}: {origin.where()}: {label}: "
                    + _("a formula; type the value (%(formula)s)") % {"formula": str(cell.value)[:60]}
                )
                continue
            value = cell.value
            fld = column.field
            if column.part is not None:
                parts.setdefault(fld.name, [None] * len(fld.related_model.NATURAL_KEY))[column.part] = value
            elif fld.many_to_many:
                fields[fld.name] = _references(value)
            elif isinstance(fld, models.JSONField) and isinstance(value, str):
                try:
                    fields[fld.name] = json.loads(value)
                except ValueError:
                    problems.add(f"{name}: {origin.where()}: {label}: " + _("not valid JSON"))
            elif value is None and fld.name in text_fields:
                fields[fld.name] = ""
            elif value is not None or fld.null:
                fields[fld.name] = value
        for field_name, values in parts.items():
            fields[field_name] = None if all(v is None for v in values) else values
        records.append(RawRecord(pm.label, fields, origin))
    return records


def _references(value):
    """A many-to-many cell: keys separated by commas, the parts of a key by "/"."""
    if value is None:
        return []
    return [item.strip().split("/") for item in str(value).split(",") if item.strip()]
