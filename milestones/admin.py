from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_history import register_change_reasons
from accounts.admin_scope import ReadOnlyInline, ScopedAdminMixin
from common.admin import BoundedDateHierarchyMixin
from milestones import selectors, workflow
from milestones.admin_actions import MilestoneWorkflowAdminMixin
from milestones.admin_forms import MilestoneAdminForm, ProjectWithPlanFilter
from milestones.models import Comment, Evidence, Milestone
from milestones.schedule import seoul_today

register_change_reasons(workflow.LABELS)


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


class PlanOrderFormSet(forms.BaseInlineFormSet):
    """An inline of milestones in the plan's own order (1, 1.1, 1.1.1, 2, …)."""

    def get_queryset(self):
        return selectors.ordered_as_planned(super().get_queryset())


class StepInline(ReadOnlyInline, admin.TabularInline):
    model = Milestone
    fk_name = "parent"
    formset = PlanOrderFormSet
    extra = 0
    fields = ["key", "title", "date_text", "due_date", "status", "percent_complete"]
    show_change_link = True
    verbose_name = _("sub-step")
    verbose_name_plural = _("sub-steps")


class CommentInline(ReadOnlyInline, admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["created_at", "author", "kind", "text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class EvidenceInline(ReadOnlyInline, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["added_at", "added_by", "url", "file_name"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")


@admin.register(Milestone)
class MilestoneAdmin(BoundedDateHierarchyMixin, MilestoneWorkflowAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = MilestoneAdminForm
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
        ("project", ProjectWithPlanFilter),
    ]
    search_fields = ["title", "date_text", "note", "owner__name", "project__title"]
    list_select_related = ["project", "owner"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["parent"]
    show_full_result_count = False
    inlines = [StepInline, CommentInline, EvidenceInline]
    fieldsets = [
        (None, {"fields": ["project", "parent", "key", "order", "title", "expected_version"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "date_text",
                    ("start_date", "due_date"),
                    "baseline_due_date",
                    ("date_precision", "is_tentative"),
                    "schedule",
                ]
            },
        ),
        (
            _("Progress"),
            {
                "fields": [
                    "owner",
                    "progress_page",
                    "status",
                    "percent_complete",
                    "completed_on",
                    "status_reason",
                    "note",
                    "version",
                ]
            },
        ),
        (
            _("Change the status"),
            {
                "fields": ["new_status", ("new_percent", "done_on"), "new_due_date", "reason"],
                "description": _(
                    "Through the status workflow, as on the milestone page; * needs a reason. "
                    "Kept in the history with who and when."
                ),
            },
        ),
    ]
    #: Status, progress and due date change only through the workflow (the fields above, or the milestone page).
    workflow_fields = [
        "status",
        "percent_complete",
        "completed_on",
        "due_date",
        "baseline_due_date",
        "status_reason",
        "version",
    ]

    def visible(self, request):
        return selectors.milestones_visible_to(request.user)

    def editable(self, request):
        return selectors.milestones_editable_by(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets[:-1]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = ["schedule", "progress_page", *self.workflow_fields]
        if obj is None:
            fields.remove("due_date")
        return fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and selectors.can_add_to_projects(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = {
            "project": selectors.projects_editable_by,
            "owner": selectors.owners_assignable_by,
            "parent": selectors.milestones_editable_by,
        }
        if db_field.name in choices:
            kwargs["queryset"] = choices[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("days overdue"))
    def days_overdue_display(self, milestone):
        return milestone.days_overdue(seoul_today()) or ""

    @admin.display(description=_("record progress"))
    def progress_page(self, milestone):
        if milestone.pk is None:
            return "-"
        return format_html('<a href="{}#update">{}</a>', milestone.get_absolute_url(), _("on the milestone page"))

    @admin.display(description=_("schedule"))
    def schedule(self, milestone):
        today = seoul_today()
        if milestone.pk is None or milestone.due_date is None:
            return "-"
        if milestone.is_overdue(today):
            return _("%(days)d days overdue") % {"days": milestone.days_overdue(today)}
        remaining = milestone.days_remaining(today)
        return "-" if remaining is None else _("%(days)d days left") % {"days": remaining}
