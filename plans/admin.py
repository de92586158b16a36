from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import BoundedDateHierarchyMixin
from departments.admin import DutyInline, StaffingSnapshotInline
from plans.models import AnnualPlan, GlossaryTerm, PlanLoad


class GlossaryInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 0
    fields = ["order", "term", "term_original", "page"]
    show_change_link = True


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "bureau", "as_of", "is_demo", "project_count"]
    list_filter = ["year", "is_demo"]
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
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "term_original", "page", "plan"]
    list_filter = ["plan"]
    search_fields = ["term", "term_original", "definition"]
    list_select_related = ["plan"]


@admin.register(PlanLoad)
class PlanLoadAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
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
    readonly_fields = [f.name for f in PlanLoad._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("conflicts"))
    def conflict_count(self, load):
        return len(load.conflicts)

    @admin.display(description=_("warnings"))
    def warning_count(self, load):
        return len(load.warnings)
