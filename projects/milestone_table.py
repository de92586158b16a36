"""The rows of the project page's table of milestones, rendered in one pass.

A large project has hundreds of milestones; the template's loop resolved and escaped seven cells a row one
variable at a time, which cost more than reading the rows. The markup is the template's own.
"""

import html

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

_ROW = (
    "<tr>\n"
    '        <td class="key depth-{depth}">{key}</td>\n'
    '        <td class="title"><a href="{url}">{title}</a></td>\n'
    "        <td>{date_text}</td>\n"
    "        <td>{when}{was}</td>\n"
    '        <td><span class="status status-{status}">{status_label}</span>{overdue}</td>\n'
    '        <td class="num">{percent}</td>\n'
    "        <td>{owner}</td>\n"
    "      </tr>"
)


def body(rows):
    """The ``<tr>`` of each row of ``projects.selectors.project_milestones``, text escaped here."""
    escape = html.escape
    was = escape(gettext("was"))
    overdue = f' <span class="overdue">{escape(gettext("overdue"))}</span>'
    return mark_safe(
        "\n    ".join(
            _ROW.format(
                depth=row["depth"],
                key=escape(row["key"]),
                url=escape(row["url"]),
                title=escape(row["title"]),
                date_text=escape(row["date_text"]),
                when=escape(row["when"]),
                was=f' <span class="muted">({was} {escape(row["was"])})</span>' if row["was"] else "",
                status=escape(row["status"]),
                status_label=escape(row["status_label"]),
                overdue=overdue if row["overdue"] else "",
                percent=escape(row["percent"]),
                owner=escape(row["owner"]),
            )
            for row in rows
        )
    )
