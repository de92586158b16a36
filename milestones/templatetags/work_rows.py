"""``{% work_rows rows selectable %}``: the rows of a work list (/my/ and its groups), joined in Python.

The rows are ``selectors.work_rows`` values; each is one ``format_html`` instead of a dozen variables, conditions
and a translation per row in the template, which cost more than reading the rows. The markup is the template's.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

ROW = (
    "\n    <tr>\n      {pick}\n"
    '      <td><a href="{url}">{title}</a></td>\n'
    '      <td class="muted">{project}</td>\n'
    "      <td>{due}{overdue}{was}</td>\n"
    '      <td><span class="status status-{status}">{status_label}</span></td>\n'
    '      <td class="num">{percent}</td>\n'
    "      <td>{owner}</td>\n"
    "    </tr>\n  "
)

PICK = (
    '<td class="pick"><input type="checkbox" name="milestones" value="{pk}" id="review-{pk}">'
    '<input type="hidden" name="version-{pk}" value="{version}">'
    '<label for="review-{pk}" class="visually-hidden">{label}</label></td>'
)


@register.simple_tag
def work_rows(rows, selectable=False):
    """The ``<tr>`` of each row; with ``selectable``, a first cell to pick the row for a bulk review."""
    was, select = gettext("was"), gettext("Select “%(title)s”")
    html = []
    for m in rows:
        pick = ""
        if selectable:
            label = mark_safe(select % {"title": conditional_escape(m["title"])})
            pick = format_html(PICK, pk=m["pk"], version=m["version"], label=label)
        html.append(
            format_html(
                ROW,
                pick=pick,
                url=m["url"],
                title=m["title"],
                project=m["project"],
                due=m["due"],
                overdue=format_html(' <span class="overdue">{}</span>', m["overdue"]) if m["overdue"] else "",
                was=format_html(' <span class="muted">({} {})</span>', was, m["was"]) if m["was"] else "",
                status=m["status"],
                status_label=m["status_label"],
                percent=m["percent"],
                owner=m["owner"],
            )
        )
    return mark_safe("".join(html))
