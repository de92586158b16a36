"""Writes to plans: closing a year's plan and opening it again, each kept in the plan's history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role, actor_for
from plans.models import AnnualPlan


def can_close(user):
    """Closing and reopening a plan is for administrators."""
    return actor_for(user).role == Role.ADMIN


def _set_closed(plan, *, by, closed_at, reason):
    """Close (``closed_at`` a moment) or reopen (``None``) the plan, locked for this transaction; a
    ValidationError naming it when it already is so."""
    if not can_close(by):
        raise PermissionDenied
    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if current.is_closed == (closed_at is not None):
            message = (
                _("The plan “%(plan)s” is already closed.") if current.is_closed else _("The plan “%(plan)s” is open.")
            )
            raise ValidationError(message % {"plan": current})
        current.closed_at, current.closed_by = closed_at, (by if closed_at else None)
        current._history_user = by
        current._change_reason = reason
        current.save(update_fields=["closed_at", "closed_by"])
        return current


def plan_close(*, plan, by, now):
    """Close a plan: its milestones remind nobody and refuse changes; it stays in every review."""
    return _set_closed(plan, by=by, closed_at=now, reason="close_plan")


def plan_reopen(*, plan, by):
    """Open a closed plan again: reminders resume with the next run."""
    return _set_closed(plan, by=by, closed_at=None, reason="reopen_plan")
