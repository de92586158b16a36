import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.forms import DateInput

#: The years around a plan's own that a report may be read as of.
YEARS_BEFORE, YEARS_AFTER = 1, 5


class ReportDateForm(forms.Form):
    """The date (기준일) a report is read as of, within a few years of its plan."""

    on = forms.DateField(label=_("As of (기준일)"), required=False, widget=DateInput())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.first = datetime.date(plan.year - YEARS_BEFORE, 1, 1)
        self.last = datetime.date(plan.year + YEARS_AFTER, 12, 31)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and not self.first <= on <= self.last:
            raise forms.ValidationError(
                _("Choose a date from %(first)s to %(last)s.") % {"first": self.first, "last": self.last}
            )
        return on
