"""Status changes in the milestone admin, through the same services as the pages: one milestone from its
change form, many from the change list (confirm, return with one comment, mark started), all or nothing.

A refused save is shown as refused: an error naming the milestone and the reason, nothing in the admin log,
no "changed successfully".
"""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from milestones import services
from milestones.admin_forms import ReturnForm
from milestones.models import Milestone, Status
from milestones.schedule import seoul_today

#: Set on the request when the change form's save was refused, so that nothing logs or reports success.
REFUSED = "_milestone_save_refused"


class MilestoneWorkflowAdminMixin:
    actions = ["confirm_selected", "return_selected", "start_selected"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        model_fields = {f.name for f in Milestone._meta.fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in model_fields}
        moved = form.status_change()
        version = form.cleaned_data["expected_version"]
        try:
            with transaction.atomic():
                if changes:
                    edited = services.milestone_edit(milestone=obj, by=request.user, version=version, changes=changes)
                    version = edited.version
                if moved is not None:
                    services.milestone_record_progress(
                        milestone=obj, by=request.user, version=version, today=seoul_today(), **moved
                    )
        except services.REFUSALS as exc:
            setattr(request, REFUSED, True)
            named = Milestone.objects.filter(pk=obj.pk).first() or obj  # by its saved title, not the one refused
            self.message_user(request, services.refusal_message(named, services.refusal_reason(exc)), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, REFUSED, False):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, REFUSED, False):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not getattr(request, REFUSED, False):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def _move(self, request, queryset, status, done, reason="", due_date=None):
        milestones = list(queryset.select_related("project__plan").order_by("project", "order", "pk"))
        try:
            moved = services.milestones_move(
                milestones=milestones,
                by=request.user,
                status=status,
                today=seoul_today(),
                reason=reason,
                due_date=due_date,
            )
        except services.BulkRefused as refused:
            for message in refused.messages():
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(request, done(len(moved)) % {"count": len(moved)}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Confirm selected milestones (done ones only)"))
    def confirm_selected(self, request, queryset):
        self._move(
            request,
            queryset,
            Status.CONFIRMED,
            lambda n: ngettext("%(count)d milestone confirmed.", "%(count)d milestones confirmed.", n),
        )

    @admin.action(description=gettext_lazy("Mark selected milestones started"))
    def start_selected(self, request, queryset):
        self._move(
            request,
            queryset,
            Status.IN_PROGRESS,
            lambda n: ngettext("%(count)d milestone started.", "%(count)d milestones started.", n),
        )

    @admin.action(description=gettext_lazy("Return selected milestones with one comment"))
    def return_selected(self, request, queryset):
        form = ReturnForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            self._move(
                request,
                queryset,
                Status.RETURNED,
                lambda n: ngettext("%(count)d milestone returned.", "%(count)d milestones returned.", n),
                reason=form.cleaned_data["comment"],
                due_date=form.cleaned_data["due_date"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return with comment"),
            "opts": self.model._meta,
            "queryset": queryset.select_related("project"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/milestones/milestone/return_selected.html", context)
