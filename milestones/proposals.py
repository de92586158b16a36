"""Writes for date changes that need approval: the officer in charge proposes, a team lead or head decides.

Only an approval moves ``Milestone.due_date``; until then the approved date rules overdue, reminders, the
dashboard and exports. Team leads, department heads and admins (``workflow.DATE_SETTERS``) move dates
directly through the workflow (``services.milestone_record_progress``) or the plan editor; that is recorded
too. Every proposal and decision stays as a row of its own, with an event.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import actor_for
from milestones import services, workflow
from milestones.events import event_record
from milestones.models import DateProposal, EventKind, Milestone
from milestones.selectors import can_edit


class AlreadyDecided(Exception):
    """Someone decided on the proposal (or replaced it) first; nothing was saved."""


def _person(user):
    return {"id": user.pk, "name": str(user)}


def record_proposal(milestone, *, by, due_date, reason, now=None):
    """Write a pending proposal, replacing the milestone's pending one, and its event.

    The caller holds the milestone's row in its transaction and has validated the date.
    """
    now = now or timezone.now()
    pending = DateProposal.objects.filter(milestone=milestone, state=DateProposal.State.PENDING)
    pending.update(state=DateProposal.State.SUPERSEDED, decided_at=now)
    proposal = DateProposal.objects.create(
        milestone=milestone,
        due_date=due_date,
        current_due_date=milestone.due_date,
        reason=reason,
        proposed_by=by,
        proposed_at=now,
    )
    event_record(
        kind=EventKind.DATE_PROPOSED,
        milestone=milestone,
        actor=by,
        data={"proposal": proposal.pk, "due_date": {"from": milestone.due_date, "to": due_date}, "reason": reason},
        now=now,
    )
    return proposal


def date_proposal_create(*, milestone, by, due_date, reason, today, now=None):
    """Propose a new due date for a milestone one may change; the approved date stays until a decision."""
    if not can_edit(by, milestone):
        raise PermissionDenied
    if actor_for(by).role in workflow.DATE_SETTERS:
        raise workflow.WorkflowError(_("Your date changes apply directly: set the new due date instead."))
    reason = (reason or "").strip()
    with transaction.atomic():
        current = Milestone.objects.select_for_update().select_related("project__plan").get(pk=milestone.pk)
        workflow.check_plan_open(current)
        errors = {}
        if current.status not in workflow.WORKING:
            errors["due_date"] = _("The due date can only move while the work is going on.")
        elif due_date == current.due_date:
            errors["due_date"] = _("This is already the due date.")
        else:
            errors.update(services.due_date_errors(current, due_date, today=today))
        if not reason:
            errors["reason"] = _("Give a reason for this change.")
        if errors:
            raise ValidationError(errors)
        return record_proposal(current, by=by, due_date=due_date, reason=reason, now=now)


def date_proposal_decide(*, proposal, by, approve, comment="", now=None):
    """Approve (the milestone's due date moves; the first date is kept as the original) or reject with a comment.

    Raises PermissionDenied (not a team lead or head of the milestone), ValidationError (a rejection without a
    comment, or a milestone no longer in work) or AlreadyDecided.
    """
    milestone = proposal.milestone
    if actor_for(by).role not in workflow.DATE_SETTERS or not can_edit(by, milestone):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the new date is rejected.")})
    now = now or timezone.now()
    state = DateProposal.State.APPROVED if approve else DateProposal.State.REJECTED
    with transaction.atomic():
        current = Milestone.objects.select_for_update().select_related("project__plan").get(pk=milestone.pk)
        workflow.check_plan_open(current)
        claimed = DateProposal.objects.filter(pk=proposal.pk, state=DateProposal.State.PENDING).update(
            state=state, decided_by=by, decided_at=now, decision_comment=comment
        )
        if not claimed:
            raise AlreadyDecided
        before = current.due_date
        if approve:
            if current.status not in workflow.WORKING:
                raise ValidationError({"due_date": _("The due date can only move while the work is going on.")})
            services._move_due_date(current, proposal.due_date)
            current.status_reason = proposal.reason
            current.version += 1
            services._save(current, by=by, action="approve")
        data = {
            "proposal": proposal.pk,
            "proposed_by": _person(proposal.proposed_by),
            "due_date": {"from": before, "to": proposal.due_date},
        }
        if comment:
            data["comment"] = comment
        kind = EventKind.DATE_APPROVED if approve else EventKind.DATE_REJECTED
        event_record(kind=kind, milestone=current, actor=by, data=data, now=now)
    proposal.refresh_from_db()
    return proposal
