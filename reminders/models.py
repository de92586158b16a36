import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from milestones.models import EventKind


def parse_lead_days(text):
    """``"7, 3, 1, 0"`` -> ``(7, 3, 1, 0)``: distinct whole days, furthest first."""
    try:
        days = {int(part) for part in str(text).replace(" ", "").split(",") if part != ""}
    except ValueError:
        raise ValidationError(
            _("Lead times are whole numbers of days separated by commas, e.g. 7, 3, 1, 0.")
        ) from None
    if not days or min(days) < 0 or max(days) > 60:
        raise ValidationError(_("Give at least one lead time, each between 0 and 60 days."))
    return tuple(sorted(days, reverse=True))


class DayCount(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class ReminderSettings(models.Model):
    """The reminder rules an administrator may change; there is exactly one row."""

    SINGLETON_ID = 1

    lead_days = models.CharField(
        _("lead times"),
        max_length=60,
        default="7, 3, 1, 0",
        validators=[parse_lead_days],
        help_text=_("Days before the due date on which the owner is reminded, e.g. 7, 3, 1, 0 (0: on the day)."),
    )
    day_count = models.CharField(
        _("count lead times in"),
        max_length=8,
        choices=DayCount.choices,
        default=DayCount.WORKING,
        help_text=_("Calendar days: a reminder that would fall on a closed day comes on the working day before it."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("repeat overdue reminders every (days)"),
        default=7,
        help_text=_("The first comes on the first working day after the due date, then every this many days."),
    )
    team_lead_after = models.PositiveSmallIntegerField(_("tell the team lead after (working days overdue)"), default=3)
    department_head_after = models.PositiveSmallIntegerField(
        _("tell the department head after (working days overdue)"), default=10
    )
    send_from = models.TimeField(
        _("send from"), default=datetime.time(9, 0), help_text=_("Nothing is sent earlier in a day (Seoul time).")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="remindersettings_singleton"),
            models.CheckConstraint(condition=Q(overdue_every_days__gte=1), name="remindersettings_repeat_min_1"),
            models.CheckConstraint(
                condition=Q(team_lead_after__gte=1, department_head_after__gte=1),
                name="remindersettings_escalate_min_1",
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls):
        settings, _ = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        return settings

    @property
    def leads(self):
        return parse_lead_days(self.lead_days)


class EmailMode(models.TextChoices):
    DIGEST = "digest", _("in my next daily e-mail")
    IMMEDIATE = "immediate", _("at once, one e-mail each time")


class ReminderPreference(models.Model):
    """Which advance reminders a person has turned off (overdue reminders and escalations cannot be), and
    how they want to hear of what happens to their work by e-mail."""

    staff = models.OneToOneField(
        "departments.Staff", models.CASCADE, related_name="reminder_preference", verbose_name=_("staff member")
    )
    skipped_lead_days = models.JSONField(
        _("lead times turned off"), default=list, blank=True, help_text=_("e.g. [7, 3]")
    )
    email_mode = models.CharField(
        _("e-mail of what happens"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST
    )
    email_muted_kinds = models.JSONField(
        _("kinds not sent by e-mail"),
        default=list,
        blank=True,
        help_text=_('Kinds of notification shown in the application only, e.g. ["comment", "edit"].'),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.staff)


class Kind(models.TextChoices):
    LEAD = "lead", _("due soon")
    OVERDUE = "overdue", _("overdue")
    TEAM_LEAD = "team_lead", _("escalated to the team lead")
    DEPARTMENT_HEAD = "department_head", _("escalated to the department head")


#: The kind of the notification of one who was named (@name) in an event's text.
MENTION = "mention"

#: What a notification of an event is: the event's own kind, or a mention. A milestone falling overdue is
#: told by the deadline reminders.
EVENT_KINDS = [(kind.value, kind.label) for kind in EventKind if kind != EventKind.OVERDUE] + [
    (MENTION, _("mentioned you"))
]
NOTIFICATION_KINDS = Kind.choices + EVENT_KINDS


class Digest(models.Model):
    """One e-mail to one person from one run: the reminders that run decided for them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")
        UNDELIVERABLE = "undeliverable", _("undeliverable: no e-mail address")

    recipient = models.ForeignKey(
        "departments.Staff", models.CASCADE, related_name="reminder_digests", verbose_name=_("recipient")
    )
    remind_on = models.DateField(_("reminder day"))
    email = models.EmailField(_("sent to"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=155, blank=True)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="undeliverable") | Q(email=""), name="digest_undeliverable_has_no_email"
            ),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="digest_sent_at"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="digest_status_next"),
            models.Index(fields=["remind_on", "recipient"], name="digest_day_recipient"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.remind_on}"


class Delivery(models.Model):
    """One notification to one person: a deadline reminder of a milestone, or an event of it (returned,
    commented, mentioned, ...). Written in the transaction that decides it, shown in the bell, sent in an
    e-mail at most once.

    The unique constraints are the promise "nobody is told the same thing twice": a reminder is one per
    (person, milestone, kind, step, due date), so that a second run, a retried task or a concurrent worker
    inserts nothing and a new due date makes reminders due again; an event is told once per (person, event).
    """

    # Found by the unique key and the unread index, which lead with it: no index of its own to keep up to date
    # for every reminder a run inserts.
    recipient = models.ForeignKey(
        "departments.Staff",
        models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=_("recipient"),
        db_index=False,
    )
    milestone = models.ForeignKey(
        "milestones.Milestone", models.CASCADE, related_name="reminder_deliveries", verbose_name=_("milestone")
    )
    # Indexed where set (delivery_event below): deadline reminders, most rows, have none.
    event = models.ForeignKey(
        "milestones.Event",
        models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="deliveries",
        verbose_name=_("event"),
        help_text=_("What happened, for a notification of an event; empty for a deadline reminder."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NOTIFICATION_KINDS)
    step = models.PositiveSmallIntegerField(
        _("step"),
        null=True,
        blank=True,
        help_text=_("Lead reminders: days before the due date; overdue: the n-th reminder; escalations: 0."),
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("The milestone's due date when the reminder was decided."),
    )
    remind_on = models.DateField(_("reminder day"))
    by_email = models.BooleanField(
        _("by e-mail"),
        db_default=True,
        help_text=_("Whether it goes into an e-mail, or shows in the application only."),
    )
    digest = models.ForeignKey(
        Digest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-remind_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "milestone", "kind", "step", "due_date"], name="delivery_once_per_key"
            ),
            models.UniqueConstraint(
                fields=["recipient", "event"], condition=Q(event__isnull=False), name="delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True, step__isnull=False, due_date__isnull=False)
                | Q(event__isnull=False, step__isnull=True),
                name="delivery_reminder_or_event",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="delivery_unread"),
            models.Index(
                fields=["recipient"], condition=Q(digest__isnull=True, by_email=True), name="delivery_waiting"
            ),
            models.Index(fields=["event"], condition=Q(event__isnull=False), name="delivery_event"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.milestone}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A calendar subscription (iCal) of one person's or one department's milestones, found by its token."""

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    staff = models.OneToOneField(
        "departments.Staff",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
        verbose_name=_("staff member"),
    )
    department = models.OneToOneField(
        "departments.Department",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reset_at = models.DateTimeField(_("token reset at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, department__isnull=True)
                | Q(staff__isnull=True, department__isnull=False),
                name="calendarfeed_one_owner",
            ),
        ]

    def __str__(self):
        return str(self.staff or self.department)
