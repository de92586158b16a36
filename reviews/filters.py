"""The filters of the overdue list; they apply to live milestones and to history rows alike."""

from functools import cached_property, partial

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Staff
from milestones.forms import QueryDateField
from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.schedule import QUERY_YEARS_AROUND, safe_shift
from milestones.selectors import projects_visible_to
from projects.models import Project
from reviews.forms import (
    DateInput,
    LazyChoices,
    LeanNullBooleanSelect,
    LeanNumberInput,
    LeanSelect,
    LeanSelectMultiple,
)
from reviews.selectors import overdue_choices

#: The filters whose choices are records.
CHOICE_FILTERS = ("department", "team", "project", "owner")

#: The most days overdue a filter may ask for: as far back as a reference date may lie.
MAX_DAYS_OVERDUE = 2 * QUERY_YEARS_AROUND * 366

OPEN_STATUS_CHOICES = [(value, label) for value, label in Status.choices if value not in CLOSED_STATUSES]


class QueryDateFilter(django_filters.DateFilter):
    field_class = QueryDateField


class OverdueFilter(django_filters.FilterSet):
    """Department, team, project and owner accept what ``user`` sees of the plan, and list what occurs among
    the overdue rows (``queryset``) and the value chosen: a long plan lists only what narrows the list down."""

    department = django_filters.ModelChoiceFilter(
        label=_("Department"), field_name="project__department", queryset=Department.objects.none(), widget=LeanSelect
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), field_name="owner__team", queryset=Department.objects.none(), widget=LeanSelect
    )
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=Project.objects.none(), widget=LeanSelect)
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=Staff.objects.none(), widget=LeanSelect)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=OPEN_STATUS_CHOICES, widget=LeanSelectMultiple
    )
    days_from = django_filters.NumberFilter(
        label=_("Days overdue from"),
        method="filter_days_from",
        min_value=0,
        max_value=MAX_DAYS_OVERDUE,
        widget=LeanNumberInput,
    )
    days_to = django_filters.NumberFilter(
        label=_("Days overdue to"),
        method="filter_days_to",
        min_value=0,
        max_value=MAX_DAYS_OVERDUE,
        widget=LeanNumberInput,
    )
    due_from = QueryDateFilter(label=_("Due from"), field_name="due_date", lookup_expr="gte", widget=DateInput())
    due_to = QueryDateFilter(label=_("Due to"), field_name="due_date", lookup_expr="lte", widget=DateInput())
    tentative = django_filters.BooleanFilter(
        label=_("Tentative"), field_name="is_tentative", widget=LeanNullBooleanSelect
    )

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, *args, on, plan=None, user=None, **kwargs):
        """``on`` is the reference date days overdue count from; choices are limited to what ``user`` sees."""
        super().__init__(*args, **kwargs)
        self.on = on
        chosen = [name for name in CHOICE_FILTERS if self.data.get(name)]
        if chosen:  # only a chosen value is looked up
            accepted = self.accepted_choices(user=user, plan=plan)
            for name in chosen:
                self.filters[name].queryset = accepted[name]
        for name in CHOICE_FILTERS:
            self.form.fields[name].widget.choices = LazyChoices(partial(self.shown_choices, name))

    @staticmethod
    def accepted_choices(*, user, plan):
        """What each choice filter accepts: the departments of the projects of ``plan`` that ``user`` sees, their
        teams, those projects and the departments' staff."""
        projects = projects_visible_to(user)
        if plan is not None:
            projects = projects.filter(plan=plan)
        department_ids = projects.values("department_id")
        return {
            "department": Department.objects.filter(pk__in=department_ids),
            "team": Department.objects.filter(
                Q(parent_id__in=department_ids), kind__in=[Department.Kind.TEAM, Department.Kind.SECTION]
            ),
            "project": projects.order_by("plan__year", "number"),
            "owner": Staff.objects.filter(department_id__in=department_ids).order_by("name"),
        }

    @cached_property
    def occurring(self):
        return overdue_choices(self.queryset)

    def shown_choices(self, name):
        """The choices the select of filter ``name`` lists when rendered (after the form was validated)."""
        field = self.form.fields[name]
        choices = self.occurring[name]
        chosen = getattr(self.form, "cleaned_data", {}).get(name)
        if chosen is not None and all(pk != chosen.pk for pk, _ in choices):
            choices = [(chosen.pk, field.label_from_instance(chosen)), *choices]
        return [("", field.empty_label), *choices]

    def filter_days_from(self, queryset, name, value):
        return queryset.filter(due_date__lte=safe_shift(self.on, -int(value)))

    def filter_days_to(self, queryset, name, value):
        return queryset.filter(due_date__gte=safe_shift(self.on, -int(value)))
