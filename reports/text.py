"""The report as plain text, one line per paragraph or table row (cells separated by tabs).

``source_only`` leaves out what the printed report does not hold (status, progress since, new
achievements), to compare the report with its source.
"""

from reports.structure import Heading, Paragraph, Table


def cell_text(cell):
    return "" if cell is None else " ".join(cell.text.splitlines())


def table_lines(table):
    lines = [table.title, table.subtitle] if table.title or table.subtitle else []
    for row in [*table.header, *table.body]:
        lines.append("\t".join(cell_text(cell) for cell in row))
    return [line for line in [*lines, *table.notes] if line]


def block_lines(block, *, source_only=False):
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Table):
        return table_lines(block)
    if isinstance(block, Paragraph):
        if block.live and source_only:
            return []
        indent = " " * block.level
        lines = [f"{indent}{block.marker} {block.text}" if block.marker else f"{indent}{block.text}"]
        if not source_only:
            lines += [f"{indent}  → {note.label} {note.text}".rstrip() for note in block.notes]
        return lines
    return []


def section_lines(section, *, source_only=False):
    lines = [section.heading]
    if section.status is not None and not source_only:
        lines.append(f"[{section.status.status_label}]")
    if section.contacts:
        lines += section.contacts.splitlines()
    if section.goal:
        lines.append(section.goal)
    for block in section.blocks:
        lines += block_lines(block, source_only=source_only)
    return lines


def report_text(report, *, source_only=False):
    lines = [report.cover.title, report.cover.issued, report.cover.bureau]
    for section in report.walk():
        lines += section_lines(section, source_only=source_only)
    return "\n".join(lines) + "\n"
