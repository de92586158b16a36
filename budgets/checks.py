"""Printed budget totals against the sums of their lines."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from budgets.models import BudgetLine

AMOUNT_FIELDS = ("current_budget", "prior_final", "commitments", "disbursements")


@dataclass(frozen=True)
class Contradiction:
    """A printed figure the report contradicts: a total against the sum of its lines, or the same line
    printed with another figure in the other table of its kind (``other`` is then that line)."""

    line: BudgetLine
    field: str
    printed: int
    expected: int
    other: BudgetLine | None = None

    def message(self):
        line = self.line
        if self.other is None:
            return _(
                "budget %(table)s %(key)s %(name)s: %(field)s printed %(printed)s but its lines sum to "
                "%(total)s (difference %(difference)s)"
            ) % {
                "table": line.table.code,
                "key": line.key,
                "name": line.name,
                "field": self.field,
                "printed": f"{self.printed:,}",
                "total": f"{self.expected:,}",
                "difference": f"{self.printed - self.expected:,}",
            }
        other = self.other
        return _(
            "budget %(table)s %(key)s and %(other)s %(other_key)s %(name)s: %(field)s %(a)s in one, %(b)s in the other"
        ) % {
            "table": line.table.code,
            "key": line.key,
            "other": other.table.code,
            "other_key": other.key,
            "name": line.name,
            "field": self.field,
            "a": f"{self.printed:,}",
            "b": f"{self.expected:,}",
        }


def budget_contradictions(plan):
    """Every printed total that differs from the sum of its lines, then every line the summary and the
    detail table print with different figures. The printed figures are kept as printed."""
    lines = list(BudgetLine.objects.filter(table__plan=plan).select_related("table").order_by("table__order", "id"))
    return line_contradictions(lines)


def line_contradictions(lines):
    """The contradictions among lines given in table order (saved or not: a plan file's lines are checked
    before they are written; ``pk``, ``parent_id`` and ``department_id`` only need to match one another)."""
    return _sum_mismatches(lines) + _table_mismatches(lines)


def line_mismatches(lines):
    """One message for each contradiction among ``lines``."""
    return [contradiction.message() for contradiction in line_contradictions(lines)]


def budget_mismatches(plan):
    """One message for each contradiction: the table, the line, the column, the printed figure and the other."""
    return [contradiction.message() for contradiction in budget_contradictions(plan)]


def _sum_mismatches(lines):
    children = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    found = []
    for line in lines:
        kids = children.get(line.pk)
        if not kids:
            continue
        for name in AMOUNT_FIELDS:
            printed = getattr(line, name)
            values = [getattr(kid, name) for kid in kids if getattr(kid, name) is not None]
            if printed is None or not values:
                continue
            total = sum(values)
            if total != printed:
                found.append(Contradiction(line, name, printed, total))
    return found


def _table_mismatches(lines):
    """Lines the summary and the detail table of the same kind both print, with different figures."""
    by_table = {}
    for line in lines:
        match = ("total",) if line.parent_id is None else (line.department_id, line.account, line.name)
        by_table.setdefault((line.table.kind, line.table.code), {})[match] = line
    found = []
    for (kind, code), summary in by_table.items():
        if not code.endswith("-summary"):
            continue
        detail = by_table.get((kind, code.replace("-summary", "-detail")), {})
        for match, line in summary.items():
            other = detail.get(match)
            if other is None:
                continue
            for name in AMOUNT_FIELDS:
                a, b = getattr(line, name), getattr(other, name)
                if a is not None and b is not None and a != b:
                    found.append(Contradiction(line, name, a, b, other))
    return found
