from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from milestones import selectors, services
from milestones.models import Comment, Evidence, Milestone
from milestones.schedule import seoul_today


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue")), ("no", _("not overdue"))]

    def queryset(self, request, queryset):
        overdue = Milestone.objects.overdue(today=seoul_today()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class ScopedAdminMixin:
    """Object permissions from the selectors: an admin page shows and changes only what the pages would."""

    def visible(self, request):
        raise NotImplementedError

    def editable(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=self.visible(request).values("pk"))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.visible(request).filter(pk=obj.pk).exists())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.editable(request).filter(pk=obj.pk).exists())

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.editable(request).filter(pk=obj.pk).exists())

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # Choosing a record for a field (a parent step, an achievement's milestone) needs the right to change it.
            queryset = queryset.filter(pk__in=self.editable(request).values("pk"))
        return queryset, distinct

    def get_actions(self, request):
        # Bulk deletion would act on everything visible, not only on what the user may change.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class PlanOrderFormSet(forms.BaseInlineFormSet):
    """An inline of milestones in the plan's own order (1, 1.1, 1.1.1, 2, …)."""

    def get_queryset(self):
        return selectors.ordered_as_planned(super().get_queryset())


class ReadOnlyInline:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline, admin.TabularInline):
    model = Milestone
    fk_name = "parent"
    formset = PlanOrderFormSet
    extra = 0
    fields = ["key", "title", "date_text", "due_date", "status", "percent_complete"]
    show_change_link = True
    verbose_name = _("sub-step")
    verbose_name_plural = _("sub-steps")


class CommentInline(ReadOnlyInline, admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["created_at", "author", "kind", "text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class EvidenceInline(ReadOnlyInline, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["added_at", "added_by", "url", "file_name"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")


class MilestoneAdminForm(forms.ModelForm):
    """The plan fields of a milestone; saved only if nobody changed the milestone since the form was loaded."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        return data


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = MilestoneAdminForm
    list_display = [
        "title",
        "project",
        "date_text",
        "due_date",
        "date_precision",
        "is_tentative",
        "owner",
        "status",
        "percent_complete",
        "days_overdue_display",
    ]
    list_filter = [
        OverdueFilter,
        "status",
        "date_precision",
        "is_tentative",
        "project__plan",
        ("project__department", admin.RelatedOnlyFieldListFilter),
        ("project", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "date_text", "note", "owner__name", "project__title"]
    list_select_related = ["project", "owner"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["parent"]
    show_full_result_count = False
    inlines = [StepInline, CommentInline, EvidenceInline]
    fieldsets = [
        (None, {"fields": ["project", "parent", "key", "order", "title", "expected_version"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "date_text",
                    ("start_date", "due_date"),
                    "baseline_due_date",
                    ("date_precision", "is_tentative"),
                    "schedule",
                ]
            },
        ),
        (
            _("Progress"),
            {
                "fields": [
                    "owner",
                    "progress_page",
                    "status",
                    "percent_complete",
                    "completed_on",
                    "status_reason",
                    "note",
                    "version",
                ]
            },
        ),
    ]
    #: Status, progress and due date change only through the workflow (the milestone page).
    workflow_fields = [
        "status",
        "percent_complete",
        "completed_on",
        "due_date",
        "baseline_due_date",
        "status_reason",
        "version",
    ]

    def visible(self, request):
        return selectors.milestones_visible_to(request.user)

    def editable(self, request):
        return selectors.milestones_editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = ["schedule", "progress_page", *self.workflow_fields]
        if obj is None:
            fields.remove("due_date")
        return fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and selectors.can_add_to_projects(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = {
            "project": selectors.projects_editable_by,
            "owner": selectors.owners_assignable_by,
            "parent": selectors.milestones_editable_by,
        }
        if db_field.name in choices:
            kwargs["queryset"] = choices[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        model_fields = {f.name for f in Milestone._meta.fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in model_fields}
        try:
            services.milestone_edit(
                milestone=obj, by=request.user, version=form.cleaned_data["expected_version"], changes=changes
            )
        except services.EditConflict:
            self.message_user(request, _("Not saved: someone else changed this milestone meanwhile."), messages.ERROR)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("days overdue"))
    def days_overdue_display(self, milestone):
        return milestone.days_overdue(seoul_today()) or ""

    @admin.display(description=_("record progress"))
    def progress_page(self, milestone):
        if milestone.pk is None:
            return "-"
        return format_html('<a href="{}#update">{}</a>', milestone.get_absolute_url(), _("on the milestone page"))

    @admin.display(description=_("schedule"))
    def schedule(self, milestone):
        today = seoul_today()
        if milestone.pk is None or milestone.due_date is None:
            return "-"
        if milestone.is_overdue(today):
            return _("%(days)d days overdue") % {"days": milestone.days_overdue(today)}
        remaining = milestone.days_remaining(today)
        return "-" if remaining is None else _("%(days)d days left") % {"days": remaining}
