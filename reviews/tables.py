"""The overdue list as a django-tables2 table; it renders live milestones and history rows alike."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from milestones.schedule import days_overdue


def milestone_url(record):
    """The page of a milestone, for a live row or a history row (whose ``id`` is the milestone's)."""
    return Milestone(pk=record.id).get_absolute_url()


class OverdueTable(tables.Table):
    department = tables.Column(
        verbose_name=_("Department"),
        accessor="project__department__name",
        order_by=("project__department__order", "project__department__name"),
    )
    project = tables.Column(verbose_name=_("Project"), order_by=("project__number",))
    title = tables.Column(verbose_name=_("Milestone"))
    owner = tables.Column(verbose_name=_("Owner"), order_by=("owner__name",))
    due_date = tables.Column(verbose_name=_("Due"), attrs={"td": {"class": "nowrap"}})
    days_overdue = tables.Column(
        verbose_name=_("Days overdue"),
        empty_values=(),
        order_by=("-due_date",),
        attrs={"th": {"class": "num"}, "td": {"class": "num overdue"}},
    )
    status = tables.Column(verbose_name=_("Status"), attrs={"td": {"class": "nowrap"}})
    is_tentative = tables.Column(verbose_name=_("Tentative"))
    actions = tables.TemplateColumn(
        verbose_name=_("Actions"), template_name="reviews/_milestone_actions.html", orderable=False, empty_values=()
    )

    class Meta:
        template_name = "reviews/table.html"
        attrs = {"class": "review-table responsive"}
        empty_text = _("Nothing is overdue with these filters.")

    def __init__(self, *args, on, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.on = on
        self.caption = caption

    def render_project(self, record):
        return f"{record.project.number}. {record.project.title}"

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', milestone_url(record), value)

    def render_owner(self, record, value):
        if record.owner.team_id:
            return format_html('{} <span class="muted">{}</span>', value.name, record.owner.team.name)
        return value.name

    def render_due_date(self, record, value):
        return format_html('{} <span class="muted">{}</span>', value.isoformat(), record.date_text)

    def render_days_overdue(self, record):
        return days_overdue(record.due_date, self.on)

    def render_is_tentative(self, value):
        return _("tentative") if value else ""
