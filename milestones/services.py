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
from milestones.events import event_record
from milestones.models import Comment, EventKind, Evidence, Milestone, Status
from milestones.selectors import can_edit, milestones_visible_to
from projects.models import EntryFigure, ProjectEntry


class EditConflict(Exception):
    """The milestone changed since the user loaded it; nothing was saved."""

    def __init__(self, milestone_pk, version):
        self.milestone_pk, self.version = milestone_pk, version
        super().__init__(f"milestone {milestone_pk} is no longer at version {version}")


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
    return Milestone.objects.select_related("project").get(pk=milestone_pk)


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
    this move), ValidationError (a missing reason, a date in the future, ...) or EditConflict.
    """
    if not can_edit(by, milestone):
        raise PermissionDenied
    role = actor_for(by).role
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        before_status, before_due = current.status, current.due_date
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
        data = {"from": before_status, "to": current.status, "percent": current.percent_complete}
        if reason:
            data["reason"] = reason
        if moved:
            data["due_date"] = {"from": before_due, "to": current.due_date}
        kind = EventKind.DUE_DATE_CHANGED if moved and rule.label == "progress" else rule.label
        event_record(kind=kind, milestone=current, actor=by, data=data, now=now)
        if achievement is not None and achievement.text.strip():
            _add_achievement(current, achievement, on=current.completed_on or today)
        if evidence is not None and (evidence.url or evidence.file):
            _add_evidence(current, evidence, by=by, now=now)
    return current


def _edit_kind(changed):
    if "owner" in changed:
        return EventKind.ASSIGNED
    if "due_date" in changed:
        return EventKind.DUE_DATE_CHANGED
    return EventKind.EDITED


def milestone_edit(*, milestone, by, version, changes, now=None):
    """Change plan fields (title, dates as written, owner, ...) from the admin, with the same version check."""
    if not can_edit(by, milestone):
        raise PermissionDenied
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        changed = {}
        for name, value in changes.items():
            old = getattr(current, name)
            if old != value:
                changed[name] = {"from": _event_value(old), "to": _event_value(value)}
            setattr(current, name, value)
        _save(current, by=by, action="edit")
        if changed:
            event_record(kind=_edit_kind(changed), milestone=current, actor=by, data={"fields": changed}, now=now)
    return current


def _event_value(value):
    """Related records are kept in events by primary key and name, so a feed reads without joins."""
    if hasattr(value, "pk"):
        return {"id": value.pk, "name": str(value)}
    return value


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
    with transaction.atomic():
        comment = Comment.objects.create(
            milestone=milestone, author=by, kind=kind, text=text, created_at=now or timezone.now()
        )
        kind = EventKind.UPDATE_REQUESTED if kind == Comment.Kind.REQUEST else EventKind.COMMENTED
        event_record(kind=kind, milestone=milestone, actor=by, comment=comment, now=comment.created_at)
    return comment
