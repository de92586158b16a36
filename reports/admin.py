from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import BureauWideAdminMixin
from reports.models import ReportExport, ReportPart, ReportSection


class PartInline(admin.TabularInline):
    model = ReportPart
    extra = 0


@admin.register(ReportSection)
class ReportSectionAdmin(BureauWideAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [PartInline]


@admin.register(ReportExport)
class ReportExportAdmin(BureauWideAdminMixin, admin.ModelAdmin):
    """Files built in the background: read here, never changed."""

    list_display = ["plan", "on", "format", "requested_by", "requested_at", "state", "progress", "finished_at"]
    list_filter = ["state", "format", "plan"]
    list_select_related = ["plan", "requested_by"]
    readonly_fields = [f.name for f in ReportExport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
