"""A priority project's section of the report: contacts, goal, 사업개요, 추진실적 and 향후계획.

The milestones are read as they stood on the report's date (``reviews.selectors.milestones_on``);
what happened to them since the plan, and the achievements recorded with them, are ``live``.
"""

import re

from django.utils.translation import gettext as _

from milestones.models import Status
from milestones.schedule import days_overdue
from projects.models import ProjectEntry
from reports import printing
from reports.structure import Cell, Figure, Heading, Note, Paragraph, Section, Table

#: The label printed before the first top-level point of each part of 사업개요.
OVERVIEW_LABELS = {ProjectEntry.Section.BACKGROUND: "(추진배경)", ProjectEntry.Section.SCOPE: "(사업내용)"}

MILESTONE_FIELDS = (
    "id",
    "project_id",
    "parent_id",
    "key",
    "order",
    "title",
    "date_text",
    "due_date",
    "baseline_due_date",
    "status",
    "percent_complete",
    "completed_on",
    "status_reason",
)


def _squeezed(text):
    return re.sub(r"\s+", "", text or "")


def _figures(entry):
    return [Figure(f.label, f.value, printing.count(f.value, f.unit)) for f in entry.figures.all()]


def project_table(table):
    """A table of a project section, its merged cells as the plan file gives them."""
    header, body = [], []
    for row in table.rows.all():
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
            elif isinstance(cell, str):
                cells.append(Cell(cell))
            else:
                cells.append(Cell(cell["text"], rows=cell.get("rows", 1), cols=cell.get("cols", 1)))
        (header if row.header else body).append(cells)
    notes = [line for line in table.notes.splitlines() if line.strip()]
    style = "box" if len((header or body or [[]])[0]) == 1 else "grid"
    return Table(header, body, title=table.title, subtitle=table.subtitle, notes=notes, style=style)


