"""Printed budget totals against the sums of their lines."""

from budgets.models import BudgetLine

AMOUNT_FIELDS = ("current_budget", "prior_final", "commitments", "disbursements")


def budget_mismatches(plan):
    """One message for each printed total that differs from the sum of its lines.

    The printed figures are kept as printed; the messages name the table, the line,
    the column, the printed figure and the computed sum.
    """
    lines = list(BudgetLine.objects.filter(table__plan=plan).select_related("table").order_by("table__order", "id"))
    children = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    messages = []
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
                messages.append(
                    f"budget {line.table.code} {line.key} {line.name}: {name} printed {printed:,} "
                    f"but its lines sum to {total:,} (difference {printed - total:,})"
                )
    return messages
