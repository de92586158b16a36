"""Writes to plans: closing a year's plan and opening it again, each kept in the plan's history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role, actor_for
from plans.models import AnnualPlan


def can_close(user):
    """Closing and reopening a plan is for administrators."""
    return actor_for(user).role == Role.ADMIN


def _claim(plan_pk, *, closed):
    """The plan, locked for this transaction, if it is (not) closed; else a ValidationError naming it."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan_pk)
    if plan.is_closed != closed:
        message = _("The plan “%(plan)s” is already closed.") if plan.is_closed else _("The plan “%(plan)s” is open.")
        raise ValidationError(message % {"plan": plan})
    return plan


def _save(plan, *, by, reason):
    plan._history_user = by
    plan._change_reason = reason
    plan.save(update_fields=["closed_at", "closed_by"])
    return plan


def plan_close(*, plan, by, now):
    """Close a plan: its milestones remind nobody and refuse changes; it stays in every review."""
    if not can_close(by):
        raise PermissionDenied
    with transaction.atomic():
        current = _claim(plan.pk, closed=False)
        current.closed_at, current.closed_by = now, by
        return _save(current, by=by, reason="close_plan")


def plan_reopen(*, plan, by):
    """Open a closed plan again: reminders resume with the next run."""
    if not can_close(by):
        raise PermissionDenied
    with transaction.atomic():
        current = _claim(plan.pk, closed=True)
        current.closed_at, current.closed_by = None, None
        return _save(current, by=by, reason="reopen_plan")
