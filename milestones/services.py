"""Writes to milestones. Every change goes through here: the workflow, the permissions,
the version check against lost updates, and the history record with its author.

A change is saved only if the milestone is still at the version the user saw: one conditional
``UPDATE ... WHERE version = <seen>`` claims the row (and holds its lock until the transaction
ends), then the full row is saved, which writes the history record field by field.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import actor_for
from milestones import workflow
from milestones.dates import DatePrecision
from milestones.models import Comment, Evidence, Milestone, Status
from milestones.selectors import can_edit, milestones_visible_to
from projects.models import EntryFigure, ProjectEntry


class EditConflict(Exception):
    """The milestone changed since the user loaded it; nothing was saved."""

    def __init__(self, milestone_pk, version):
        self.milestone_pk, self.version = milestone_pk, version
        super().__init__(f"milestone {milestone_pk} is no longer at version {version}")


class BulkRefused(Exception):
    """Some milestones refused a change asked of many; nothing was saved.

    ``refusals`` lists ``(milestone, reason)``, the reason a sentence for the user.
    """

    def __init__(self, refusals):
        self.refusals = refusals
        super().__init__("; ".join(f"{m.pk}: {reason}" for m, reason in refusals))

    def messages(self):
        """One sentence per refusal naming the milestone, then that nothing was saved."""
        return [refusal_message(milestone, reason) for milestone, reason in self.refusals] + [
            _("Nothing was saved: fix or unselect the milestones above.")
        ]


def refusal_message(milestone, reason):
    return _("Not saved: “%(milestone)s”: %(reason)s") % {"milestone": milestone, "reason": reason}


def refusal_reason(exc):
    """Why a change was refused, in a sentence for the user, from what the services raise."""
    if isinstance(exc, EditConflict):
        return _("someone else changed it meanwhile; reload and try again.")
    if isinstance(exc, PermissionDenied):
        return _("you may not change it.")
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


#: What the services refuse a change with; each has a reason for the user (``refusal_reason``).
REFUSALS = (EditConflict, PermissionDenied, ValidationError, workflow.WorkflowError)


@dataclass(frozen=True)
class Figure:
    label: str
    value: Decimal
    unit: str = ""


@dataclass(frozen=True)
class AchievementInput:
    text: str
    figures: list = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceInput:
    url: str = ""
    file: object = None


def _claim(milestone_pk, version):
    """Take the row at ``version`` for this transaction, or raise EditConflict."""
    if not Milestone.objects.filter(pk=milestone_pk, version=version).update(version=version + 1):
        raise EditConflict(milestone_pk, version)
    current = Milestone.objects.select_related("project__plan").get(pk=milestone_pk)
    workflow.check_plan_open(current)
    return current


def _save(milestone, *, by, action):
    milestone._history_user = by
    milestone._change_reason = action
    milestone.full_clean(exclude=["project", "parent", "owner"], validate_unique=False)
    milestone.save()


def milestone_record_progress(
    *,
    milestone,
    by,
    version,
    status,
    today,
    percent_complete=None,
    note=None,
    completed_on=None,
    due_date=None,
    reason="",
    achievement=None,
    evidence=None,
    now=None,
):
    """Record progress or move the milestone along the workflow; returns the saved milestone.

    Raises PermissionDenied (not the user's to change), WorkflowError (their role may not make
    this move, or the plan is closed), ValidationError (a missing reason, a date in the future, ...) or EditConflict.
    """
    if not can_edit(by, milestone):
        raise PermissionDenied
    role = actor_for(by).role
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        rule = workflow.check(role, current.status, status)
        errors = {}
        moved = due_date is not None and due_date != current.due_date
        if moved:
            if rule.target not in workflow.WORKING:
                errors["due_date"] = _("The due date can only move while the work is going on.")
            elif current.start_date and due_date < current.start_date:
                errors["due_date"] = _("The due date cannot be before the start (%(start)s).") % {
                    "start": current.start_date
                }
            elif due_date < today:
                errors["due_date"] = _("The new due date cannot be in the past.")
            if current.baseline_due_date is None:
                current.baseline_due_date = current.due_date
            current.due_date = due_date
            if current.date_precision in (DatePrecision.OPEN, DatePrecision.ONGOING):
                current.date_precision = DatePrecision.DAY
        if rule.needs_new_due_date and not moved:
            errors["due_date"] = _("A delay needs the new expected date.")
        if (rule.needs_reason or moved) and not reason:
            errors["reason"] = _("Give a reason for this change.")
        if percent_complete is not None:
            current.percent_complete = percent_complete
        if note is not None:
            current.note = note
        if rule.target == Status.DONE:
            current.completed_on = completed_on or today
            current.percent_complete = 100
            if current.completed_on > today:
                errors["completed_on"] = _("The date it was done cannot be in the future.")
        elif rule.target in workflow.WORKING:
            current.completed_on = None
        if reason:
            current.status_reason = reason
        elif rule.target != current.status:
            current.status_reason = ""
        if errors:
            raise ValidationError(errors)
        current.status = rule.target
        _save(current, by=by, action=rule.label)
        if achievement is not None and achievement.text.strip():
            _add_achievement(current, achievement, on=current.completed_on or today)
        if evidence is not None and (evidence.url or evidence.file):
            _add_evidence(current, evidence, by=by, now=now)
    return current


def milestones_move(*, milestones, by, status, today, reason="", versions=None):
    """Move every one of ``milestones`` to ``status`` (confirm, return, start) through the workflow, all or
    nothing: when one is refused, none is saved and BulkRefused lists every refusal.

    ``versions`` maps a milestone's id to the version the user saw; without it, the version read now.
    """
    versions = versions or {}
    moved, refusals = [], []
    with transaction.atomic():
        for milestone in milestones:
            try:
                moved.append(
                    milestone_record_progress(
                        milestone=milestone,
                        by=by,
                        version=versions.get(milestone.pk, milestone.version),
                        status=status,
                        today=today,
                        reason=reason,
                    )
                )
            except REFUSALS as exc:
                refusals.append((milestone, refusal_reason(exc)))
        if refusals:
            raise BulkRefused(refusals)
    return moved


def milestone_edit(*, milestone, by, version, changes):
    """Change plan fields (title, dates as written, owner, ...) from the admin, with the same version check."""
    if not can_edit(by, milestone):
        raise PermissionDenied
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        for name, value in changes.items():
            setattr(current, name, value)
        _save(current, by=by, action="edit")
    return current


def _add_achievement(milestone, achievement, *, on):
    project = milestone.project
    entries = ProjectEntry.objects.filter(project=project)
    prefix = f"m{milestone.pk}-"
    number = entries.filter(key__startswith=prefix).count() + 1
    order = (entries.filter(section=ProjectEntry.Section.ACHIEVEMENT).aggregate(m=Max("order"))["m"] or 0) + 1
    entry = ProjectEntry.objects.create(
        project=project,
        key=f"{prefix}{number}",
        section=ProjectEntry.Section.ACHIEVEMENT,
        order=order,
        text=achievement.text.strip(),
        start_date=on,
        end_date=on,
        date_precision=DatePrecision.DAY,
        milestone=milestone,
    )
    EntryFigure.objects.bulk_create(
        EntryFigure(entry=entry, order=i, label=f.label, value=f.value, unit=f.unit)
        for i, f in enumerate(achievement.figures, start=1)
    )
    return entry


def _add_evidence(milestone, evidence, *, by, now=None):
    item = Evidence(milestone=milestone, url=evidence.url or "", added_by=by, added_at=now or timezone.now())
    if evidence.file:
        item.file_name = evidence.file.name[:200]
        item.file.save(evidence.file.name, evidence.file, save=False)
    item.save()
    return item


def milestone_comment(*, milestone, by, text, kind=Comment.Kind.COMMENT, now=None):
    """Comment on a milestone one can see; asking for an update is for supervisors and managers."""
    if not milestones_visible_to(by).filter(pk=milestone.pk).exists():
        raise PermissionDenied
    if kind == Comment.Kind.REQUEST and actor_for(by).role not in workflow.REQUESTERS:
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    return Comment.objects.create(
        milestone=milestone, author=by, kind=kind, text=text, created_at=now or timezone.now()
    )
