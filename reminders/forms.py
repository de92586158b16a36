from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from milestones.models import EventKind
from reminders.models import EVENT_KINDS, EmailMode


def lead_label(days):
    if days == 0:
        return _("On the due date")
    return ngettext("%(days)d day before", "%(days)d days before", days) % {"days": days}


class ReminderPreferenceForm(forms.Form):
    enabled_leads = forms.TypedMultipleChoiceField(
        label=_("Remind me"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Overdue reminders and escalations to team leads and department heads cannot be turned off."),
    )

    email_mode = forms.ChoiceField(
        label=_("E-mail me what happens to my work"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        initial=EmailMode.DIGEST,
        required=False,
    )
    email_kinds = forms.MultipleChoiceField(
        label=_("By e-mail, of these kinds"),
        choices=[(kind, label) for kind, label in EVENT_KINDS if kind != EventKind.PROGRESS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The others show in the bell and on the notifications page only."),
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled_leads"].choices = [(days, lead_label(days)) for days in leads]
