from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A plan workbook (.xlsx), or a YAML or JSON plan file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml,.json"}),
    )
    force = forms.BooleanField(
        label=_("Take the file's values over edits made in the application"),
        required=False,
        help_text=_("Without it, a plan field edited in the application since the last load is kept."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > settings.PLAN_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s MB."),
                params={"limit": f"{settings.PLAN_FILE_MAX_BYTES / 1_000_000:g}"},
            )
        return file
