from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import AnnualPlan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopeForm(forms.Form):
    """The plan and the reference date (기준일) a review page shows: today unless another date is asked."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=AnnualPlan.objects.order_by("-year", "is_demo", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("plan of the year"),
    )
    on = forms.DateField(label=_("As of (기준일)"), required=False, widget=DateInput())


class MilestoneActionForm(forms.Form):
    """A comment, or a request for an update with an optional message, from a review page."""

    text = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)
