"""Reads: what the rules give on a day, a person's notifications, what a calendar feed shows."""

from dataclasses import dataclass, field

from django.db.models import Q

from departments.selectors import department_head_of, escalation_contacts, team_lead_of
from milestones.models import Milestone
from reminders.models import CalendarFeed, Delivery, Kind, ReminderPreference, ReminderSettings
from reminders.rules import Rules, reminder_target, reminders_due
from workdays.calendar import WorkCalendar


@dataclass
class PlannedReminder:
    recipient: object  # departments.Staff
    milestone: Milestone
    kind: str
    step: int
    target: object  # the day reminders count towards (datetime.date)
    recorded: bool = False

    @property
    def key(self):
        return (self.recipient.pk, self.milestone.pk, self.kind, self.step, self.milestone.due_date)


@dataclass
class ReminderPlan:
    today: object
    reminders: list = field(default_factory=list)
    #: Open milestones that are due something but have nobody to remind.
    unowned: list = field(default_factory=list)

    @property
    def new(self):
        return [r for r in self.reminders if not r.recorded]


def recipient_email(staff):
    """Where a person's reminders go: their staff address, else their login's; "" when they have none."""
    if staff.email:
        return staff.email
    return staff.user.email if staff.user_id else ""


def reminder_candidates():
    """Open milestones with a due date, with what a reminder shows of them; demonstration plans remind nobody."""
    return (
        Milestone.objects.open()
        .filter(due_date__isnull=False, project__plan__is_demo=False)
        .select_related("project", "owner__user", "owner__team", "owner__department")
        .order_by("due_date", "project__number", "order", "pk")
    )


def reminders_due_on(*, today, settings=None, calendar=None):
    """Every reminder the rules give by ``today``, marked ``recorded`` when it has been decided before."""
    settings = settings or ReminderSettings.load()
    calendar = calendar or WorkCalendar.load()
    rules = Rules.from_settings(settings)
    plan = ReminderPlan(today=today)
    skipped = {p.staff_id: set(p.skipped_lead_days) for p in ReminderPreference.objects.all()}
    leads, heads = escalation_contacts()

    def recipient_for(kind, owner):
        if kind in (Kind.LEAD, Kind.OVERDUE):
            return owner
        if kind == Kind.TEAM_LEAD:
            return team_lead_of(owner, leads=leads)
        return department_head_of(owner, heads=heads)

    for milestone in reminder_candidates():
        target = reminder_target(due_date=milestone.due_date, precision=milestone.date_precision, calendar=calendar)
        due = reminders_due(target=target, today=today, rules=rules, calendar=calendar)
        if due and milestone.owner is None:
            plan.unowned.append(milestone)
            continue
        for item in due:
            if item.kind == Kind.LEAD and item.step in skipped.get(milestone.owner_id, ()):
                continue
            recipient = recipient_for(item.kind, milestone.owner)
            if recipient is not None:
                plan.reminders.append(PlannedReminder(recipient, milestone, item.kind, item.step, target))
    if plan.reminders:
        recorded = set(
            Delivery.objects.filter(milestone__in={r.milestone.pk for r in plan.reminders}).values_list(
                "recipient_id", "milestone_id", "kind", "step", "due_date"
            )
        )
        for reminder in plan.reminders:
            reminder.recorded = reminder.key in recorded
    return plan


def notifications_for(staff):
    """A person's reminders, newest first: the in-app notification list."""
    return (
        Delivery.objects.filter(recipient=staff)
        .select_related("milestone__project", "milestone__owner", "digest")
        .order_by("-remind_on", "-pk")
    )


def unread_notification_count(user):
    """Unread reminders of the person logged in as ``user``: one query."""
    return Delivery.objects.filter(recipient__user=user, read_at__isnull=True).count()


def feed_milestones(feed):
    """The open dated milestones a calendar feed shows: a person's own and those escalated to them,
    or a department's (its projects, and those its staff own)."""
    milestones = Milestone.objects.open().filter(due_date__isnull=False).select_related("project", "owner")
    if feed.staff_id:
        escalated = Delivery.objects.filter(
            recipient_id=feed.staff_id, kind__in=[Kind.TEAM_LEAD, Kind.DEPARTMENT_HEAD]
        ).values("milestone")
        milestones = milestones.filter(Q(owner_id=feed.staff_id) | Q(pk__in=escalated))
    else:
        department = feed.department_id
        milestones = milestones.filter(
            Q(project__department_id=department)
            | Q(project__department__parent_id=department)
            | Q(owner__department_id=department)
            | Q(owner__team_id=department)
        )
    return milestones.order_by("due_date", "pk")


def feed_for(*, staff=None, department=None):
    return CalendarFeed.objects.filter(staff=staff, department=department).first()