class ProjectSectionBuilder:
    """Builds the sections of the projects of one report from rows read once for all of them."""

    def __init__(self, *, plan, on, milestones, judgements, new_since):
        self.plan, self.on = plan, on
        self.judgements = judgements
        self.new_since = new_since
        self.milestones = {}
        for row in milestones:
            self.milestones.setdefault(row["project_id"], []).append(row)

    def section(self, project):
        entries = list(project.entries.all())
        tables = list(project.tables.all())
        recorded = {}
        for entry in entries:
            if entry.milestone_id and entry.start_date and entry.start_date > self.new_since:
                recorded.setdefault(entry.milestone_id, []).append(entry)
        shown = [e for e in entries if not self._is_new(e) or e.start_date <= self.on]
        section = Section(
            heading=f"{project.number}. {project.title}",
            anchor=f"project-{project.number}",
            level=2,
            status=self.judgements.get(project.pk),
            contacts=project.contacts_text,
            goal=project.goal,
        )
        blocks = section.blocks
        blocks.append(Heading("□ 사업개요"))
        for part in (ProjectEntry.Section.BACKGROUND, ProjectEntry.Section.SCOPE):
            blocks += self._entries(shown, tables, part, label=OVERVIEW_LABELS[part])
        if project.budget_text or project.budget_total:
            text = project.budget_text or printing.millions(project.budget_total)
            blocks.append(Paragraph(f"(사업예산) {text}"))
            items = list(project.budget_items.all())
            if items and not all(item.label in text for item in items):
                parts = ", ".join(f"{item.label} {printing.millions(item.amount)}" for item in items)
                blocks.append(Paragraph(parts, level=1))
        blocks.append(Heading("□ 추진실적"))
        blocks += self._entries(shown, tables, ProjectEntry.Section.ACHIEVEMENT)
        blocks.append(Heading("□ 향후계획"))
        blocks += self._milestones(self.milestones.get(project.pk, []), recorded)
        blocks += self._entries(shown, tables, ProjectEntry.Section.FOOTNOTE, marker="")
        return section

    def _is_new(self, entry):
        """An achievement recorded with a milestone after the plan was written: not in the printed report."""
        return bool(entry.milestone_id and entry.start_date and entry.start_date > self.new_since)

    def _entries(self, entries, tables, part, *, label="", marker="-"):
        in_part = [e for e in entries if e.section == part]
        children = {}
        for entry in in_part:
            children.setdefault(entry.parent_id, []).append(("entry", entry.order, entry.pk, entry))
        for table in tables:
            if table.section == part:
                children.setdefault(table.parent_id, []).append(("table", table.order, table.pk, table))
        ids = {e.pk for e in in_part}
        roots = [item for parent, items in children.items() if parent is None or parent not in ids for item in items]
        blocks, first = [], [True]

        def walk(items, level):
            for kind, _order, _pk, item in sorted(items, key=lambda i: (i[1], i[0] == "table", i[2])):
                if kind == "table":
                    table = project_table(item)
                    table.level = level
                    blocks.append(table)
                    continue
                text = item.text
                if label and level == 0 and first[0]:
                    text = f"{label} {text}"
                    first[0] = False
                new = self._is_new(item)
                if new:
                    text = f"{text} ({printing.day(item.start_date)})"
                blocks.append(Paragraph(text, level=level, marker=marker, figures=_figures(item), live=new))
                walk(children.get(item.pk, []), level + 1)

        walk(roots, 0)
        return blocks

    def _milestones(self, rows, recorded):
        by_parent = {}
        for row in rows:
            by_parent.setdefault(row["parent_id"], []).append(row)
        ids = {row["id"] for row in rows}
        blocks = []

        def walk(items, level, parent):
            for row in sorted(items, key=lambda r: (r["order"], r["key"])):
                notes = self._notes(row, recorded.get(row["id"], []))
                printed = self._milestone_text(row, parent)
                if printed is not None or notes:
                    text = printed if printed is not None else f"{row['title']}{row['date_text']}"
                    blocks.append(Paragraph(text, level=level, notes=notes, kind="milestone"))
                walk(by_parent.get(row["id"], []), level + 1, row)

        walk([row for row in rows if row["parent_id"] not in ids], 0, None)
        return blocks

    @staticmethod
    def _milestone_text(row, parent):
        """The line as the report prints it, or None for a sub-step its parent's line already names."""
        title, date_text = row["title"], row["date_text"]
        if parent is None:
            return f"{title} : {date_text}" if date_text else title
        if date_text and _squeezed(f"{title}{date_text}") in _squeezed(parent["title"]):
            return None
        if not date_text or date_text == parent["date_text"]:
            return title
        return f"{title}{date_text}" if date_text.startswith("(") else f"{title} : {date_text}"

    def _notes(self, row, achievements):
        notes, status = [], row["status"]
        if status in (Status.DONE, Status.CONFIRMED):
            label = _("done") if status == Status.DONE else _("done and confirmed")
            when = printing.day(row["completed_on"]) if row["completed_on"] else ""
            notes.append(Note("done", label, when))
            for entry in achievements:
                if entry.start_date <= self.on:
                    figures = ", ".join(f.text for f in _figures(entry))
                    text = f"{entry.text} ({figures})" if figures else entry.text
                    notes.append(Note("achievement", _("achievement"), text))
        elif status == Status.CANCELLED:
            notes.append(Note("cancelled", _("cancelled"), row["status_reason"]))
        baseline, due = row["baseline_due_date"], row["due_date"]
        if baseline and due and baseline != due:
            moved = _("originally %(was)s, now %(due)s") % {"was": printing.day(baseline), "due": printing.day(due)}
            reason = f" – {row['status_reason']}" if row["status_reason"] and status != Status.CANCELLED else ""
            kind = "delayed" if status == Status.DELAYED else "moved"
            notes.append(Note(kind, _("delayed") if kind == "delayed" else _("date moved"), moved + reason))
        elif status == Status.DELAYED:
            notes.append(Note("delayed", _("delayed"), row["status_reason"]))
        if status not in (Status.DONE, Status.CONFIRMED, Status.CANCELLED) and row["due_date"]:
            late = days_overdue(row["due_date"], self.on)
            if late > 0:
                notes.append(Note("overdue", _("overdue"), _("%(days)d days") % {"days": late}))
        if status in (Status.IN_PROGRESS, Status.RETURNED) and row["percent_complete"]:
            notes.append(Note("progress", _("in progress"), f"{row['percent_complete']}%"))
        return notes
