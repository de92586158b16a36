"""The overdue list as a django-tables2 table; it renders live milestones and history rows alike.

The table declares the columns (headers, sorting, cell classes) and pages the rows; ``head`` and ``body``
render the header and the rows of the page in one pass each, since django-tables2's rendering cell by cell
(accessors, ``render_*`` dispatch, template tags per cell) cost several times the rest of the page.
"""

import html
from urllib.parse import urlencode

import django_tables2 as tables
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from milestones.dates import date_words
from milestones.schedule import days_overdue
from milestones.selectors import milestone_urls, pk_urls, status_labels
from reviews.selectors import project_label

#: The id of the page's one form for asking for an update or commenting, which the buttons of each row submit.
ACTION_FORM = "milestone-action"


class RowCells:
    """The cells of the rows of a page, with what they share: labels in the current language, addresses resolved
    once."""

    def __init__(self, *, on):
        self.on = on
        self.statuses = {value: html.escape(label) for value, label in status_labels().items()}
        self.tentative = html.escape(str(_("tentative")))
        self.ask, self.comment = html.escape(str(_("Ask for an update"))), html.escape(str(_("Comment")))
        self.page = milestone_urls()
        self.request_update, self.add_comment = pk_urls("reviews:request_update"), pk_urls("reviews:comment")

    @staticmethod
    def when(record):
        """The due date with its precision in words; tentative dates have a column of their own."""
        return date_words(start=record.start_date, due=record.due_date, precision=record.date_precision)

    def of(self, record):
        """The HTML of each cell of ``record``'s row, by column name (text escaped here, in one place)."""
        pk = record.id
        if record.owner_name is None:
            owner = "—"
        elif record.team_name is None:
            owner = html.escape(record.owner_name)
        else:
            owner = f'{html.escape(record.owner_name)} <span class="muted">{html.escape(record.team_name)}</span>'
        buttons = (
            f'<button type="submit" form="{ACTION_FORM}" formaction="{html.escape(url)}" '
            f'aria-describedby="milestone-{pk}">{label}</button>'
            for url, label in ((self.request_update(pk), self.ask), (self.add_comment(pk), self.comment))
        )
        return {
            "department": html.escape(record.department_name),
            "project": html.escape(project_label(record.project_number, record.project_title)),
            "title": f'<a id="milestone-{pk}" href="{html.escape(self.page(pk))}">{html.escape(record.title)}</a>',
            "owner": owner,
            "due_date": f'{html.escape(self.when(record))} <span class="muted">{html.escape(record.date_text)}</span>',
            "days_overdue": days_overdue(record.due_date, self.on),
            "status": self.statuses[record.status],
            "is_tentative": self.tentative if record.is_tentative else "",
            "actions": " ".join(buttons),
        }


class OverdueTable(tables.Table):
    """Every sort ends on the primary key, so that a page, the next page and the export list ties alike."""

    department = tables.Column(
        verbose_name=_("Department"),
        accessor="project__department__name",
        order_by=("project__department__order", "project__department__name", "id"),
    )
    project = tables.Column(verbose_name=_("Project"), order_by=("project__number", "id"))
    title = tables.Column(verbose_name=_("Milestone"), order_by=("title", "id"))
    owner = tables.Column(verbose_name=_("Owner"), order_by=("owner__name", "id"))
    due_date = tables.Column(verbose_name=_("Due"), order_by=("due_date", "id"), attrs={"td": {"class": "nowrap"}})
    days_overdue = tables.Column(
        verbose_name=_("Days overdue"),
        empty_values=(),
        order_by=("-due_date", "-id"),
        attrs={"th": {"class": "num"}, "td": {"class": "num overdue"}},
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "id"), attrs={"td": {"class": "nowrap"}})
    is_tentative = tables.Column(verbose_name=_("Tentative"), order_by=("is_tentative", "id"))
    actions = tables.Column(
        verbose_name=_("Actions"), orderable=False, empty_values=(), attrs={"td": {"class": "actions"}}
    )

    class Meta:
        template_name = "reviews/table.html"
        attrs = {"class": "review-table responsive"}
        empty_text = _("Nothing is overdue with these filters.")

    def __init__(self, *args, on, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.on = on
        self.caption = caption

    def head(self):
        """The header cells: each column's header, a link that sorts by it when it is orderable, and ``aria-sort``
        on the column the rows are sorted by (the links keep the rest of the query, as ``querystring_replace``)."""
        query, cells = dict(self.request.GET), []
        for column in self.columns:
            header = conditional_escape(column.header)
            if column.orderable:
                query[self.prefixed_order_by_field] = column.order_by_alias.next
                header = f'<a href="{html.escape("?" + urlencode(query, doseq=True))}">{header}</a>'
            sort = ""
            if column.is_ordered:
                sort = ' aria-sort="{}"'.format("descending" if column.order_by_alias.is_descending else "ascending")
            cells.append(f'<th scope="col" {column.attrs["th"].as_html()}{sort}>{header}</th>')
        return mark_safe("".join(cells))

    def body(self):
        """The rows of the page as HTML, each cell with its column's ``td`` attributes and header as ``data-label``."""
        columns = [
            (column.name, f'<td {column.attrs["td"].as_html()} data-label="{conditional_escape(column.header)}">')
            for column in self.columns
        ]
        row_cells, rows = RowCells(on=self.on), []
        for row in self.paginated_rows:
            cells = row_cells.of(row.record)
            rows.append("<tr>" + "".join(f"{td}{cells[name]}</td>" for name, td in columns) + "</tr>")
        return mark_safe("\n".join(rows))
