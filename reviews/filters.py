"""The filters of the overdue list; they apply to live milestones and to history rows alike."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Staff
from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.selectors import projects_visible_to
from projects.models import Project
from reviews.forms import DateInput

OPEN_STATUS_CHOICES = [(value, label) for value, label in Status.choices if value not in CLOSED_STATUSES]


class OverdueFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), field_name="project__department", queryset=Department.objects.none()
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), field_name="owner__team", queryset=Department.objects.none()
    )
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=Project.objects.none())
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=Staff.objects.none())
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=OPEN_STATUS_CHOICES)
    days_from = django_filters.NumberFilter(label=_("Days overdue from"), method="filter_days_from", min_value=0)
    days_to = django_filters.NumberFilter(label=_("Days overdue to"), method="filter_days_to", min_value=0)
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte", widget=DateInput()
    )
    due_to = django_filters.DateFilter(label=_("Due to"), field_name="due_date", lookup_expr="lte", widget=DateInput())
    tentative = django_filters.BooleanFilter(label=_("Tentative"), field_name="is_tentative")

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, *args, on, plan=None, user=None, **kwargs):
        """``on`` is the reference date days overdue count from; choices are limited to what ``user`` sees."""
        super().__init__(*args, **kwargs)
        self.on = on
        projects = projects_visible_to(user)
        if plan is not None:
            projects = projects.filter(plan=plan)
        department_ids = projects.values("department_id")
        departments = Department.objects.filter(pk__in=department_ids)
        self.filters["department"].queryset = departments
        self.filters["team"].queryset = Department.objects.filter(
            Q(parent_id__in=department_ids), kind__in=[Department.Kind.TEAM, Department.Kind.SECTION]
        )
        self.filters["project"].queryset = projects.order_by("plan__year", "number")
        self.filters["owner"].queryset = Staff.objects.filter(department_id__in=department_ids).order_by("name")

    def filter_days_from(self, queryset, name, value):
        return queryset.filter(due_date__lte=self.on - datetime.timedelta(days=int(value)))

    def filter_days_to(self, queryset, name, value):
        return queryset.filter(due_date__gte=self.on - datetime.timedelta(days=int(value)))
