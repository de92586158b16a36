"""Writes to milestones. Every change goes through here: the workflow, the permissions,
the version check against lost updates, and the history record with its author.

A change is saved only if the milestone is still at the version the user saw: one conditional
``UPDATE ... WHERE version = <seen>`` claims the row (and holds its lock until the transaction
ends), then the full row is saved, which writes the history record field by field.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import actor_for
from milestones import proposals, workflow
from milestones.dates import DatePrecision
from milestones.events import event_record
from milestones.mentions import mentioned_staff
from milestones.models import Comment, EventKind, Evidence, Milestone, Status
from milestones.selectors import (
    can_edit,
    milestones_managed_by,
    milestones_visible_to,
    owners_assignable_by,
    projects_managed_by,
)
from milestones.submissions import submission_once
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
    idempotency_key=None,
):
    """Record progress or move the milestone along the workflow; returns the saved milestone.

    Raises PermissionDenied (not the user's to change), WorkflowError (their role may not make
    this move, or the plan is closed), ValidationError (a missing reason, a date in the future, a mention of
    someone who may not see it, ...), EditConflict, or AlreadySubmitted (this form made its change before).
    """
    if not can_edit(by, milestone):
        raise PermissionDenied
    role = actor_for(by).role
    reason = (reason or "").strip()
    mentions = mentioned_staff(milestone=milestone, text=reason, field="reason")
    with transaction.atomic():
        submission_once(by=by, key=idempotency_key, now=now or timezone.now())
        current = _claim(milestone.pk, version)
        before_status, before_due = current.status, current.due_date
        rule = workflow.check(role, current.status, status)
        errors = {}
        moved = due_date is not None and due_date != current.due_date
        # Staff ask for a new date; it applies when a team lead or head approves it (milestones.proposals).
        proposed = moved and role not in workflow.DATE_SETTERS
        if moved:
            if rule.target not in workflow.WORKING:
                errors["due_date"] = _("The due date can only move while the work is going on.")
            else:
                errors.update(due_date_errors(current, due_date, today=today))
            if not proposed:
                _move_due_date(current, due_date)
        if rule.needs_new_due_date and not moved:
            errors["due_date"] = _("A delay needs the new expected date.")
        if rule.label == "return" and not moved and current.due_date is not None and current.due_date < today:
            # Work returned after its due date would be overdue the moment it is returned.
            errors["due_date"] = _("The due date has passed: give the returned work a new due date.")
        if (rule.needs_reason or moved) and not reason:
            errors["reason"] = _("Give a reason for this change.")
        if rule.label == "return" and percent_complete is None:
            percent_complete = _percent_before_done(current)
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
        if moved and not proposed:
            data["due_date"] = {"from": before_due, "to": current.due_date}
        if mentions:
            data["mentions"] = [person.pk for person in mentions]
        kind = EventKind.DUE_DATE_CHANGED if moved and not proposed and rule.label == "progress" else rule.label
        event_record(kind=kind, milestone=current, actor=by, data=data, now=now)
        if proposed:
            proposals.record_proposal(current, by=by, due_date=due_date, reason=reason, now=now)
        if achievement is not None and achievement.text.strip():
            _add_achievement(current, achievement, on=current.completed_on or today)
        if evidence is not None and (evidence.url or evidence.file):
            _add_evidence(current, evidence, by=by, now=now)
    return current


def milestones_move(*, milestones, by, status, today, reason="", versions=None, due_date=None):
    """Move every one of ``milestones`` to ``status`` (confirm, return, start) through the workflow, all or
    nothing: when one is refused, none is saved and BulkRefused lists every refusal.

    ``versions`` maps a milestone's id to the version the user saw; without it, the version read now.
    ``due_date``, when given, is the new due date of every one (returned work past its date needs one).
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
                        due_date=due_date,
                    )
                )
            except REFUSALS as exc:
                refusals.append((milestone, refusal_reason(exc)))
        if refusals:
            raise BulkRefused(refusals)
    return moved


def due_date_errors(milestone, due_date, *, today):
    """Why ``due_date`` cannot be the milestone's new due date, by field; empty when it can."""
    outside = milestone.date_window_errors(due_date=due_date)
    if outside:
        return outside
    if milestone.start_date and due_date < milestone.start_date:
        message = _("The due date cannot be before the start (%(start)s).") % {"start": milestone.start_date}
        return {"due_date": message}
    if due_date < today:
        return {"due_date": _("The new due date cannot be in the past.")}
    return {}


