import html

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

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


def _shortened(text, length):
    """``text`` as the ``truncatechars`` filter shows it, without its cost for the many texts that fit."""
    return text if len(text) <= length else Truncator(text).chars(length)


@register.simple_tag
def dashboard_project_rows(board, overdue_url, today):
    """The rows of the dashboard's projects table, with the markup its template had, joined in Python: the
    template's loop resolved and escaped some twenty variables a row, for each project of a plan."""
    escape = html.escape
    no, project, status, why, completion, overdue, next_due, budget = (
        escape(gettext(label))
        for label in ("No.", "Project", "Status", "Why", "Completion", "Overdue", "Next due", "Budget committed")
    )
    on = board.on.isoformat()
    overdue_link = f"{escape(overdue_url)}?plan={escape(board.plan.code)}&amp;project={{}}"
    if board.on != today:
        overdue_link += f"&amp;on={on}"
    rows = []
    for row in board.projects:
        judgement = row.judgement
        if judgement.reasons:
            reasons = '<ul class="reasons">' + "".join(f"<li>{escape(str(r))}</li>" for r in judgement.reasons)
            reasons += "</ul>"
        else:
            reasons = '<span class="muted">–</span>'
        done = "–" if judgement.completion is None else f"{localize(judgement.completion)}%"
        if judgement.overdue_count:
            late = f'<a class="overdue" href="{overdue_link.format(row.project.pk)}">{judgement.overdue_count}</a>'
        else:
            late = "0"
        item = row.next_item
        if item:
            following = (
                f'<a href="{escape(item.url)}">{escape(_shortened(item.title, 60))}</a> '
                f'<span class="muted nowrap">{escape(item.when)}</span>'
            )
        else:
            following = '<span class="muted">–</span>'
        if judgement.budget_rate is None:
            spent = "–"
        else:
            lagging = ' class="lagging"' if judgement.budget_lags else ""
            spent = f"<span{lagging}>{localize(judgement.budget_rate)}%</span>"
        rows.append(
            "\n      <tr>\n"
            f'        <td class="num" data-label="{no}">{row.project.number}</td>\n'
            f'        <th scope="row" data-label="{project}"><a href="{escape(row.url)}">'
            f"{escape(row.project.title)}</a>\n"
            f'          <span class="muted">{escape(str(row.project.department))}</span></th>\n'
            f'        <td data-label="{status}"><span class="project-status project-{judgement.status}">'
            f'<span aria-hidden="true">{judgement.symbol}</span> {escape(str(judgement.status_label))}</span></td>\n'
            f'        <td data-label="{why}">{reasons}</td>\n'
            f'        <td class="num" data-label="{completion}">{done}</td>\n'
            f'        <td class="num" data-label="{overdue}">{late}</td>\n'
            f'        <td data-label="{next_due}">{following}</td>\n'
            f'        <td class="num" data-label="{budget}">{spent}</td>\n'
            "      </tr>\n    "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def dashboard_upcoming_rows(board):
    """The rows of the dashboard's next 30 days, with the markup its template had, joined in Python."""
    escape = html.escape
    due, milestone, project, owner, status, tentative = (
        escape(gettext(label)) for label in ("Due", "Milestone", "Project", "Owner", "Status", "tentative")
    )
    rows = []
    for item in board.upcoming:
        maybe = f' <span class="muted">({tentative})</span>' if item.is_tentative else ""
        rows.append(
            "\n      <tr>\n"
            f'        <td class="nowrap" data-label="{due}">{escape(item.when)}{maybe}</td>\n'
            f'        <th scope="row" data-label="{milestone}"><a href="{escape(item.url)}">'
            f"{escape(_shortened(item.title, 90))}</a></th>\n"
            f'        <td data-label="{project}">{item.project.number}. '
            f"{escape(_shortened(item.project.title, 40))}</td>\n"
            f'        <td data-label="{owner}">{escape(item.owner_name or "–")}</td>\n'
            f'        <td data-label="{status}">{escape(item.status_label)}</td>\n'
            f'        <td class="num" data-label="%">{item.percent_complete}%</td>\n'
            "      </tr>\n    "
        )
    return mark_safe("".join(rows))
