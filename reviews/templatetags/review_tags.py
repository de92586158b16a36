import html

from django import template
from django.utils.safestring import mark_safe

from reviews.status import STATUS_SYMBOLS, ProjectStatus
from reviews.views import is_reviewer as _is_reviewer

register = template.Library()


@register.filter
def is_reviewer(user):
    """Whether the review pages (dashboard, overdue list, budgets) are open to ``user``."""
    return _is_reviewer(user)


@register.simple_tag
def timeline_cells(row):
    """The cells of a project's row in the status-over-time table: one per month end (the reasons as a tooltip),
    then today's. Joined in Python, since the table has a cell per project and month."""
    labels = {status: html.escape(str(status.label)) for status in ProjectStatus}
    cells = [
        _status_cell(judgement, labels, title="; ".join(judgement.reasons)) if judgement else _NO_STATUS
        for _, judgement in row.timeline
    ]
    cells.append(_status_cell(row.judgement, labels))
    return mark_safe("".join(cells))


_NO_STATUS = '<td class="cell"><span class="muted">–</span></td>'


def _status_cell(judgement, labels, title=None):
    title = "" if title is None else f' title="{html.escape(title)}"'
    return (
        f'<td class="cell project-{judgement.status}"><span aria-hidden="true"{title}>'
        f"{STATUS_SYMBOLS[judgement.status]}</span>"
        f'<span class="visually-hidden">{labels[judgement.status]}</span></td>'
    )
