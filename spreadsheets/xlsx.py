"""A streamed XLSX writer: the workbook's XML written row by row into a zip that is sent as it is made.

One sheet, a bold header row frozen at the top, column widths, and a number format per column; each cell as
spreadsheets.cells writes it (text an inline string, never a formula; numbers and dates numbers). Memory stays
flat in the number of rows: rows are buffered only until a block of ``FLUSH_BYTES`` is compressed and handed
out. It writes several times as many rows a second as xlsxwriter's constant-memory mode and openpyxl's
write-only workbook, which build an object or make a call per cell (docs/performance.md has the figures).
"""

import datetime
import zipfile
from functools import partial

from spreadsheets.cells import Memo, text_cell, xlsx_cell, xml_text

FLUSH_BYTES = 256 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Values whose cells are written once per column and value: dates and whole numbers repeat down a column.
_PLAIN_TYPES = frozenset({int, datetime.date})
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class _Sink:
    """What the zip writes, kept until handed out (the zip is written without seeking: a stream)."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def _styles(formats):
    num_fmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{xml_text(code)}"/>' for i, code in enumerate(formats)
    )
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    xfs += '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    xfs += "".join(
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for i in range(len(formats))
    )
    return (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="{len(formats)}">{num_fmts}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{2 + len(formats)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def _package(sheet_title):
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{sheet}.styles+xml"/></Types>',
        "_rels/.rels": f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{xml_text(sheet_title[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
    }


def xlsx_stream(rows, *, headers, widths, number_formats, sheet_title):
    """Yield the bytes of an XLSX file of ``rows`` (sequences of values) under ``headers``.

    ``widths`` and ``number_formats`` give per column its width in characters and its number format (or None).
    A text's cell is written once and looked up when the text comes again (names and labels repeat down a column),
    and so is a date's or a whole number's in its column.
    """
    formats = sorted({f for f in number_formats if f})
    styles = [2 + formats.index(f) if f else 0 for f in number_formats]
    sink = _Sink()
    texts = Memo(text_cell)
    plains = [Memo(partial(xlsx_cell, style=style)) for style in styles]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in _package(sheet_title).items():
            archive.writestr(name, xml)
        archive.writestr("xl/styles.xml", _styles(formats))
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>' for i, width in enumerate(widths, 1)
            )
            header = "".join(f'<c s="1" t="inlineStr"><is><t>{xml_text(h)}</t></is></c>' for h in headers)
            sheet.write(
                (
                    f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                    f'<cols>{cols}</cols><sheetData><row r="1">{header}</row>'
                ).encode()
            )
            block, size, number = [], 0, 1
            for row in rows:
                number += 1
                cells = [
                    texts[value]
                    if type(value) is str
                    else plain[value]
                    if type(value) in _PLAIN_TYPES
                    else xlsx_cell(value, style=style)
                    for value, style, plain in zip(row, styles, plains, strict=False)
                ]
                xml = f'<row r="{number}">{"".join(cells)}</row>'
                block.append(xml)
                size += len(xml)
                if size >= FLUSH_BYTES:
                    sheet.write("".join(block).encode())
                    block, size = [], 0
                    if chunk := sink.take():
                        yield chunk
            sheet.write(("".join(block) + "</sheetData></worksheet>").encode())
    yield sink.take()
