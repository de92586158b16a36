from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.roles import actor_for
from milestones import workflow
from milestones.models import Comment, Status
from milestones.services import AchievementInput, EvidenceInput, Figure

FIGURE_ROWS = 3
EVIDENCE_EXTENSIONS = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".hwp",
    ".hwpx",
    ".docx",
    ".xlsx",
    ".pptx",
    ".txt",
    ".csv",
)
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_evidence_file(upload):
    if PurePath(upload.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            _("Files of this kind are not accepted; use one of: %(kinds)s.") % {"kinds": " ".join(EVIDENCE_EXTENSIONS)}
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class ProgressForm(forms.Form):
    """Record progress or move along the workflow; the statuses offered are those the user's role allows."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"))
    percent_complete = forms.IntegerField(
        label=_("Percent complete"), required=False, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = forms.DateField(
        label=_("Date done"), required=False, widget=DateInput(), help_text=_("When marking it done; today if empty.")
    )
    due_date = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=DateInput(),
        help_text=_("Only to move the due date (needed for a delay); the original date is kept."),
    )
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to delay, cancel, return, reopen or move the due date."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    achievement = forms.CharField(
        label=_("Achievement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was achieved, as it would read in the report; figures below."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https", max_length=500)
    evidence_file = forms.FileField(label=_("Evidence file"), required=False, validators=[validate_evidence_file])

    def __init__(self, *args, milestone, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        role = actor_for(user).role
        self.fields["status"].choices = [(s.value, s.label) for s in workflow.targets_for(role, milestone.status)]
        self.fields["status"].initial = milestone.status
        self.fields["version"].initial = milestone.version
        self.fields["percent_complete"].initial = milestone.percent_complete
        self.fields["note"].initial = milestone.note
        for i in range(1, FIGURE_ROWS + 1):
            self.fields[f"figure_{i}_label"] = forms.CharField(label=_("Figure"), required=False, max_length=150)
            self.fields[f"figure_{i}_value"] = forms.DecimalField(
                label=_("Value"), required=False, max_digits=18, decimal_places=2
            )
            self.fields[f"figure_{i}_unit"] = forms.CharField(label=_("Unit"), required=False, max_length=20)

    @property
    def figure_rows(self):
        return [
            (self[f"figure_{i}_label"], self[f"figure_{i}_value"], self[f"figure_{i}_unit"])
            for i in range(1, FIGURE_ROWS + 1)
        ]

    @property
    def can_record_progress(self):
        return any(value == self.milestone.status for value, _label in self.fields["status"].choices)

    def clean(self):
        data = super().clean()
        figures = []
        for i in range(1, FIGURE_ROWS + 1):
            label, value = data.get(f"figure_{i}_label"), data.get(f"figure_{i}_value")
            if label and value is None:
                self.add_error(f"figure_{i}_value", _("A figure needs its value."))
            elif value is not None and not label:
                self.add_error(f"figure_{i}_label", _("A figure needs its label."))
            elif label:
                figures.append(Figure(label, value, data.get(f"figure_{i}_unit") or ""))
        if figures and not data.get("achievement"):
            self.add_error("achievement", _("Figures belong to an achievement: describe it."))
        data["figures"] = figures
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "version": data["version"],
            "status": Status(data["status"]),
            "percent_complete": data.get("percent_complete"),
            "note": data.get("note") if "note" in self.data else None,
            "completed_on": data.get("completed_on"),
            "due_date": data.get("due_date"),
            "reason": data.get("reason", ""),
            "achievement": AchievementInput(data["achievement"], data["figures"]) if data.get("achievement") else None,
            "evidence": EvidenceInput(data.get("evidence_url") or "", data.get("evidence_file")),
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    kind = forms.ChoiceField(choices=Comment.Kind.choices, required=False)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Comment.Kind.COMMENT


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("Show as it was on"), required=False, widget=DateInput())


class ReviewBulkForm(forms.Form):
    """Confirm or return, with one comment, the milestones ticked in /my/'s "awaiting confirmation" group."""

    action = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("return", _("Return with comment"))])
    milestones = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": _("Tick the milestones first.")}
    )
    comment = forms.CharField(label=_("Comment (needed to return it)"), required=False, max_length=4000)

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestones"].queryset = milestones

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Give a reason for this change."))
        return data

    @property
    def status(self):
        return Status.CONFIRMED if self.cleaned_data["action"] == "confirm" else Status.RETURNED

    def versions(self):
        """The version of each ticked milestone as the page showed it (``version-<id>``)."""
        seen = {}
        for milestone in self.cleaned_data["milestones"]:
            value = self.data.get(f"version-{milestone.pk}", "")
            seen[milestone.pk] = int(value) if value.isdigit() else 0
        return seen
