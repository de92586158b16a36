"""The query parameters of the API's lists, each parsed and bounded (style pattern 21)."""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from milestones.models import CLOSED_STATUSES, Milestone, Status

#: The largest id a filter accepts (the databases' bigint).
MAX_ID = 2**63 - 1
#: The most rows of a page of a list.
MAX_PAGE_SIZE = 500
#: Reference dates the API accepts.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def within_window(value):
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(_("Give a date between %(start)s and %(end)s.") % {"start": EARLIEST, "end": LATEST})


class BoundedDateFilter(django_filters.DateFilter):
    field_class = forms.DateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", []).append(within_window)
        super().__init__(*args, **kwargs)


class AsOfForm(forms.Form):
    as_of = forms.DateField(required=False, validators=[within_window])


class MilestoneFilter(django_filters.FilterSet):
    """Filters of ``GET /api/v1/milestones/``; ``as_of`` (the reference date) is read by the view itself."""

    plan = django_filters.CharFilter(field_name="project__plan__code", help_text=_("A plan's code."), max_length=60)
    department = django_filters.NumberFilter(field_name="project__department_id", min_value=1, max_value=MAX_ID)
    team = django_filters.NumberFilter(field_name="owner__team_id", min_value=1, max_value=MAX_ID)
    project = django_filters.NumberFilter(field_name="project_id", min_value=1, max_value=MAX_ID)
    owner = django_filters.NumberFilter(field_name="owner_id", min_value=1, max_value=MAX_ID)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text=_("Open and past the due date on the reference date.")
    )
    due_from = BoundedDateFilter(field_name="due_date", lookup_expr="gte")
    due_to = BoundedDateFilter(field_name="due_date", lookup_expr="lte")
    as_of = BoundedDateFilter(method="filter_nothing", help_text=_("Milestones as they stood at the end of this day."))

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, *args, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.on = on

    def filter_overdue(self, queryset, name, value):
        overdue = ~Q(status__in=CLOSED_STATUSES) & Q(due_date__lt=self.on)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_nothing(self, queryset, name, value):
        return queryset


class ListQueryForm(forms.Form):
    """The page of a list: the cursor of ``next`` or ``previous``, and how many rows."""

    cursor = forms.CharField(required=False, max_length=200)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


class PlanQueryForm(ListQueryForm):
    plan = forms.SlugField(required=False, max_length=60, help_text=_("A plan's code."))


class StaffQueryForm(ListQueryForm):
    department = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class AchievementQueryForm(PlanQueryForm):
    project = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class SchemaQueryForm(forms.Form):
    format = forms.ChoiceField(required=False, choices=[("json", "json"), ("yaml", "yaml")])
    lang = forms.ChoiceField(required=False, choices=settings.LANGUAGES)


class DocsQueryForm(forms.Form):
    script = forms.CharField(required=False, max_length=0, help_text=_("Present: the page's script."))


def read_query(request, form_class):
    """The cleaned values of ``form_class`` from the query string; a 400 naming each bad parameter otherwise."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return form.cleaned_data
