from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.roles import actor_for
from milestones import workflow
from milestones.models import Comment, Status
from milestones.schedule import QUERY_YEARS_AROUND, query_window, seoul_today
from milestones.services import AchievementInput, EvidenceInput, Figure
from milestones.submissions import new_key

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


class IdempotencyKeyField(forms.CharField):
    """The key a form is sent with, new each time the form is shown (see ``milestones.submissions``)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, widget=forms.HiddenInput, initial=new_key, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class QueryDateField(forms.DateField):
    """A date a page is asked about (a reference date, a filter): within ``QUERY_YEARS_AROUND`` years of today."""

    def validate(self, value):
        super().validate(value)
        first, last = query_window()
        if value is not None and not first <= value <= last:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s.") % {"first": first, "last": last}, code="window"
            )


class QueryYearField(forms.IntegerField):
    """A plan year a page is asked about: within ``QUERY_YEARS_AROUND`` years of today."""

    def validate(self, value):
        super().validate(value)
        year = seoul_today().year
        if value is not None and abs(value - year) > QUERY_YEARS_AROUND:
            raise ValidationError(
                _("Enter a year between %(first)s and %(last)s.")
                % {"first": year - QUERY_YEARS_AROUND, "last": year + QUERY_YEARS_AROUND},
                code="window",
            )


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
    idempotency_key = IdempotencyKeyField()
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
        if role not in workflow.DATE_SETTERS:
            self.fields["due_date"].label = _("Propose a new due date")
            self.fields["due_date"].help_text = _(
                "A team lead or the department head approves it; until then the current due date stands."
            )
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
            "idempotency_key": data.get("idempotency_key") or None,
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=Comment.MAX_LENGTH,
        help_text=_("Name someone with @ and their name or login, e.g. @김연숙: they are told."),
    )
    kind = forms.ChoiceField(choices=Comment.Kind.choices, required=False)
    idempotency_key = IdempotencyKeyField()

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Comment.Kind.COMMENT


class AsOfForm(forms.Form):
    as_of = QueryDateField(label=_("Show as it was on"), required=False, widget=DateInput())


class ParentQueryForm(forms.Form):
    """The milestone a new sub-step goes under (``?parent=<id>``)."""

    parent = forms.IntegerField(label=_("parent"), required=False, min_value=1, max_value=2**63 - 1)


class WorkYearForm(forms.Form):
    """The plan year /my/ shows."""

    year = QueryYearField(label=_("Plan year"), required=False)


class ReviewBulkForm(forms.Form):
    """Confirm or return, with one comment, the milestones ticked in /my/'s "awaiting confirmation" group."""

    action = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("return", _("Return with comment"))])
    milestones = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": _("Tick the milestones first.")}
    )
    comment = forms.CharField(label=_("Comment (needed to return it)"), required=False, max_length=4000)
    due_date = forms.DateField(label=_("New due date"), required=False)

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


class ProposalForm(forms.Form):
    """Staff: ask for a new due date."""

    due_date = forms.DateField(label=_("Proposed due date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DecisionForm(forms.Form):
    """A team lead or head: approve or reject a proposed date (a rejection needs a comment)."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(
        label=_("Comment on the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Needed to reject."),
    )


class MilestoneForm(forms.Form):
    """Add or edit a milestone's plan fields on the site (team leads, department heads)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Needed when the due date moves; the original date is kept."),
    )

    def __init__(self, *args, owners, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.select_related("team", "department").order_by("team__order", "name")
        self.fields["owner"].label_from_instance = lambda staff: f"{staff.name} · {staff.team or staff.department}"
        if milestone is None:
            del self.fields["reason"], self.fields["version"]
        else:
            self.fields["version"].initial = milestone.version
            for name in ("title", "start_date", "due_date", "owner"):
                self.fields[name].initial = getattr(milestone, name)

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and start > due:
            self.add_error("due_date", _("The due date cannot be before the start."))
        return data

    def changes(self, milestone):
        """The plan fields that differ from the milestone's, for ``services.milestone_edit``."""
        data = self.cleaned_data
        names = ("title", "start_date", "due_date", "owner")
        return {name: data[name] for name in names if data[name] != getattr(milestone, name)}


class CommentEditForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=Comment.MAX_LENGTH
    )