def _move_due_date(milestone, due_date):
    """Set an approved new due date, keeping the first one as the original."""
    if milestone.baseline_due_date is None:
        milestone.baseline_due_date = milestone.due_date
    milestone.due_date = due_date
    if milestone.date_precision in (DatePrecision.OPEN, DatePrecision.ONGOING):
        milestone.date_precision = DatePrecision.DAY


def _percent_before_done(milestone):
    """The percent the milestone had before it was last marked done (from its history), for a return."""
    before = milestone.history.exclude(status=Status.DONE).order_by("-history_id")
    return before.values_list("percent_complete", flat=True).first() or 0


def _edit_kind(changed):
    if "owner" in changed:
        return EventKind.ASSIGNED
    if "due_date" in changed:
        return EventKind.DUE_DATE_CHANGED
    return EventKind.EDITED


def milestone_edit(*, milestone, by, version, changes, reason="", today=None, now=None):
    """Change plan fields (title, dates, owner, ...) with the same version check, from the site or the admin.

    A new due date needs a reason and applies only for a team lead, head or admin; staff propose one instead
    (``milestones.proposals``). A new owner must be someone the user may assign (``owners_assignable_by``).
    """
    if not can_edit(by, milestone):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        changed, errors = {}, {}
        for name, value in changes.items():
            old = getattr(current, name)
            if old != value:
                changed[name] = {"from": _event_value(old), "to": _event_value(value)}
            if name == "due_date" and old != value:
                if actor_for(by).role not in workflow.DATE_SETTERS:
                    raise PermissionDenied
                if value is not None and today is not None:
                    errors.update(due_date_errors(current, value, today=today))
                if not reason:
                    errors["reason"] = _("Give a reason for this change.")
                _move_due_date(current, value)
                continue
            if name == "owner" and old != value and not _assignable(by, value):
                errors["owner"] = _("%(name)s cannot be made the owner of this milestone.") % {"name": value}
            setattr(current, name, value)
        if errors:
            raise ValidationError(errors)
        if "due_date" in changed:
            current.status_reason = reason
        _save(current, by=by, action="edit")
        if changed:
            data = {"fields": changed, **({"reason": reason} if reason else {})}
            event_record(kind=_edit_kind(changed), milestone=current, actor=by, data=data, now=now)
    return current


def _assignable(by, owner):
    return owner is None or owners_assignable_by(by).filter(pk=owner.pk).exists()


def _next_key(project, parent):
    """The next free key among a project's milestones (3 after 2) or a step's sub-steps (2.3 after 2.2)."""
    prefix = f"{parent.key}." if parent else ""
    keys = Milestone.objects.filter(project=project, parent=parent).values_list("key", flat=True)
    numbers = [int(key[len(prefix) :]) for key in keys if key.startswith(prefix) and key[len(prefix) :].isdigit()]
    number = max(numbers, default=0) + 1
    while Milestone.objects.filter(project=project, key=f"{prefix}{number}").exists():
        number += 1
    return f"{prefix}{number}"


def milestone_create(*, project, by, title, start_date=None, due_date=None, owner=None, parent=None, now=None):
    """Add a milestone (or, with ``parent``, a sub-step) to a project of the user's department.

    For team leads, department heads and admins (``selectors.projects_managed_by``); keys and order follow
    the plan's (the next number, after the last step).
    """
    if not projects_managed_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied
    workflow.check_project_open(project)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the milestone a title.")
    if parent is not None and parent.project_id != project.pk:
        errors["parent"] = _("A sub-step belongs to a step of the same project.")
    if not _assignable(by, owner):
        errors["owner"] = _("%(name)s cannot be made the owner of this milestone.") % {"name": owner}
    if errors:
        raise ValidationError(errors)
    precision = DatePrecision.DAY if due_date else DatePrecision.OPEN if start_date else DatePrecision.ONGOING
    with transaction.atomic():
        type(project).objects.select_for_update().filter(pk=project.pk).first()  # one new key at a time
        order = Milestone.objects.filter(project=project).aggregate(m=Max("order"))["m"] or 0
        milestone = Milestone(
            project=project,
            parent=parent,
            key=_next_key(project, parent),
            order=order + 1,
            title=title,
            start_date=start_date,
            due_date=due_date,
            date_precision=precision,
            owner=owner,
        )
        _save(milestone, by=by, action="create")
        event_record(
            kind=EventKind.CREATED,
            milestone=milestone,
            actor=by,
            data={"key": milestone.key, "due_date": due_date, "owner": _event_value(owner)},
            now=now,
        )
    return milestone


