"""Budget execution pages: the plan's tables, each table as a tree, lines lagging the year flagged."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from budgets.forms import BudgetQueryForm
from budgets.models import BudgetTable
from budgets.selectors import (
    LAG_TOLERANCE,
    budget_plans,
    budget_tables,
    budget_tree,
    lag_threshold,
    plan_with_budgets,
    year_elapsed,
)
from common.query import read_query
from milestones.schedule import seoul_today
from reviews.exports import ExportColumn, export_response
from reviews.views import ReviewerRequiredMixin


def execution_context(table):
    """What a page says about the lag rule at a table's reference date."""
    return {
        "year_elapsed": year_elapsed(table.as_of),
        "threshold": lag_threshold(table.as_of),
        "tolerance": LAG_TOLERANCE,
    }


class BudgetIndexView(ReviewerRequiredMixin, TemplateView):
    """A plan's budget tables with their totals, and the expenditure lines that lag the year."""

    template_name = "budgets/index.html"
    query_forms = (BudgetQueryForm,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = read_query(self.request, BudgetQueryForm)
        plan = plan_with_budgets(year=seoul_today().year, code=query["plan"] or None)
        context.update(plan=plan, plans=budget_plans(), tables=[], lagging=[])
        if plan is None:
            return context
        for table in budget_tables(plan=plan, user=self.request.user):
            tree = budget_tree(table=table, user=self.request.user)
            lagging = [row for row in tree if row.lags and not row.has_children]
            context["tables"].append(
                {"table": table, "roots": [row for row in tree if row.depth == 1], "lagging": lagging}
            )
            if table.kind == BudgetTable.Kind.EXPENDITURE and lagging:
                context["lagging"] = lagging
                context["lagging_table"] = table
                context.update(execution_context(table))
        return context


class BudgetTableMixin(ReviewerRequiredMixin):
    def get_table(self):
        plans = budget_plans().filter(code=self.kwargs["plan"])
        plan = get_object_or_404(plans)
        return get_object_or_404(budget_tables(plan=plan, user=self.request.user), code=self.kwargs["table"])


class BudgetTableView(BudgetTableMixin, TemplateView):
    """One table as a tree: expenditure with execution and its rates, revenue with its changes."""

    template_name = "budgets/table.html"
    query_forms = (BudgetQueryForm,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = self.get_table()
        tree = budget_tree(table=table, user=self.request.user)
        lagging_only = read_query(self.request, BudgetQueryForm)["lagging"]
        rows = [row for row in tree if row.lags] if lagging_only else tree
        context.update(
            table=table,
            plan=table.plan,
            siblings=budget_tables(plan=table.plan, user=self.request.user),
            rows=rows,
            lagging_only=lagging_only,
            lagging_count=sum(1 for row in tree if row.lags),
            is_expenditure=table.kind == BudgetTable.Kind.EXPENDITURE,
            has_prior=any(row.line.prior_final is not None for row in tree),
            has_execution=any(row.line.commitments is not None for row in tree),
            export_query=self.request.GET.urlencode(),
            **execution_context(table),
        )
        return context


def budget_columns(table):
    """The columns of a table's export, in integer won, with rates in percent."""
    columns = [
        ExportColumn("구분", lambda row: row.line.key, width=10),
        ExportColumn("수준", lambda row: row.depth, "int", width=6),
        ExportColumn("항목", lambda row: row.line.name, width=40),
        ExportColumn("부서", lambda row: row.line.department.name if row.line.department_id else "", width=18),
        ExportColumn("회계", lambda row: str(row.line.get_account_display()), width=14),
        ExportColumn("예산현액(원)", lambda row: row.line.current_budget, "won", width=18),
        ExportColumn("전년도 최종예산(원)", lambda row: row.line.prior_final, "won", width=18),
        ExportColumn("증감액(원)", lambda row: row.line.change, "won", width=18),
        ExportColumn("증감률(%)", lambda row: row.line.change_rate, "percent", width=10),
    ]
    if table.kind == BudgetTable.Kind.EXPENDITURE:
        columns += [
            ExportColumn("원인행위액(원)", lambda row: row.line.commitments, "won", width=18),
            ExportColumn("집행률(%)", lambda row: row.line.commitment_rate, "percent", width=10),
            ExportColumn("지출액(원)", lambda row: row.line.disbursements, "won", width=18),
            ExportColumn("지출률(%)", lambda row: row.line.disbursement_rate, "percent", width=10),
            ExportColumn("집행 부진", lambda row: "부진" if row.lags else "", width=8),
        ]
    columns.append(ExportColumn("기준일", lambda row: table.as_of, "date"))
    return columns


class BudgetTableExportView(BudgetTableMixin, TemplateView):
    """A table as CSV or XLSX, with the same rows as its page."""

    query_forms = (BudgetQueryForm,)

    def get(self, request, *args, fmt, **kwargs):
        table = self.get_table()
        tree = budget_tree(table=table, user=request.user)
        rows = [row for row in tree if row.lags] if read_query(request, BudgetQueryForm)["lagging"] else tree
        return export_response(
            iter(rows),
            columns=budget_columns(table),
            fmt=fmt,
            filename=f"{table.plan.code}-{table.code}",
            sheet_title=table.title,
        )
