"""How every export writes a value into a cell: text stays text, numbers and dates stay numbers and dates.

A spreadsheet reads a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula (CSV injection, https://owasp.org/www-community/attacks/CSV_Injection). In CSV such text is written
with a leading apostrophe, as OWASP recommends (and ``csv.QUOTE_ALL`` quotes every field); in XLSX every text
is an inline string cell, never a formula, so it is kept exactly as written. Exports import these functions
and write no cell any other way.

A long export that knows which of its values are text writes them with ``csv_text`` (the text rule alone), and
works out a cell once per repeated name, label or date (``Memo``); ``csv_lines`` writes the fields as the csv
module writes them with ``csv.QUOTE_ALL``, without its work per character.
"""

import datetime
import re
from decimal import Decimal

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Control characters an XLSX file cannot hold (XML 1.0 has no place for them); they are left out of a text cell.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A carriage return as a character reference: XML reads a literal one as a line feed.
_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"})
#: What ``xml_text`` changes; most texts have none of it and are kept as they are.
_XML_SPECIAL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f&<>"\r]')
_NUMBER_TYPES = frozenset({int, float, Decimal})
#: Day 0 of Excel's dates (its day numbers count from here, leap day of 1900 included).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
#: How many values a ``Memo`` keeps before it starts again, so that its memory stays flat.
MEMO_LIMIT = 20_000


def _is_number(value):
    return type(value) in _NUMBER_TYPES or (isinstance(value, int | float | Decimal) and not isinstance(value, bool))


def csv_cell(value):
    """The text of ``value`` in a CSV field: dates in ISO form, numbers as written, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if _is_number(value):
        return str(value)
    return csv_text(str(value))


def csv_text(text):
    """A text (``str``) in a CSV field: with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class Memo(dict):
    """``work(value)`` of each value looked up, worked out once: names, labels and dates repeat down a column, and
    a lookup costs less than a call per cell. It forgets all after ``MEMO_LIMIT`` values. Values that compare
    equal share a result, so one ``Memo`` is for values of one kind (texts; or dates, whole numbers and None)."""

    def __init__(self, work):
        super().__init__()
        self.work = work

    def __missing__(self, value):
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[value] = result = self.work(value)
        return result


def csv_lines(rows, width):
    """The CSV text of ``rows`` of ``width`` texts each (``csv_cell``'s), as ``csv.writer(quoting=csv.QUOTE_ALL)``
    writes them: every field quoted, a quote within a field doubled, each line ended by CR LF."""
    lines, quotes = [], 2 * width - 2
    for row in rows:
        line = '","'.join(row)
        if line.count('"') != quotes:  # a field holds a quote
            line = '","'.join([field.replace('"', '""') for field in row])
        lines.append(line)
    return '"' + '"\r\n"'.join(lines) + '"\r\n' if lines else ""


def xml_text(value):
    """``value`` as XML character data: escaped, without the control characters an XLSX file cannot hold."""
    text = str(value)
    if _XML_SPECIAL.search(text) is None:
        return text
    return _XLSX_ILLEGAL.sub("", text).translate(_XML_ESCAPE)


def xlsx_cell(value, *, style=0):
    """The ``<c>`` element of a sheet (spreadsheets.xlsx) holding ``value``: a number or a date with the number
    format ``style`` (an index of the sheet's formats), else an inline string, which is never a formula."""
    kind = type(value)
    if kind is str:
        return text_cell(value)
    if kind is datetime.date:
        return f'<c s="{style}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if value is None:
        return "<c/>"
    if _is_number(value):
        return f'<c s="{style}"><v>{value}</v></c>' if style else f"<c><v>{value}</v></c>"
    if isinstance(value, datetime.datetime):
        midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
        serial = (value.date() - _EXCEL_EPOCH).days + (value - midnight).total_seconds() / 86400
        return f'<c s="{style}"><v>{serial}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{style}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    return text_cell(value)


def text_cell(value):
    """The ``<c>`` element of a text: an inline string, never a formula (``xlsx_cell`` of any text)."""
    return f'<c t="inlineStr"><is><t xml:space="preserve">{xml_text(value)}</t></is></c>'
