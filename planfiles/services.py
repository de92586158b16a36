"""Plan file import = read, validate, diff, apply. The command, the admin preview and the confirmed load
all go through ``plan_file_check`` and ``plan_file_load``."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.checks import line_mismatches
from planfiles.apply import Applier
from planfiles.diff import NEW, diff_plan
from planfiles.problems import MAX_PROBLEMS
from planfiles.readers import read_records
from planfiles.validate import Validator
from plans.models import AnnualPlan, PlanLoad


@dataclass
class LoadResult:
    plan: AnnualPlan | None = None
    plan_code: str = ""
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dry_run: bool = False
    checksum: str = ""
    diff: object = None

    def totals(self):
        return sum(self.created.values()), sum(self.updated.values()), sum(self.unchanged.values())


def checksum_of(data):
    return hashlib.sha256(data).hexdigest()


def _stage(progress, name, share):
    """A progress callback for one stage, scaled into its share (start, end) of the whole."""
    if progress is None:
        return None
    start, end = share
    return lambda done, total: progress(name, start + (end - start) * done / max(total, 1))


def plan_file_check(*, data, name, force=False, progress=None):
    """Read, validate and compare a plan file with the database; writes nothing.

    Raises ``PlanFileError`` with the problems of a file that cannot be loaded.
    """
    if progress:
        progress("reading", 0)
    raw, problems = read_records(data, name)
    if progress:
        progress("checking", 15)
    checked = Validator(name, problems).check(raw)
    del raw
    if progress:
        progress("comparing", 35)
    diff = diff_plan(checked, force=force, progress=_stage(progress, "comparing", (35, 55)))
    result = LoadResult(plan_code=checked.plan_code, checksum=checksum_of(data), diff=diff)
    for change in diff.changes:
        counter = {"new": result.created, "changed": result.updated, "unchanged": result.unchanged}[change.action]
        counter[change.record.label] += 1
        for name_, (current, value) in change.conflicts.items():
            result.conflicts.append(
                _(
                    "%(record)s: %(field)s: changed in the application to %(current)s; the plan file says "
                    "%(value)s; kept (use --force to take the file's value)"
                )
                % {
                    "record": f"{change.record.label} {'/'.join(change.record.key)}",
                    "field": name_,
                    "current": repr(current),
                    "value": repr(value),
                }
            )
    result.warnings = budget_warnings(diff) + [
        _("%(model)s #%(pk)s is no longer in the plan file; kept") % {"model": label, "pk": pk}
        for label, pk in diff.missing
    ]
    result.plan = AnnualPlan.objects.filter(code=checked.plan_code).first()
    return result


def plan_file_load(*, data, name, user=None, force=False, dry_run=False, progress=None, now=None):
    """Validate and load a plan file in one transaction, recorded in the plan-load log when it changes anything.

    ``dry_run`` stops after the comparison; ``now`` is the time of the history rows of the records written.
    Raises ``PlanFileError`` listing the problems.
    """
    with transaction.atomic():
        result = plan_file_check(data=data, name=name, force=force, progress=progress)
        result.dry_run = dry_run
        if dry_run:
            return result
        if progress:
            progress("writing", 55)
        Applier(result.diff, user=user, progress=_stage(progress, "writing", (55, 99)), now=now).apply()
        result.plan = AnnualPlan.objects.get(code=result.plan_code)
        created, updated, unchanged = result.totals()
        if not (created or updated):
            return result  # a load that changes nothing writes nothing, not even its log entry
        PlanLoad.objects.create(
            plan=result.plan,
            loaded_by=user,
            source=str(name)[:300],
            checksum=result.checksum,
            created=created,
            updated=updated,
            unchanged=unchanged,
            conflicts=_bounded(result.conflicts),
            warnings=_bounded(result.warnings),
        )
    return result


def _bounded(lines):
    if len(lines) <= MAX_PROBLEMS:
        return list(lines)
    more = _("… and %(count)s more") % {"count": f"{len(lines) - MAX_PROBLEMS:,}"}
    return [*lines[:MAX_PROBLEMS], more]


def budget_warnings(diff):
    """Printed budget totals that differ from their lines, as the load would leave them (the file's values,
    the application's where a conflict keeps them)."""
    from budgets.models import BudgetLine, BudgetTable

    tables, lines, ids = {}, [], {}
    for change in diff.changes:
        record = change.record
        if record.label == "budgets.budgettable":
            tables[record.key] = BudgetTable(code=record.values.get("code"), kind=record.values.get("kind"))
            tables[record.key].order = record.values.get("order", 0)
        elif record.label == "budgets.budgetline":
            ids[record.key] = len(ids) + 1
    for change in diff.changes:
        record = change.record
        if record.label != "budgets.budgetline":
            continue
        values = {k: v for k, v in record.values.items() if k not in change.conflicts}
        line = BudgetLine(pk=ids[record.key], **values)
        for name, (current, _value) in change.conflicts.items():
            setattr(line, name, current)
        table_ref, parent_ref = record.refs.get("table"), record.refs.get("parent")
        table_key = table_ref[1] if table_ref else None
        line.table = tables.get(table_key) or _table_of(table_key)
        line.parent_id = ids.get(parent_ref[1]) if parent_ref else None
        department = record.refs.get("department")
        line.department_id = department[1] if department else None
        lines.append(line)
    lines.sort(key=lambda line: (line.table.order, line.pk))
    return line_mismatches(lines)


def _table_of(key):
    from budgets.models import BudgetTable

    table = BudgetTable.objects.filter(plan__code=key[0], code=key[1]).first() if key else None
    return table or BudgetTable(code="?", kind="")


def describe(value):
    """A value as the preview shows it."""
    if value is NEW:
        return _("(new record)")
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def plan_file_path_load(path, **kwargs):
    """``plan_file_load`` of a file on disk (``manage.py load_plan``)."""
    from planfiles.readers import read_path

    return plan_file_load(data=read_path(path), name=str(path), **kwargs)
