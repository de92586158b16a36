"""Reads behind the budget pages, and the rule that flags execution lagging the time of year.

Execution lags (집행 부진) when a line with a current budget above zero has committed less than
the share of the year elapsed at its table's reference date (기준일), less a tolerance::

    commitment rate < share of the year elapsed - LAG_TOLERANCE

- execution is counted on the commitment basis (원인행위), as the report counts it;
- the share of the year elapsed on D is (day of the year of D) / (days in that year), in percent;
- ``LAG_TOLERANCE`` is 15 percentage points.

At the 2023 report's date, 2023-08-16 (day 228 of 365, 62.5 %), a line lags below 47.5 %.
Lines without a commitment figure (revenue lines, empty cells) and lines without a current budget
are never flagged.

Who sees what: managers and administrators every line; a department head the lines of their own
department; anyone else no line.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accounts.roles import Role, actor_for
from budgets.models import BudgetLine, BudgetTable, rate
from plans.models import AnnualPlan

LAG_TOLERANCE = Decimal(15)


def year_elapsed(on):
    """The share of ``on``'s year that has elapsed at the end of ``on``, in percent with one decimal."""
    day_of_year = on.timetuple().tm_yday
    days_in_year = (datetime.date(on.year, 12, 31) - datetime.date(on.year, 1, 1)).days + 1
    return (Decimal(day_of_year) * 100 / Decimal(days_in_year)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def lag_threshold(on):
    """The commitment rate below which a line lags on ``on`` (never below zero)."""
    return max(year_elapsed(on) - LAG_TOLERANCE, Decimal(0))


def execution_lags(*, commitments, current_budget, on):
    """Whether a line (or a sum of lines) lags the time of year on ``on``; see the module docstring."""
    commitment_rate = rate(commitments, current_budget)
    if commitment_rate is None or current_budget <= 0:
        return False
    return commitment_rate < lag_threshold(on)


def budget_plans():
    """Plans that have budget tables, latest first."""
    return AnnualPlan.objects.filter(budget_tables__isnull=False).distinct().order_by("-year", "is_demo", "code")


def budget_tables(*, plan, user):
    """The tables of a plan (of every plan for None) that ``user`` may read: a department head sees expenditure
    tables only."""
    tables = BudgetTable.objects.select_related("plan").order_by("order")
    if plan is not None:
        tables = tables.filter(plan=plan)
    actor = actor_for(user)
    if actor.reads_everything:
        return tables
    if actor.role == Role.DEPARTMENT_HEAD:
        return tables.filter(kind=BudgetTable.Kind.EXPENDITURE)
    return tables.none()


def budget_lines_visible_to(user, *, table):
    lines = BudgetLine.objects.filter(table=table)
    actor = actor_for(user)
    if actor.reads_everything:
        return lines
    if actor.role == Role.DEPARTMENT_HEAD:
        return lines.filter(department_id=actor.department_id)
    return lines.none()


@dataclass
class TreeLine:
    """A budget line in reading order, with its depth in the tree and whether it lags."""

    line: BudgetLine
    depth: int
    lags: bool
    has_children: bool


def budget_tree(*, table, user):
    """The lines of ``table`` that ``user`` may read, parents before their children, in printed order.

    A line whose parent is hidden from the reader starts the tree at its own depth.
    """
    lines = list(budget_lines_visible_to(user, table=table).select_related("department", "project"))
    by_parent = {}
    for line in lines:
        by_parent.setdefault(line.parent_id, []).append(line)
    for children in by_parent.values():
        children.sort(key=lambda line: (line.order, line.pk))
    ids = {line.pk for line in lines}
    roots = [line for line in lines if line.parent_id not in ids]
    roots.sort(key=lambda line: (line.key.count("."), line.order, line.pk))
    tree = []

    def walk(line, depth):
        kids = by_parent.get(line.pk, [])
        lags = table.kind == BudgetTable.Kind.EXPENDITURE and execution_lags(
            commitments=line.commitments, current_budget=line.current_budget, on=table.as_of
        )
        tree.append(TreeLine(line, depth, lags, bool(kids)))
        for kid in kids:
            walk(kid, depth + 1)

    for root in roots:
        walk(root, 1)
    return tree


def project_budget_execution(*, plan, on):
    """Commitments and current budget of each project's expenditure lines, from the latest table dated by ``on``.

    Returns ``{project_id: ProjectBudget}``; projects without lines in that table are absent.
    The report prints a project's lines only in its most detailed expenditure table, so the
    latest-dated expenditure table that links lines to projects is used, the most detailed
    (the highest order) on a tie.
    """
    table = (
        BudgetTable.objects.filter(
            plan=plan, kind=BudgetTable.Kind.EXPENDITURE, as_of__lte=on, lines__project__isnull=False
        )
        .order_by("-as_of", "-order")
        .first()
    )
    if table is None:
        return {}
    totals = {}
    for project_id, current_budget, commitments in BudgetLine.objects.filter(
        table=table, project__isnull=False
    ).values_list("project_id", "current_budget", "commitments"):
        budget = totals.setdefault(project_id, ProjectBudget(as_of=table.as_of))
        budget.current_budget += current_budget or 0
        budget.commitments += commitments or 0
    return totals


@dataclass
class ProjectBudget:
    as_of: datetime.date
    current_budget: int = 0
    commitments: int = 0

    @property
    def commitment_rate(self):
        return rate(self.commitments, self.current_budget)

    @property
    def lags(self):
        return execution_lags(commitments=self.commitments, current_budget=self.current_budget, on=self.as_of)


def plan_with_budgets(*, year, code=None):
    """The plan a budget page shows: the one named by ``code``, else the plan of ``year`` with budget tables
    (a real plan before a demo plan), else the latest plan with budget tables."""
    plans = budget_plans()
    if code:
        return plans.filter(code=code).first()
    return plans.filter(year=year).first() or plans.filter(year__lt=year).first() or plans.first()