def _recorded_since_creation(milestone):
    """What was recorded on a milestone after it was added, as words for the user; empty if nothing."""
    checks = (
        (milestone.history.count() > 1, _("changes in its history")),
        (milestone.events.exclude(kind=EventKind.CREATED).exists(), _("recorded events")),
        (milestone.comments.exists(), _("comments")),
        (milestone.evidence.exists(), _("evidence")),
        (milestone.achievements.exists(), _("achievements")),
        (milestone.proposals.exists(), _("date proposals")),
        (milestone.children.exists(), _("sub-steps")),
    )
    return [str(words) for found, words in checks if found]


def milestone_delete(*, milestone, by, version):
    """Delete a milestone added by mistake: one with nothing recorded on it since it was added.

    The deletion is kept in its history (django-simple-history), with who and when.
    """
    if not milestones_managed_by(by).filter(pk=milestone.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        current = _claim(milestone.pk, version)
        recorded = _recorded_since_creation(current)
        if recorded:
            raise ValidationError(
                _("Only a milestone with nothing recorded since it was added can be deleted; this one has %(what)s.")
                % {"what": ", ".join(recorded)}
            )
        current._history_user = by
        current._change_reason = "delete"
        current.delete()


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


#: A second request for an update within this time is refused: the first has not been answered yet.
UPDATE_REQUEST_WINDOW = datetime.timedelta(minutes=10)


def _recent_request(milestone, *, now):
    """The update request made within the window before ``now``, if any; the milestone's row is locked
    first, so that two requests at once are decided one after the other."""
    Milestone.objects.select_for_update().filter(pk=milestone.pk).values_list("pk").first()
    since = now - UPDATE_REQUEST_WINDOW
    requests = milestone.comments.filter(kind=Comment.Kind.REQUEST, created_at__gt=since, created_at__lte=now)
    return requests.select_related("author__staff").order_by("-created_at").first()


def milestone_comment(*, milestone, by, text, kind=Comment.Kind.COMMENT, now=None, idempotency_key=None):
    """Comment on a milestone one can see; asking for an update is for supervisors and managers, once within
    ``UPDATE_REQUEST_WINDOW``. People named with "@" must be among those who may see the milestone; they
    are recorded with the event (``data["mentions"]``) for its readers."""
    if not milestones_visible_to(by).filter(pk=milestone.pk).exists():
        raise PermissionDenied
    if kind == Comment.Kind.REQUEST and actor_for(by).role not in workflow.REQUESTERS:
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if len(text) > Comment.MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A comment holds at most %(limit)s characters; this one has %(length)s.")
                % {"limit": Comment.MAX_LENGTH, "length": len(text)}
            }
        )
    mentions = mentioned_staff(milestone=milestone, text=text)
    now = now or timezone.now()
    with transaction.atomic():
        submission_once(by=by, key=idempotency_key, now=now)
        if kind == Comment.Kind.REQUEST:
            recent = _recent_request(milestone, now=now)
            if recent is not None:
                message = _("%(who)s asked for an update at %(time)s; ask again after %(minutes)d minutes.")
                raise ValidationError(
                    {
                        "text": message
                        % {
                            "who": _person(recent.author),
                            "time": timezone.localtime(recent.created_at).strftime("%H:%M"),
                            "minutes": UPDATE_REQUEST_WINDOW.seconds // 60,
                        }
                    }
                )
        comment = Comment.objects.create(milestone=milestone, author=by, kind=kind, text=text, created_at=now)
        kind = EventKind.UPDATE_REQUESTED if kind == Comment.Kind.REQUEST else EventKind.COMMENTED
        data = {"mentions": [person.pk for person in mentions]} if mentions else None
        event_record(kind=kind, milestone=milestone, actor=by, comment=comment, data=data, now=comment.created_at)
    return comment


def comment_edit(*, comment, by, text, now=None):
    """Correct one's own comment within ``Comment.EDIT_WINDOW`` of writing it; the earlier text stays in its
    history. People newly named must be able to see the milestone; the edit tells nobody again."""
    now = now or timezone.now()
    if comment.author_id != by.pk:
        raise PermissionDenied
    if not comment.can_be_edited_by(by, now=now):
        message = _("A comment can be corrected for %(minutes)d minutes after it was written.")
        raise ValidationError({"text": message % {"minutes": Comment.EDIT_WINDOW.seconds // 60}})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    mentioned_staff(milestone=comment.milestone, text=text)
    with transaction.atomic():
        comment.text = text
        comment.edited_at = now
        comment._history_user = by
        comment._change_reason = "edit"
        comment.save(update_fields=["text", "edited_at"])
    return comment


def _person(user):
    staff = getattr(user, "staff", None)  # a missing staff record raises an AttributeError
    return staff.name if staff is not None else user.get_username()
