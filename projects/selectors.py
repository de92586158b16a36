"""Reads of the project page, as plain values ready to show."""

from milestones.models import Milestone
from milestones.selectors import milestone_urls, moved_from, status_labels, urgency
from projects import timeline


def project_milestones(project, *, today):
    """The project's milestones as rows of its table and of its timeline, in one query and one pass."""
    statuses, url, year, rows = status_labels(), milestone_urls(), project.plan.year, []
    values = (
        Milestone.objects.filter(project=project)
        .annotate(urgency=urgency(today))
        .order_by("order", "key")
        .values(
            "pk",
            "key",
            "title",
            "date_text",
            "start_date",
            "due_date",
            "baseline_due_date",
            "status",
            "percent_complete",
            "owner__name",
            "urgency",
        )
    )
    for index, m in enumerate(values):
        due, status, overdue = m["due_date"], m["status"], m["urgency"] == "overdue"
        date_text = m["date_text"] or "–"
        row = timeline.place(index, m["start_date"], due, year=year)
        row.update(
            url=url(m["pk"]),
            key=m["key"],
            title=m["title"],
            date_text=date_text,
            due=due.isoformat() if due else "–",
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
