from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from milestones.models import Milestone
from milestones.schedule import seoul_today


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue")), ("no", _("not overdue"))]

    def queryset(self, request, queryset):
        overdue = Milestone.objects.overdue(today=seoul_today()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class StepInline(admin.TabularInline):
    model = Milestone
    fk_name = "parent"
    extra = 0
    fields = ["key", "title", "date_text", "due_date", "status", "percent_complete"]
    show_change_link = True
    verbose_name = _("sub-step")
    verbose_name_plural = _("sub-steps")


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "project",
        "date_text",
        "due_date",
        "date_precision",
        "is_tentative",
        "owner",
        "status",
        "percent_complete",
        "days_overdue_display",
    ]
    list_filter = [
        OverdueFilter,
        "status",
        "date_precision",
        "is_tentative",
        "project__plan",
        ("project__department", admin.RelatedOnlyFieldListFilter),
        "project",
    ]
    search_fields = ["title", "date_text", "note", "owner__name", "project__title"]
    list_select_related = ["project", "owner"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["parent", "owner"]
    show_full_result_count = False
    inlines = [StepInline]
    fieldsets = [
        (None, {"fields": ["project", "parent", "key", "order", "title"]}),
        (
            _("Dates"),
            {"fields": ["date_text", ("start_date", "due_date"), ("date_precision", "is_tentative"), "schedule"]},
        ),
        (_("Progress"), {"fields": ["owner", "status", "percent_complete", "completed_on", "note"]}),
    ]
    readonly_fields = ["schedule"]

    @admin.display(description=_("days overdue"))
    def days_overdue_display(self, milestone):
        return milestone.days_overdue(seoul_today()) or ""

    @admin.display(description=_("schedule"))
    def schedule(self, milestone):
        today = seoul_today()
        if milestone.pk is None or milestone.due_date is None:
            return "-"
        if milestone.is_overdue(today):
            return _("%(days)d days overdue") % {"days": milestone.days_overdue(today)}
        remaining = milestone.days_remaining(today)
        return "-" if remaining is None else _("%(days)d days left") % {"days": remaining}
