"""How every export writes a value into a cell: text stays text, numbers and dates stay numbers and dates.

A spreadsheet reads a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula (CSV injection, https://owasp.org/www-community/attacks/CSV_Injection). In CSV such text is written
with a leading apostrophe, as OWASP recommends (and ``csv.QUOTE_ALL`` quotes every field); in XLSX every text
is an explicit string cell, never a formula, so it is kept exactly as written. Exports import these functions
and write no cell any other way.
"""

import datetime
import re
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Control characters an XLSX file cannot hold (openpyxl refuses them); they are left out of a text cell.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value):
    """The text of ``value`` in a CSV field: dates in ISO form, numbers as written, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if _is_number(value):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def xlsx_cell(sheet, value, *, number_format=None):
    """A write-only cell of ``sheet`` holding ``value``: a number or a date with ``number_format``, else a string."""
    if isinstance(value, Decimal):
        value = float(value)
    if value is None or _is_number(value) or isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None and number_format:
            cell.number_format = number_format
        return cell
    cell = WriteOnlyCell(sheet, value=_XLSX_ILLEGAL.sub("", str(value)))
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    return cell
