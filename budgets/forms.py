from django import forms
from django.utils.translation import gettext_lazy as _


class BudgetQueryForm(forms.Form):
    """The query of the budget pages: a plan (the index) and whether to list lagging lines only (a table)."""

    plan = forms.SlugField(label=_("Plan"), required=False, max_length=60)
    lagging = forms.TypedChoiceField(
        label=_("Lagging lines only"),
        choices=[("", ""), ("0", ""), ("1", "")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
    )
