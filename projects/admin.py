from django.contrib import admin
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import ReadOnlyInline, ScopedAdminMixin, department_filter
from budgets.admin import BudgetLineInline
from budgets.money import won
from common.admin import BoundedDateHierarchyMixin
from departments.models import Staff
from milestones import selectors
from milestones.admin import PlanOrderFormSet
from milestones.admin_forms import ProjectWithPlanFilter
from milestones.models import CLOSED_STATUSES, Milestone
from milestones.schedule import seoul_today
from projects.models import (
    EntryFigure,
    Project,
    ProjectBudgetItem,
    ProjectContact,
    ProjectEntry,
    ProjectTable,
    ProjectTableRow,
)


class BudgetItemInline(admin.TabularInline):
    model = ProjectBudgetItem
    extra = 0


class ContactInline(admin.TabularInline):
    model = ProjectContact
    extra = 0
    autocomplete_fields = ["staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            kwargs["queryset"] = Staff.objects.filter(department_filter(request.user, ("department",)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MilestoneInline(ReadOnlyInline, admin.TabularInline):
    """Milestones are changed on their own pages, through the workflow."""

    model = Milestone
    fk_name = "project"
    formset = PlanOrderFormSet
    extra = 0
    fields = ["key", "title", "date_text", "start_date", "due_date", "date_precision", "status", "percent_complete"]
    show_change_link = True


class EntryInline(admin.StackedInline):
    model = ProjectEntry
    extra = 0
    fields = [("section", "key", "order", "parent"), "text", ("date_text", "start_date", "end_date", "date_precision")]
    show_change_link = True
    sections = ()

    def get_queryset(self, request):
        return super().get_queryset(request).filter(section__in=self.sections).select_related("parent")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = ProjectEntry.objects.filter(project_id=request.resolver_match.kwargs.get("object_id"))
        if db_field.name == "milestone":
            kwargs["queryset"] = selectors.milestones_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AchievementInline(EntryInline):
    sections = [ProjectEntry.Section.ACHIEVEMENT]
    verbose_name = _("achievement (추진실적)")
    verbose_name_plural = _("achievements (추진실적)")


class OverviewInline(EntryInline):
    verbose_name = _("overview point (사업개요)")
    verbose_name_plural = _("overview (사업개요) and footnotes")
    sections = [ProjectEntry.Section.BACKGROUND, ProjectEntry.Section.SCOPE, ProjectEntry.Section.FOOTNOTE]


class ProjectBudgetLineInline(BudgetLineInline):
    fk_name = "project"
    verbose_name_plural = _("budget lines of the plan (세출)")


class ProjectScopeMixin(ScopedAdminMixin):
    """Projects, and what hangs off them, as far as the user's department reaches."""

    project_path = ""

    def _projects(self, projects):
        model = self.model
        if not self.project_path:
            return projects
        return model.objects.filter(**{f"{self.project_path}__in": projects})

    def visible(self, request):
        return self._projects(selectors.projects_visible_to(request.user))

    def editable(self, request):
        return self._projects(selectors.projects_editable_by(request.user))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and selectors.can_add_to_projects(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project" and db_field.related_model is Project:
            kwargs["queryset"] = selectors.projects_editable_by(request.user)
        if db_field.name == "milestone":
            kwargs["queryset"] = selectors.milestones_editable_by(request.user)
        if db_field.related_model is ProjectEntry and db_field.name in ("entry", "parent"):
            kwargs["queryset"] = ProjectEntry.objects.filter(project__in=selectors.projects_editable_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Project)
class ProjectAdmin(ProjectScopeMixin, SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["number", "title", "department", "budget", "milestone_count", "overdue_count", "plan"]
    list_display_links = ["number", "title"]
    list_filter = ["plan", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "goal", "department__name", "contacts_text"]
    list_select_related = ["department", "plan"]
    filter_horizontal = ["teams"]
    inlines = [
        BudgetItemInline,
        ProjectBudgetLineInline,
        ContactInline,
        OverviewInline,
        AchievementInline,
        MilestoneInline,
    ]

    def get_deleted_objects(self, objs, request):
        """What deleting a project deletes, without the rows that tie it to its teams: Django names them by
        their table ("Project_teams object (1)"), in no language."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        through = Project.teams.through._meta
        counts.pop(through.verbose_name_plural, None)
        prefix = f"{capfirst(through.verbose_name)}: "

        def kept(items):
            return [kept(i) if isinstance(i, list) else i for i in items if not str(i).startswith(prefix)]

        return kept(deleted), counts, perms_needed, protected

    def get_queryset(self, request):
        overdue = Q(milestones__due_date__lt=seoul_today()) & ~Q(milestones__status__in=CLOSED_STATUSES)
        return (
            super()
            .get_queryset(request)
            .annotate(milestone_total=Count("milestones"), overdue_total=Count("milestones", filter=overdue))
        )

    @admin.display(description=_("budget (won)"), ordering="budget_total")
    def budget(self, project):
        return won(project.budget_total)

    @admin.display(description=_("milestones"), ordering="milestone_total")
    def milestone_count(self, project):
        return project.milestone_total

    @admin.display(description=_("overdue"), ordering="overdue_total")
    def overdue_count(self, project):
        return project.overdue_total


class FigureInline(admin.TabularInline):
    model = EntryFigure
    extra = 0


@admin.register(ProjectEntry)
class ProjectEntryAdmin(BoundedDateHierarchyMixin, ProjectScopeMixin, SimpleHistoryAdmin):
    project_path = "project"
    list_display = ["short_text", "section", "key", "project", "date_text", "start_date", "end_date"]
    list_filter = ["section", "project__plan", ("project", ProjectWithPlanFilter)]
    search_fields = ["text", "date_text", "figures__label"]
    list_select_related = ["project"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["parent", "milestone"]
    inlines = [FigureInline]

    @admin.display(description=_("text"))
    def short_text(self, entry):
        return str(entry)


@admin.register(EntryFigure)
class EntryFigureAdmin(ProjectScopeMixin, admin.ModelAdmin):
    project_path = "entry__project"
    list_display = ["label", "value", "unit", "entry"]
    search_fields = ["label", "entry__text"]
    list_select_related = ["entry"]


class TableRowInline(admin.TabularInline):
    model = ProjectTableRow
    extra = 0


@admin.register(ProjectTable)
class ProjectTableAdmin(ProjectScopeMixin, SimpleHistoryAdmin):
    project_path = "project"
    list_display = ["__str__", "key", "section", "project", "parent"]
    list_filter = ["section", "project__plan"]
    search_fields = ["title", "rows__cells"]
    list_select_related = ["project", "parent"]
    autocomplete_fields = ["parent"]
    inlines = [TableRowInline]
