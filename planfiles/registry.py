"""The models a plan file holds, in the order they load, with their columns and the records of a plan.

Every model with a natural key (``plans.natural_keys.NaturalKeyModel``) belongs to the plan file; this
module orders them so that each comes after the models it refers to, names the sheet each gets in the
workbook (``SHEETS``: a model without an entry gets its plural name) and says which of its records belong
to a plan (a path to the plan in its natural key, or an entry in ``SCOPES``). A model added later gets its
sheet, its columns and its place in the load order from here without further work.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import override, pgettext_lazy

from plans.natural_keys import NaturalKeyModel

#: Sheet titles of the workbook (at most 31 characters), in the order the sheets appear.
SHEETS = {
    "departments.jobcategory": pgettext_lazy("plan workbook sheet", "Job categories"),
    "departments.department": pgettext_lazy("plan workbook sheet", "Organisation"),
    "departments.staff": pgettext_lazy("plan workbook sheet", "Staff"),
    "plans.annualplan": pgettext_lazy("plan workbook sheet", "Plan"),
    "departments.departmentduty": pgettext_lazy("plan workbook sheet", "Duties"),
    "departments.staffingsnapshot": pgettext_lazy("plan workbook sheet", "Staffing"),
    "departments.staffingrow": pgettext_lazy("plan workbook sheet", "Staffing by department"),
    "departments.staffingcount": pgettext_lazy("plan workbook sheet", "Staffing by category"),
    "departments.staffingnote": pgettext_lazy("plan workbook sheet", "Staffing notes"),
    "departments.staffingnotefigure": pgettext_lazy("plan workbook sheet", "Staffing note figures"),
    "projects.project": pgettext_lazy("plan workbook sheet", "Projects"),
    "projects.projectcontact": pgettext_lazy("plan workbook sheet", "Project contacts"),
    "projects.projectbudgetitem": pgettext_lazy("plan workbook sheet", "Project budgets"),
    "milestones.milestone": pgettext_lazy("plan workbook sheet", "Milestones"),
    "projects.projectentry": pgettext_lazy("plan workbook sheet", "Achievements"),
    "projects.entryfigure": pgettext_lazy("plan workbook sheet", "Achievement figures"),
    "budgets.budgettable": pgettext_lazy("plan workbook sheet", "Budget tables"),
    "budgets.budgetline": pgettext_lazy("plan workbook sheet", "Budget lines"),
    "plans.glossaryterm": pgettext_lazy("plan workbook sheet", "Glossary"),
}


#: Fields recorded in the application, never by a plan file: the progress of a milestone.
NOT_PLAN_FIELDS = {
    "milestones.milestone": {
        "status",
        "percent_complete",
        "completed_on",
        "note",
        "baseline_due_date",
        "status_reason",
        "version",
    },
}


def _department_tree(plan):
    from departments.models import Department

    codes, level = set(), [plan.bureau_id]
    while level:
        codes.update(level)
        level = list(Department.objects.filter(parent__in=level).exclude(pk__in=codes).values_list("pk", flat=True))
    return Department.objects.filter(pk__in=codes)


def _staff_of(plan):
    from departments.models import Staff

    tree = _department_tree(plan)
    return Staff.objects.filter(models.Q(department__in=tree) | models.Q(team__in=tree))


#: Records of a plan for the models whose natural key does not lead to a plan (shared by every year).
SCOPES = {
    "departments.department": _department_tree,
    "departments.staff": _staff_of,
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: a field, or one part of the natural key of the record a field refers to."""

    field: models.Field
    part: int | None = None
    label: str = ""

    @property
    def name(self):
        """The column's name in the file's terms: ``project`` or ``project.plan__code``."""
        if self.part is None:
            return self.field.name
        return f"{self.field.name}.{self.field.related_model.NATURAL_KEY[self.part]}"

    @property
    def header(self):
        """The Korean header of the column (the workbook is read and written in Korean)."""
        return self.label or _header(self.field, self.part)


