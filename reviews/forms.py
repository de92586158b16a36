import html

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from milestones.forms import QueryDateField
from milestones.models import Comment
from plans.models import AnnualPlan


class LeanInput(forms.widgets.Input):
    """An input with the markup of Django's ``input.html`` and ``attrs.html``, joined in Python: the filter form's
    inputs each rendered two templates on every request."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
        attrs = "".join(
            f" {conditional_escape(key)}"
            if item is True
            else f' {conditional_escape(key)}="{conditional_escape(str(item))}"'
            for key, item in self.build_attrs(self.attrs, attrs).items()
            if item is not False
        )
        return mark_safe(
            f'<input type="{conditional_escape(self.input_type)}" name="{conditional_escape(name)}"{shown}{attrs}>'
        )


class LeanNumberInput(LeanInput, forms.NumberInput):
    """``forms.NumberInput`` rendered as ``LeanInput``."""


class DateInput(LeanInput, forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LazyChoices(BaseChoiceIterator):
    """Choices that ``read()`` returns as ``(value, label)`` pairs, read when a select first lists them and kept:
    unlike ``CallableChoiceIterator``, not read and normalised again each time the widget goes through them."""

    def __init__(self, read):
        self.read, self.choices = read, None

    def __iter__(self):
        if self.choices is None:
            self.choices = self.read()
        return iter(self.choices)


class LeanSelect(forms.Select):
    """A select with the markup of ``forms.Select`` (flat choices), its options joined in Python: Django renders a
    template per option, which for the hundreds of options of a large plan cost more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        chosen = {value} if isinstance(value, str) else set(value)
        options = []
        for option, label in self.choices:
            option = "" if option is None else str(option)
            selected = " selected" if option in chosen else ""
            label = html.escape(label) if type(label) is str else conditional_escape(label)
            options.append(f'<option value="{html.escape(option)}"{selected}>{label}</option>')
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        return mark_safe(f'<select name="{html.escape(name)}"{flatatt(attrs)}>\n' + "\n".join(options) + "\n</select>")


class LeanSelectMultiple(LeanSelect, forms.SelectMultiple):
    """``forms.SelectMultiple`` rendered as ``LeanSelect``."""


class LeanNullBooleanSelect(LeanSelect, forms.NullBooleanSelect):
    """``forms.NullBooleanSelect`` rendered as ``LeanSelect``."""


class ScopeForm(forms.Form):
    """The plan and the reference date (기준일) a review page shows: today unless another date is asked.

    Any plan is accepted; the select lists only those ``show_plans`` is given."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=AnnualPlan.objects.order_by("-year", "is_demo", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("plan of the year"),
        widget=LeanSelect,
    )
    on = QueryDateField(label=_("As of (기준일)"), required=False, widget=DateInput())

    def show_plans(self, choices):
        """List the ``(code, label)`` plans ``choices()`` returns, read when the select is rendered."""
        field = self.fields["plan"]
        field.widget.choices = LazyChoices(lambda: [("", field.empty_label), *choices()])


class MilestoneActionForm(forms.Form):
    """A comment, or a request for an update with an optional message, from a review page."""

    text = forms.CharField(
        label=_("Message"), required=False, max_length=Comment.MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
