"""The report as an HWPX file that 한글 opens and the bureau can edit, written with python-hwpx.

Headings are bold paragraphs in the sizes of the printed report, points are indented by their level
with their bullet, tables are tables (merged cells merged, header rows first); the running header
holds the plan's title and the footer the page number. What the printed report does not hold
(status, progress since, new achievements) is written in its own paragraphs after the line it is about.
"""

from hwpx import HwpxDocument

from reports import printing
from reports.structure import Heading, Paragraph, Table

#: Left indent of a point, per level, in millimetres.
INDENT_MM = 5


class HwpxWriter:
    def __init__(self, report, *, progress=None):
        self.report, self.progress = report, progress
        self.doc = HwpxDocument.new()
        self.indents = {}
        self.styles = {
            "title": self.doc.styles.ensure_run(bold=True, size=24),
            "section": self.doc.styles.ensure_run(bold=True, size=16),
            "project": self.doc.styles.ensure_run(bold=True, size=14),
            "heading": self.doc.styles.ensure_run(bold=True, size=12),
            "minor": self.doc.styles.ensure_run(bold=True, size=11),
            "note": self.doc.styles.ensure_run(italic=True, size=9, color="#555555"),
            "cell-head": self.doc.styles.ensure_run(bold=True, size=9),
            "cell": self.doc.styles.ensure_run(size=9),
        }

    def _paragraph(self, text, *, style=None, level=0):
        self.doc.add_paragraph(
            text, inherit_style=False, char_pr_id_ref=self.styles.get(style), para_pr_id_ref=self._indent(level)
        )

    def _indent(self, level):
        """The paragraph properties of a level's indent, made once from the first paragraph of that level."""
        if not level:
            return None
        if level not in self.indents:
            paragraph = self.doc.add_paragraph("", inherit_style=False)
            self.doc.styles.apply_paragraph_format(paragraphs=[paragraph], indent_left_mm=INDENT_MM * level)
            self.indents[level] = paragraph.element.get("paraPrIDRef")
            paragraph.remove()
        return self.indents[level]

    def write(self):
        report = self.report
        self.doc.page.set_header(text=f"{report.cover.title} ({printing.full_day(report.on)} 기준)")
        self.doc.page.set_page_number(prefix="- ", suffix=" -")
        self._paragraph(report.cover.title, style="title")
        self._paragraph(report.cover.issued, style="section")
        self._paragraph(report.cover.bureau, style="section")
        sections = list(report.walk())
        for done, section in enumerate(sections, start=1):
            self._section(section)
            if self.progress:
                self.progress(10 + 80 * done // len(sections))
        return self.doc

    def _section(self, section):
        self._paragraph(section.heading, style="section" if section.level == 1 else "project")
        if section.status is not None:
            reasons = "; ".join(str(reason) for reason in section.status.reasons)
            text = f"[{section.status.symbol} {section.status.status_label}]" + (f" {reasons}" if reasons else "")
            self._paragraph(text, style="note")
        for line in section.contacts.splitlines():
            self._paragraph(line)
        if section.goal:
            self._table([[section.goal]], header_rows=0)
        for block in section.blocks:
            self._block(block)

    def _block(self, block):
        if isinstance(block, Heading):
            self._paragraph(block.text, style="heading" if block.level == 3 else "minor")
        elif isinstance(block, Paragraph):
            prefix = f"{block.marker} " if block.marker else ""
            new = "[신규] " if block.live else ""
            self._paragraph(f"{prefix}{new}{block.text}", level=block.level)
            for note in block.notes:
                self._paragraph(f"→ {note.label} {note.text}".rstrip(), style="note", level=block.level + 1)
        elif isinstance(block, Table):
            if block.title:
                self._paragraph(block.title, style="minor", level=block.level)
            if block.subtitle:
                self._paragraph(block.subtitle, level=block.level)
            self._table([*block.header, *block.body], header_rows=len(block.header))
            for note in block.notes:
                self._paragraph(note, level=block.level)

    def _table(self, rows, *, header_rows):
        """A table of rows of cells (text, a ``Cell``, or None where a merged cell covers the place)."""
        columns = max(len(row) for row in rows)
        table = self.doc.add_table(len(rows), columns)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                span = getattr(cell, "rows", 1), getattr(cell, "cols", 1)
                if cell is not None and span != (1, 1):
                    table.merge_cells(r, c, r + span[0] - 1, c + span[1] - 1)
        anchors = {(place.row, place.column): place.cell for place in table.iter_grid() if place.is_anchor}
        for r, row in enumerate(rows):
            style = self.styles["cell-head" if r < header_rows else "cell"]
            for c, cell in enumerate(row):
                if cell is None or (r, c) not in anchors:
                    continue
                text = cell if isinstance(cell, str) else cell.text
                if getattr(cell, "flag", ""):
                    text = f"{text} (※ {cell.flag})"
                target = anchors[(r, c)]
                lines = text.splitlines() or [""]
                target.text = lines[0]
                for line in lines[1:]:
                    target.add_paragraph(line, char_pr_id_ref=style)


def render_hwpx(report, *, progress=None):
    """HWPX bytes of ``report``; ``progress(percent)`` is told as sections are written."""
    document = HwpxWriter(report, progress=progress).write()
    data = document.to_bytes()
    if progress:
        progress(95)
    return data