def _header(fld, part):
    with override("ko"):
        label = capfirst(str(fld.verbose_name))
        if part is None:
            return label
        return f"{label}: {_path_label(fld.related_model, fld.related_model.NATURAL_KEY[part])}"


def _path_label(model, path):
    labels = []
    for name in path.split("__"):
        fld = model._meta.get_field(name)
        labels.append(str(fld.verbose_name))
        model = fld.related_model if fld.is_relation else model
    return " ".join(labels)


def is_plan_field(fld):
    """A field a plan file sets: stored in the table, not the primary key, not progress, never a login (a
    person's account is linked to a staff record in the application, not in the plan)."""
    return (
        fld.name not in NOT_PLAN_FIELDS.get(fld.model._meta.label_lower, ())
        and fld.concrete
        and not fld.primary_key
        and not fld.auto_created
        and not fld.many_to_many
        and not (fld.is_relation and fld.related_model._meta.label == settings.AUTH_USER_MODEL)
    )


@dataclass(frozen=True)
class PlanModel:
    model: type[models.Model]

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def sheet(self):
        with override("ko"):
            return str(SHEETS.get(self.label) or capfirst(self.model._meta.verbose_name_plural))[:31]

    @cached_property
    def fields(self):
        """The fields a plan file sets, by name."""
        return {f.name: f for f in self.model._meta.get_fields() if is_plan_field(f)}

    @cached_property
    def many_to_many(self):
        return {f.name: f for f in self.model._meta.many_to_many}

    @cached_property
    def columns(self):
        """The sheet's columns; a header two fields share names its field too ("직위 (position)")."""
        columns = []
        for fld in [*self.fields.values(), *self.many_to_many.values()]:
            if fld.is_relation and not fld.many_to_many:
                columns += [Column(fld, part) for part in range(len(fld.related_model.NATURAL_KEY))]
            else:
                columns.append(Column(fld))
        headers = Counter(c.header for c in columns)
        return [
            Column(c.field, c.part, f"{c.header} ({c.name})")
            if headers[c.header] > 1
            else Column(c.field, c.part, c.header)
            for c in columns
        ]

    @cached_property
    def self_reference(self):
        """The field that links a record to another of its model (a sub-step to its step), if any."""
        return next((f for f in self.fields.values() if f.is_relation and f.related_model is self.model), None)

    def records_of(self, plan):
        """The records of ``plan`` that a workbook of it lists."""
        manager = self.model._default_manager
        if self.label in SCOPES:
            return SCOPES[self.label](plan)
        path = _plan_path(self.model)
        if path is None:
            return manager.all()
        return manager.filter(**{path or "pk": plan.pk})


def _plan_path(model):
    """The lookup from ``model`` to its plan (``project__plan``), "" for the plan itself, None for none."""
    from plans.models import AnnualPlan

    if model is AnnualPlan:
        return ""
    for path in model.NATURAL_KEY:
        if path.endswith("plan__code"):
            return path.removesuffix("__code")
    return None


@cache
def plan_models():
    """Every model of the plan file, each after the models it refers to (then in ``SHEETS`` order)."""
    candidates = [m for m in apps.get_models() if issubclass(m, NaturalKeyModel)]
    rank = {label: i for i, label in enumerate(SHEETS)}
    candidates.sort(key=lambda m: (rank.get(m._meta.label_lower, len(rank)), m._meta.label_lower))
    placed, ordered = set(), []
    while candidates:
        for model in candidates:
            needs = {
                f.related_model
                for f in model._meta.get_fields()
                if (is_plan_field(f) or f.many_to_many) and f.is_relation and f.related_model is not model
            }
            if all(n in placed or not issubclass(n, NaturalKeyModel) for n in needs):
                break
        else:  # a cycle between models: keep the preferred order
            model = candidates[0]
        candidates.remove(model)
        placed.add(model)
        ordered.append(PlanModel(model))
    return tuple(ordered)


@cache
def _by_label():
    return {pm.label: pm for pm in plan_models()}


def plan_model(label):
    return _by_label().get(label)
