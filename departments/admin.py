from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import (
    BureauWideAdminMixin,
    DepartmentScopedAdminMixin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    departments_assignable_by,
    departments_visible_to,
    is_admin,
)
from departments.models import (
    Department,
    DepartmentDuty,
    JobCategory,
    Staff,
    StaffingCount,
    StaffingNote,
    StaffingNoteFigure,
    StaffingRow,
    StaffingSnapshot,
)


class TeamInline(admin.TabularInline):
    model = Department
    fk_name = "parent"
    extra = 0
    fields = ["order", "code", "name", "name_en", "kind", "head_title"]
    show_change_link = True
    verbose_name = _("team or section")
    verbose_name_plural = _("teams and sections")


class StaffInline(ScopedInlineMixin, admin.TabularInline):
    model = Staff
    fk_name = "department"
    extra = 0
    fields = ["name", "title", "position", "team", "phone_printed", "phone", "email"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


class DutyInline(ScopedInlineMixin, admin.TabularInline):
    model = DepartmentDuty
    extra = 0
    fields = ["plan", "department", "order", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan", "department")


@admin.register(Department)
class DepartmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The organisation: read as far as the user's department reaches, changed by administrators."""

    list_display = ["name", "name_en", "kind", "parent", "head_title", "exchange_display"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "code"]
    list_select_related = ["parent__parent"]
    autocomplete_fields = ["parent"]
    inlines = [TeamInline, StaffInline, DutyInline]

    def visible(self, request):
        return departments_visible_to(request.user)

    def editable(self, request):
        return Department.objects.all() if is_admin(request) else Department.objects.none()

    def chosen_from(self, request):
        return departments_assignable_by(request.user)

    @admin.display(description=_("phone exchange"))
    def exchange_display(self, department):
        return department.exchange()


@admin.register(Staff)
class StaffAdmin(DepartmentScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "title", "position", "department", "team", "phone", "email", "user"]
    list_filter = ["position", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "title", "phone", "phone_printed", "email", "department__name", "team__name"]
    list_select_related = ["department", "team", "user"]
    autocomplete_fields = ["department", "team", "user"]
    #: A login and a position make a role; the department decides who sees the person.
    admin_only_fields = ("code", "department", "position", "user")

    def chosen_from(self, request):
        # Naming a person (a project's contact) needs seeing them, not changing them.
        return self.visible(request)


@admin.register(DepartmentDuty)
class DepartmentDutyAdmin(DepartmentScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["text", "department", "order", "plan"]
    list_filter = ["plan", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "department__name"]
    list_select_related = ["department", "plan"]


@admin.register(JobCategory)
class JobCategoryAdmin(BureauWideAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "group", "order"]


class StaffingLineColumns:
    """Current headcount and gap, derived from a row's counts (prefetched with the rows)."""

    def get_queryset(self, request):
        counts = Prefetch("counts", queryset=StaffingCount.objects.select_related("category"))
        return super().get_queryset(request).select_related("department", "snapshot__plan").prefetch_related(counts)

    @admin.display(description=_("current (현원)"))
    def current(self, row):
        return row.line().current

    @admin.display(description=_("surplus or shortage (과부족)"))
    def gap(self, row):
        return row.line().gap


class StaffingRowInline(ScopedInlineMixin, StaffingLineColumns, admin.TabularInline):
    model = StaffingRow
    extra = 0
    fields = ["department", "authorised", "current", "gap"]
    readonly_fields = ["current", "gap"]
    show_change_link = True


class StaffingNoteInline(admin.TabularInline):
    model = StaffingNote
    extra = 0
    show_change_link = True


class StaffingSnapshotInline(admin.TabularInline):
    model = StaffingSnapshot
    extra = 0
    show_change_link = True


@admin.register(StaffingSnapshot)
class StaffingSnapshotAdmin(BureauWideAdminMixin, SimpleHistoryAdmin):
    list_display = ["plan", "as_of"]
    list_select_related = ["plan"]
    inlines = [StaffingRowInline, StaffingNoteInline]
    readonly_fields = ["staffing_table"]

    @admin.display(description=_("staffing table"))
    def staffing_table(self, snapshot):
        from django.template.loader import render_to_string

        categories, lines, total = snapshot.table()
        return render_to_string(
            "departments/staffing_table.html", {"categories": categories, "lines": lines, "total": total}
        )


class StaffingCountInline(admin.TabularInline):
    model = StaffingCount
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


@admin.register(StaffingRow)
class StaffingRowAdmin(DepartmentScopedAdminMixin, StaffingLineColumns, admin.ModelAdmin):
    admin_only_fields = ("snapshot", "department")
    list_display = ["department", "snapshot", "authorised", "current", "gap"]
    list_filter = ["snapshot"]
    inlines = [StaffingCountInline]


class StaffingNoteFigureInline(admin.TabularInline):
    model = StaffingNoteFigure
    extra = 0


@admin.register(StaffingNote)
class StaffingNoteAdmin(BureauWideAdminMixin, admin.ModelAdmin):
    list_display = ["text", "snapshot", "order"]
    list_select_related = ["snapshot__plan"]
    inlines = [StaffingNoteFigureInline]
