import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from milestones.dates import DatePrecision
from milestones.schedule import days_overdue, days_remaining, seoul_today
from plans.natural_keys import NaturalKeyManager, NaturalKeyModel


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done (awaiting confirmation)")
    CONFIRMED = "confirmed", _("confirmed")
    RETURNED = "returned", _("returned")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


#: Statuses in which a milestone no longer needs work and cannot be overdue.
CLOSED_STATUSES = (Status.DONE, Status.CONFIRMED, Status.CANCELLED)


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, *, today=None):
        return self.open().filter(due_date__lt=today or seoul_today())

    def due_between(self, start, end):
        return self.open().filter(due_date__gte=start, due_date__lte=end)


class MilestoneManager(NaturalKeyManager.from_queryset(MilestoneQuerySet)):
    pass


class Milestone(NaturalKeyModel):
    """A dated step of a priority project (향후계획), with the progress recorded on it."""

    NATURAL_KEY = ("project__plan__code", "project__number", "key")

    project = models.ForeignKey(
        "projects.Project", models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    key = models.CharField(_("key"), max_length=30, help_text=_("Position in the plan, e.g. 2 or 2.1"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent step")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.TextField(_("title (as written)"))
    date_text = models.CharField(_("date (as written)"), max_length=60, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    date_precision = models.CharField(_("date precision"), max_length=8, choices=DatePrecision.choices)
    is_tentative = models.BooleanField(_("tentative"), default=False)
    owner = models.ForeignKey(
        "departments.Staff",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    baseline_due_date = models.DateField(
        _("original due date"),
        null=True,
        blank=True,
        help_text=_("The due date before it was first moved; empty while it has never moved."),
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the status or the due date last changed (delay, return, ...).")
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts saved changes; an edit based on an older version is refused.")
    )

    history = HistoricalRecords()
    objects = MilestoneManager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "key"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="milestone_unique_key"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__isnull=True) | Q(start_date__lte=F("due_date")),
                name="milestone_start_before_due",
            ),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="milestone_percent_max_100"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(baseline_due_date__isnull=True)
                | Q(start_date__lte=F("baseline_due_date")),
                name="milestone_start_before_baseline",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="milestone_status_due"),
            # Overdue and due-soon lists read only open milestones by due date.
            models.Index(
                fields=["due_date", "id"], condition=~Q(status__in=CLOSED_STATUSES), name="milestone_open_due"
            ),
            models.Index(fields=["project", "due_date"], name="milestone_project_due"),
        ]

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return reverse("milestones:detail", args=[self.pk])

    @property
    def department_id(self):
        """A milestone belongs to its project's lead department."""
        return self.project.department_id

    @property
    def is_moved(self):
        return self.baseline_due_date is not None and self.baseline_due_date != self.due_date

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today=None):
        return not self.is_closed and self.days_overdue(today) > 0

    def days_overdue(self, today=None):
        return 0 if self.is_closed else days_overdue(self.due_date, today or seoul_today())

    def days_remaining(self, today=None):
        return None if self.is_closed else days_remaining(self.due_date, today or seoul_today())


class Comment(models.Model):
    """A remark on a milestone; a manager's request for an update is a comment of kind request."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        REQUEST = "request", _("update requested")

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="comments", verbose_name=_("milestone"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="milestone_comments", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    history = HistoricalRecords()

    #: How long after writing it its author may still correct a comment.
    EDIT_WINDOW = datetime.timedelta(minutes=15)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["milestone", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]

    def editable_until(self):
        return self.created_at + self.EDIT_WINDOW

    def can_be_edited_by(self, user, *, now):
        return user is not None and self.author_id == user.pk and now <= self.editable_until()


class Submission(models.Model):
    """A form sent once: the key each form carries, kept so that the same form sent again (a double click,
    a resent request) changes nothing. Written in the transaction of the change it made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="form_submissions", verbose_name=_("by")
    )
    key = models.CharField(_("key"), max_length=64)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_key")]

    def __str__(self):
        return self.key


def evidence_path(evidence, filename):
    """Evidence files are stored under a random name; the original name is kept in ``file_name``."""
    return f"evidence/{evidence.milestone_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Evidence(models.Model):
    """A link or a file that shows a milestone's progress."""

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="evidence", verbose_name=_("milestone"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="milestone_evidence", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["milestone", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="evidence_link_or_file"),
        ]

    def __str__(self):
        return self.file_name or self.url


class EventKind(models.TextChoices):
    """What happened to a milestone. Workflow moves use the workflow's own labels (``Transition.label``)."""

    CREATED = "create", _("added")
    EDITED = "edit", _("edited")
    ASSIGNED = "assign", _("reassigned")
    PROGRESS = "progress", _("progress recorded")
    STARTED = "start", _("started")
    DONE = "done", _("marked done")
    DELAYED = "delay", _("delayed")
    CANCELLED = "cancel", _("cancelled")
    CONFIRMED = "confirm", _("confirmed")
    RETURNED = "return", _("returned")
    REOPENED = "reopen", _("reopened")
    DUE_DATE_CHANGED = "due_date", _("due date changed")
    COMMENTED = "comment", _("commented")
    UPDATE_REQUESTED = "request", _("update requested")
    DATE_PROPOSED = "propose", _("new date proposed")
    DATE_APPROVED = "approve", _("new date approved")
    DATE_REJECTED = "reject", _("new date rejected")
    OVERDUE = "overdue", _("fell overdue")


class Event(models.Model):
    """One thing that happened to a milestone: who did what, when. Written in the transaction of the change.

    History (field by field) stays with django-simple-history; this is the record that notifications,
    activity feeds and webhooks read, each keeping its own delivery rows unique per (recipient, event).
    """

    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="events", verbose_name=_("milestone"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestone_events",
        verbose_name=_("by"),
        help_text=_("Empty for what the system decided (e.g. a milestone falling overdue)."),
    )
    comment = models.ForeignKey(
        Comment, models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("comment")
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["milestone", "-created_at"], name="event_milestone_newest"),
            models.Index(fields=["actor", "-created_at"], name="event_actor_newest"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.milestone}"


class DateProposal(models.Model):
    """A new due date asked for by the officer in charge; it applies only when a team lead or head approves it.

    Until then the milestone keeps its approved ``due_date``, which rules overdue, reminders, the dashboard and
    exports. The rows stay after the decision: with the milestone's history they keep every proposal and who
    decided.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SUPERSEDED = "superseded", _("replaced by a later proposal")

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="proposals", verbose_name=_("milestone"))
    due_date = models.DateField(_("proposed due date"))
    current_due_date = models.DateField(
        _("due date when proposed"),
        null=True,
        blank=True,
        help_text=_("The approved date the proposal would replace."),
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="date_proposals", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="date_decisions",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)

    class Meta:
        verbose_name = _("date change proposal")
        verbose_name_plural = _("date change proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"], condition=Q(state="pending"), name="date_proposal_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["state", "milestone"], name="date_proposal_state")]

    def __str__(self):
        return f"{self.milestone} → {self.due_date}"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING
