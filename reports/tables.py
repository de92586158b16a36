"""The report's general tables as plain data: staffing, standing duties and budget tables.

Reads go through the same selectors as the budget pages (``budgets.selectors``), so a reader gets
only the tables and lines they may read.
"""

from django.utils.translation import gettext as _

from budgets.models import BudgetTable
from budgets.selectors import budget_tables, budget_tree
from departments.models import DepartmentDuty, StaffingSnapshot
from reports import printing
from reports.structure import Cell, Paragraph, Table


def _short_day(date):
    return f"'{date:%y}. {date.month}. {date.day}."


# Staffing ----------------------------------------------------------------------------------------


def staffing_snapshot(*, plan, on):
    """The plan's staffing table dated on or before ``on`` (the latest), else its earliest."""
    snapshots = StaffingSnapshot.objects.filter(plan=plan)
    return snapshots.filter(as_of__lte=on).order_by("-as_of").first() or snapshots.order_by("as_of").first()


def staffing_table(snapshot):
    """정원, 현원 by job category (grouped as the report groups them) and 과부족, the total row first."""
    categories, lines, total = snapshot.table()
    groups = []  # [group name, [categories]] in order
    for category in categories:
        if category.group and groups and groups[-1][0] == category.group:
            groups[-1][1].append(category)
        else:
            groups.append([category.group, [category]])
    grouped = any(name for name, _members in groups)
    depth = 3 if grouped else 2
    first = [
        Cell("구 분", rows=depth),
        Cell("정원", rows=depth),
        Cell("직종별 현원", cols=len(categories) + 1),
        *[None] * len(categories),
        Cell("과부족", rows=depth),
    ]
    second = [None, None, Cell("합계", rows=depth - 1)]
    third = [None, None, None]
    for name, members in groups:
        if name:
            second += [Cell(name, cols=len(members))] + [None] * (len(members) - 1)
            third += [Cell(member.name) for member in members]
        else:
            second += [Cell(member.name, rows=depth - 1) for member in members]
            third += [None] * len(members)
    second.append(None)
    third.append(None)
    header = [first, second, third] if grouped else [first, second]

    def row(label, line, *, with_share):
        cells = [Cell(str(label)), Cell(printing.count(line.authorised), number=True)]
        cells.append(Cell(printing.count(line.current), number=True))
        for category in categories:
            value = line.by_category.get(category.code)
            text = "" if value is None else printing.count(value)
            if with_share and value is not None:
                text = f"{text} ({line.percent[category.code]}%)"
            cells.append(Cell(text, number=True))
        cells.append(Cell(printing.grouped(line.gap), number=True))
        return cells

    body = [row("계", total, with_share=True), *[row(line.label, line, with_share=False) for line in lines]]
    notes = [note.text for note in snapshot.notes.order_by("order")]
    return Table(header, body, subtitle=f"({printing.full_day(snapshot.as_of)} 기준)", notes=notes, style="staffing")


def duties_table(*, plan):
    """Each department's standing duties (부서별 주요업무), one row per department in the tree's order."""
    duties = (
        DepartmentDuty.objects.filter(plan=plan).select_related("department").order_by("department__order", "order")
    )
    by_department = {}
    for duty in duties:
        by_department.setdefault(duty.department, []).append(duty.text)
    body = [
        [Cell(department.name), Cell("\n".join(f"· {text}" for text in texts))]
        for department, texts in by_department.items()
    ]
    return Table([[Cell("부서(기관)별"), Cell("주요업무")]], body, style="duties") if body else None


# Budgets -----------------------------------------------------------------------------------------


def budget_table_on(table, *, on):
    """The table a report as of ``on`` prints for ``table``: the plan's latest table of the same kind and title
    dated on or before ``on``, so that execution figures loaded later show from their own date."""
    later = (
        BudgetTable.objects.filter(plan_id=table.plan_id, kind=table.kind, title=table.title, as_of__lte=on)
        .order_by("-as_of", "-order")
        .first()
    )
    return later or table


def _is_execution_detail(lines):
    return any(row.line.disbursements is not None for row in lines)


#: The column of each amount, as a note about a contradiction names it.
COLUMN_NAMES = {
    "current_budget": "예산현액",
    "prior_final": "최종예산",
    "commitments": "집행액",
    "disbursements": "지출액",
}


def _row_name(line):
    """A line's name as a note names it: an account line with its department (정보통신보안담당관 일반회계)."""
    name = line.name_printed or line.name
    return f"{line.department.name} {name}" if line.account and line.department_id else name


def _amount(line, name, flags, *, detail=False):
    value = getattr(line, name)
    flag = flags.get((line.pk, name), "")
    if flag:
        column = "원인행위액" if detail and name == "commitments" else COLUMN_NAMES[name]
        flag = f"{_row_name(line)} {column}: {flag}"
    return Cell(printing.thousands(value), number=True, flag=flag)


def _change_cells(line):
    change = line.change
    new = line.prior_final in (None, 0) and bool(line.current_budget)
    change_text = "-" if change in (None, 0) else printing.thousands(change)
    return [Cell(change_text, number=True), Cell(printing.rate(line.change_rate, new=new), number=True)]


def budget_table(table, *, user, year, contradictions):
    """A budget table's lines that ``user`` may read, as printed (천원), with its contradictions flagged.

    Revenue tables print 예산현액, the prior year's 최종예산 and the change; the expenditure summary
    adds execution (집행액, 집행률); an execution table (with disbursements) prints commitments and
    disbursements with their rates.
    """
    tree = budget_tree(table=table, user=user)
    if not tree:
        return None
    flags = {}
    for contradiction in contradictions:
        if contradiction.line.table_id != table.pk and getattr(contradiction.other, "table_id", None) != table.pk:
            continue
        if contradiction.other is None:
            text = _("printed %(printed)s; its lines sum to %(sum)s") % {
                "printed": printing.thousands(contradiction.printed),
                "sum": printing.thousands(contradiction.expected),
            }
            flags[(contradiction.line.pk, contradiction.field)] = text
        else:
            for line, other in ((contradiction.line, contradiction.other), (contradiction.other, contradiction.line)):
                text = _("printed %(other)s in %(table)s") % {
                    "other": printing.thousands(getattr(other, contradiction.field)),
                    "table": other.table.title,
                }
                flags[(line.pk, contradiction.field)] = text
    detail = _is_execution_detail(tree)
    if table.kind == BudgetTable.Kind.REVENUE:
        header = [
            [
                Cell("구 분", rows=2),
                Cell(f"{year} 예산현액", rows=2),
                Cell(f"{year - 1} 최종예산", rows=2),
                Cell("증 감", cols=2),
                None,
            ],
            [None, None, None, Cell("증감액"), Cell("증감률")],
        ]
    elif detail:
        header = [
            [
                Cell("구 분", rows=2),
                Cell("예산현액", rows=2),
                Cell("집행액", cols=2),
                None,
                Cell("집행률 (%)", cols=2),
                None,
            ],
            [None, None, Cell("원인행위액"), Cell("지출액"), Cell("원인행위"), Cell("지출액")],
        ]
    else:
        header = [
            [
                Cell("구 분", rows=2),
                Cell(f"{year} 예산현액", rows=2),
                Cell(f"{year - 1} 최종예산", rows=2),
                Cell("증 감", cols=2),
                None,
                Cell("집 행 현 황", cols=2),
                None,
            ],
            [None, None, None, Cell("증 감 액"), Cell("증 감 률"), Cell("집 행 액"), Cell("집 행 률")],
        ]
    body = []
    for row in tree:
        line = row.line
        label = Cell(line.name_printed or line.name, indent=row.depth - 1)
        if table.kind == BudgetTable.Kind.REVENUE:
            cells = [label, _amount(line, "current_budget", flags), _amount(line, "prior_final", flags)]
            cells += _change_cells(line)
        elif detail:
            cells = [label, _amount(line, "current_budget", flags), _amount(line, "commitments", flags, detail=True)]
            cells += [_amount(line, "disbursements", flags)]
            cells += [Cell(printing.rate(line.commitment_rate), number=True)]
            cells += [Cell(printing.rate(line.disbursement_rate), number=True)]
        else:
            cells = [label, _amount(line, "current_budget", flags), _amount(line, "prior_final", flags)]
            cells += _change_cells(line)
            cells += [_amount(line, "commitments", flags), Cell(printing.rate(line.commitment_rate), number=True)]
        body.append(cells)
    subtitle = f"({_short_day(table.as_of)} 기준, 단위: {table.unit_text})"
    notes = [text for text in table.notes.splitlines() if text.strip()]
    return Table(header, body, subtitle=subtitle, notes=notes, style=f"budget budget-{table.kind}")


def readable_budget_tables(*, plan, user):
    """The ids of the plan's budget tables ``user`` may read."""
    return set(budget_tables(plan=plan, user=user).values_list("pk", flat=True))


def organisation_line(plan):
    return Paragraph(plan.organisation_text, marker="") if plan.organisation_text else None
