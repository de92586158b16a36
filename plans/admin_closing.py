"""Closing and reopening plans in the admin: a bulk action and a button on the plan's page, both thin over
``plans.services``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.admin_history import register_change_reasons
from plans import services

register_change_reasons({"close_plan": gettext_lazy("plan closed"), "reopen_plan": gettext_lazy("plan reopened")})


class PlanClosingAdminMixin:
    def get_urls(self):
        opts = self.model._meta
        own = [
            path(
                "<path:object_id>/close/",
                self.admin_site.admin_view(require_POST(self.close_view)),
                name=f"{opts.app_label}_{opts.model_name}_close",
            ),
            path(
                "<path:object_id>/reopen/",
                self.admin_site.admin_view(require_POST(self.reopen_view)),
                name=f"{opts.app_label}_{opts.model_name}_reopen",
            ),
        ]
        return own + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if services.can_close(request.user):
            for name in ("close_plans", "reopen_plans"):
                actions[name] = self.get_action(name)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and services.can_close(request.user):
            action = "reopen" if obj.is_closed else "close"
            opts = self.model._meta
            context["plan_closing"] = {
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk]),
                "label": _("Reopen this plan") if obj.is_closed else _("Close this plan"),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _apply(self, request, plans, service, done_message):
        changed = 0
        for plan in plans:
            try:
                service(plan=plan, request=request)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                changed += 1
                self.message_user(request, done_message % {"plan": plan}, messages.SUCCESS)
        return changed

    @staticmethod
    def _close(*, plan, request):
        services.plan_close(plan=plan, by=request.user, now=timezone.now())

    @staticmethod
    def _reopen(*, plan, request):
        services.plan_reopen(plan=plan, by=request.user)

    @admin.action(description=gettext_lazy("Close selected plans (no more reminders, read-only)"))
    def close_plans(self, request, queryset):
        self._apply(request, queryset, self._close, _("The plan “%(plan)s” is closed."))

    @admin.action(description=gettext_lazy("Reopen selected plans"))
    def reopen_plans(self, request, queryset):
        self._apply(request, queryset, self._reopen, _("The plan “%(plan)s” is open again."))

    def _one(self, request, object_id, service, done_message):
        plan = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (self.has_change_permission(request, plan) and services.can_close(request.user)):
            raise PermissionDenied
        self._apply(request, [plan], service, done_message)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[plan.pk]))

    def close_view(self, request, object_id):
        return self._one(request, object_id, self._close, _("The plan “%(plan)s” is closed."))

    def reopen_view(self, request, object_id):
        return self._one(request, object_id, self._reopen, _("The plan “%(plan)s” is open again."))
