from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import BureauWideAdminMixin
from common.admin import BoundedDateHierarchyMixin
from departments.admin import DutyInline, StaffingSnapshotInline
from plans.admin_closing import PlanClosingAdminMixin
from plans.load_log import readable
from plans.models import AnnualPlan, GlossaryTerm, PlanLoad


def _sentences(messages):
    if not messages:
        return "–"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((readable(m),) for m in messages)))


class GlossaryInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 0
    fields = ["order", "term", "term_original", "page"]
    show_change_link = True


@admin.register(AnnualPlan)
class AnnualPlanAdmin(PlanClosingAdminMixin, BureauWideAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "title", "bureau", "as_of", "is_demo", "closed_at", "project_count"]
    list_filter = ["year", "is_demo", ("closed_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["closed_at", "closed_by"]
    search_fields = ["title", "code", "bureau__name"]
    list_select_related = ["bureau"]
    inlines = [StaffingSnapshotInline, GlossaryInline, DutyInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(project_total=Count("projects"))

    @admin.display(description=_("projects"), ordering="project_total")
    def project_count(self, plan):
        return plan.project_total


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(BureauWideAdminMixin, SimpleHistoryAdmin):
    list_display = ["term", "term_original", "page", "plan"]
    list_filter = ["plan"]
    search_fields = ["term", "term_original", "definition"]
    list_select_related = ["plan"]


@admin.register(PlanLoad)
class PlanLoadAdmin(BoundedDateHierarchyMixin, BureauWideAdminMixin, admin.ModelAdmin):
    """The record of every load: an audit trail, so nobody adds, changes or deletes one."""

    list_display = [
        "loaded_at",
        "plan",
        "source",
        "created",
        "updated",
        "unchanged",
        "conflict_count",
        "warning_count",
    ]
    list_filter = ["plan"]
    date_hierarchy = "loaded_at"
    list_select_related = ["plan", "loaded_by"]
    fields = [
        "plan",
        "loaded_at",
        "loaded_by",
        "source",
        "checksum",
        ("created", "updated", "unchanged"),
        "conflict_list",
        "warning_list",
    ]
    readonly_fields = [f.name for f in PlanLoad._meta.fields] + ["conflict_list", "warning_list"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("conflicts"))
    def conflict_list(self, load):
        return _sentences(load.conflicts)

    @admin.display(description=_("warnings"))
    def warning_list(self, load):
        return _sentences(load.warnings)

    @admin.display(description=_("conflicts"))
    def conflict_count(self, load):
        return len(load.conflicts)

    @admin.display(description=_("warnings"))
    def warning_count(self, load):
        return len(load.warnings)
