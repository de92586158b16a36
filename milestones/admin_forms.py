"""The milestone admin's forms: plan fields and a status change, each checked against the workflow and the
version the user saw; the bulk return's one comment."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.roles import actor_for
from milestones import selectors, workflow
from milestones.models import Milestone, Status


def project_label(project):
    """A project named with its plan: the same numbers recur in every year's plan and in the demo."""
    return f"{project.plan} · {project.number}. {project.title}"


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, project):
        return project_label(project)


class ProjectWithPlanFilter(admin.RelatedOnlyFieldListFilter):
    """The change list's project filter, with each project named with its plan."""

    def field_choices(self, field, request, model_admin):
        from projects.models import Project

        used = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        projects = Project.objects.filter(pk__in=used).select_related("plan")
        return [(p.pk, project_label(p)) for p in projects.order_by("plan__year", "plan__is_demo", "number")]


class MilestoneAdminForm(forms.ModelForm):
    """Plan fields and a move along the workflow, saved only if nobody changed the milestone since the form
    was loaded. ``user`` is set by the admin on a subclass made per request."""

    user = None

    expected_version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput, required=False)
    new_status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        help_text=_("The moves your role may make from the current status (the status workflow)."),
    )
    new_percent = forms.IntegerField(
        label=_("Percent complete"), required=False, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done_on = forms.DateField(
        label=_("Date done"),
        required=False,
        widget=admin.widgets.AdminDateWidget,
        help_text=_("When marking it done; today if empty."),
    )
    new_due_date = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=admin.widgets.AdminDateWidget,
        help_text=_("Only to move the due date (needed for a delay); the original date is kept."),
    )
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Needed to delay, cancel, return, reopen or move the due date."),
    )

    #: The fields that make a status change (``milestone_record_progress``), apart from the plan fields.
    WORKFLOW_FIELDS = ("new_status", "new_percent", "done_on", "new_due_date", "reason")

    class Meta:
        model = Milestone
        fields = [
            "project",
            "parent",
            "key",
            "order",
            "title",
            "date_text",
            "start_date",
            "due_date",
            "date_precision",
            "is_tentative",
            "owner",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        if "project" in self.fields:
            field = self.fields["project"]
            self.fields["project"] = ProjectChoiceField(
                queryset=field.queryset.select_related("plan").order_by("plan__year", "plan__is_demo", "number"),
                label=field.label,
                widget=field.widget,
                required=field.required,
            )
        if self.instance.pk is None:
            for name in self.WORKFLOW_FIELDS:
                self.fields.pop(name)
            return
        role = actor_for(self.user).role
        current = Status(self.instance.status)
        choices = [("", _("– keep “%(status)s” –") % {"status": current.label})]
        for target in workflow.targets_for(role, current):
            rule = workflow.transition(current, target)
            label = workflow.LABELS[rule.label] if target == current else target.label
            choices.append((target.value, f"{label}{' *' if rule.needs_reason else ''}"))
        self.fields["new_status"].choices = choices
        self.fields["new_percent"].initial = self.instance.percent_complete

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        seen = data.get("expected_version")
        current = Milestone.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if seen != current:
            changes, people, _when = selectors.changes_since(self.instance, seen)
            listed = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in changes) or "-"
            raise ValidationError(
                _(
                    "Not saved: %(people)s changed this milestone after you opened it (%(changes)s). "
                    "Reload the page to see the current values."
                ),
                params={"people": ", ".join(people) or _("someone"), "changes": listed},
                code="conflict",
            )
        if self.status_change() is not None:
            self._check_status_change(data)
        return data

    def _check_status_change(self, data):
        """What the form can tell before saving; the service checks it all again when it saves."""
        target = data["new_status"] or self.instance.status
        try:
            workflow.check_plan_open(self.instance)
            rule = workflow.check(actor_for(self.user).role, self.instance.status, target)
        except workflow.WorkflowError as exc:
            self.add_error("new_status", str(exc))
            return
        moved = data.get("new_due_date") is not None
        if rule.needs_new_due_date and not moved:
            self.add_error("new_due_date", _("A delay needs the new expected date."))
        if (rule.needs_reason or moved) and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for this change."))

    def status_change(self):
        """The arguments of ``milestone_record_progress`` when the form asks for a move or progress, else None."""
        data = self.cleaned_data
        asked = (
            data.get("new_status")
            or data.get("new_due_date")
            or data.get("done_on")
            or (data.get("new_percent") is not None and data["new_percent"] != self.instance.percent_complete)
            or (data.get("reason") or "").strip()
        )
        if not asked:
            return None
        return {
            "status": Status(data.get("new_status") or self.instance.status),
            "percent_complete": data.get("new_percent"),
            "completed_on": data.get("done_on"),
            "due_date": data.get("new_due_date"),
            "reason": data.get("reason") or "",
        }


class ReturnForm(forms.Form):
    """The one comment a bulk return gives every milestone it returns."""

    comment = forms.CharField(
        label=_("Comment (needed to return it)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=admin.widgets.AdminDateWidget,
        help_text=_("Needed for work returned after its due date; the original date is kept."),
    )
