"""Reads of the project page, as plain values ready to show."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from milestones.models import Milestone
from milestones.selectors import in_plan_order, milestone_urls, moved_from, row_date_words, status_labels, urgency
from plans.outline import in_outline_order
from projects import timeline
from projects.models import EntryFigure, ProjectEntry


def project_milestones(project, *, today):
    """The project's milestones as rows of its table and of its timeline, in the plan's order, in one query."""
    statuses, url, year, rows = status_labels(), milestone_urls(), project.plan.year, []
    values = (
        Milestone.objects.filter(project=project)
        .annotate(urgency=urgency(today))
        .order_by()
        .values(
            "pk",
            "parent_id",
            "order",
            "key",
            "title",
            "date_text",
            "start_date",
            "due_date",
            "date_precision",
            "is_tentative",
            "baseline_due_date",
            "status",
            "percent_complete",
            "owner__name",
            "urgency",
        )
    )
    for index, m in enumerate(in_plan_order(values)):
        due, status, overdue = m["due_date"], m["status"], m["urgency"] == "overdue"
        date_text = m["date_text"] or "–"
        row = timeline.place(index, m["start_date"], due, year=year)
        row.update(
            url=url(m["pk"]),
            key=m["key"],
            title=m["title"],
            date_text=date_text,
            when=row_date_words(m),
            depth=m["depth"],
            was=moved_from(due, m["baseline_due_date"]),
            status=status,
            status_label=statuses[status],
            overdue=overdue,
            percent=f"{m['percent_complete']}%",
            owner=m["owner__name"] or "–",
            css=f"status-{status}{' is-overdue' if overdue else ''}{row['shape_css']}",
            tooltip=f"{m['key']}. {m['title']} ({date_text}; {statuses[status]})",
        )
        rows.append(row)
    return rows


@dataclass
class Point:
    """A point of a project section with the points under it."""

    entry: ProjectEntry
    depth: int
    children: list = field(default_factory=list)


def project_outline(project):
    """The project's points by section (background, scope, achievement, footnote), each a tree in the plan's order,
    with their figures, in two queries."""
    figures = Prefetch("figures", queryset=EntryFigure.objects.order_by("order"))
    entries = project.entries.order_by().prefetch_related(figures)
    sections, points = {section: [] for section in ProjectEntry.Section.values}, {}
    for entry, depth in in_outline_order(
        entries, pk=lambda e: e.pk, parent=lambda e: e.parent_id, order=lambda e: e.order, key=lambda e: e.key
    ):
        point = points[entry.pk] = Point(entry, depth)
        parent = points.get(entry.parent_id)
        (parent.children if parent else sections[entry.section]).append(point)
    return sections
