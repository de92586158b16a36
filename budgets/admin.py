from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import BureauWideAdminMixin, DepartmentScopedAdminMixin, ScopedInlineMixin
from budgets.models import BudgetLine, BudgetTable
from budgets.money import percent, won


class AmountColumns:
    """Computed money and rate columns shared by the budget line list and inlines."""

    @admin.display(description=_("current budget (예산현액)"), ordering="current_budget")
    def current_budget_won(self, line):
        return won(line.current_budget)

    @admin.display(description=_("prior-year final (최종예산)"), ordering="prior_final")
    def prior_final_won(self, line):
        return won(line.prior_final)

    @admin.display(description=_("change (증감액)"))
    def change_won(self, line):
        return won(line.change)

    @admin.display(description=_("change rate (증감률)"))
    def change_rate_display(self, line):
        if line.change_rate is None and line.current_budget:
            return _("new (순증)")
        return percent(line.change_rate)

    @admin.display(description=_("commitments (원인행위액)"), ordering="commitments")
    def commitments_won(self, line):
        return won(line.commitments)

    @admin.display(description=_("execution rate (집행률)"))
    def commitment_rate_display(self, line):
        return percent(line.commitment_rate)

    @admin.display(description=_("disbursements (지출액)"), ordering="disbursements")
    def disbursements_won(self, line):
        return won(line.disbursements)

    @admin.display(description=_("disbursement rate"))
    def disbursement_rate_display(self, line):
        return percent(line.disbursement_rate)


AMOUNT_COLUMNS = [
    "current_budget_won",
    "prior_final_won",
    "change_won",
    "change_rate_display",
    "commitments_won",
    "commitment_rate_display",
    "disbursements_won",
    "disbursement_rate_display",
]


#: A budget line belongs to its department, or to its project's.
LINE_DEPARTMENTS = ("department", "project__department")


class BudgetLineInline(ScopedInlineMixin, AmountColumns, admin.TabularInline):
    """The lines of a table (or, with ``fk_name = "project"``, a project's programme lines)."""

    model = BudgetLine
    fk_name = "table"
    extra = 0
    fields = ["key", "name", *AMOUNT_COLUMNS]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    department_paths = LINE_DEPARTMENTS

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("table")


@admin.register(BudgetTable)
class BudgetTableAdmin(BureauWideAdminMixin, SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["title", "kind", "plan", "as_of", "unit_text"]
    list_filter = ["kind", "plan"]
    list_select_related = ["plan"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(DepartmentScopedAdminMixin, AmountColumns, SimpleHistoryAdmin):
    list_display = ["name", "key", "table", "department", "account", *AMOUNT_COLUMNS, "project"]
    list_filter = ["table__plan", "table", "account", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_printed", "department__name", "project__title"]
    list_select_related = ["table__plan", "department", "project"]
    autocomplete_fields = ["parent", "department", "project"]
    show_full_result_count = False
    list_per_page = 100
    department_paths = LINE_DEPARTMENTS
    #: Where a line sits in its table and whose it is; its names and amounts its department changes.
    admin_only_fields = ("table", "parent", "key", "department", "project")
