from django import forms
from django.utils.translation import gettext_lazy as _


class PlanQueryForm(forms.Form):
    """The plan a page of the plan shows (its code); this year's plan when none is asked."""

    plan = forms.SlugField(label=_("Plan"), required=False, max_length=60)
