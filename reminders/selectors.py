"""Reads: what the rules give on a day, a person's notifications, what a calendar feed shows."""

from collections import namedtuple
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery

from common.prepared import PreparedQuery
from departments.models import Staff
from departments.selectors import department_head_of, escalation_contacts, team_lead_of
from milestones.dates import DatePrecision
from milestones.models import Milestone
from reminders.models import CalendarFeed, Delivery, Kind, ReminderPreference, ReminderSettings
from reminders.rules import UNREMINDED_PRECISIONS, Rules, due_date_bounds, reminder_target, reminders_due
from workdays.calendar import WorkCalendar

#: Rows of the candidates read at a time: the run holds one chunk of them, not all.
CHUNK_SIZE = 5000


@dataclass(slots=True)
class PlannedReminder:
    """One reminder the rules give, by ids; ``recipient`` and ``milestone`` load with the plan's others."""

    plan: "ReminderPlan" = field(repr=False, compare=False)
    recipient_id: int
    milestone_id: int
    kind: str
    step: int
    due_date: object  # the milestone's due date (datetime.date)
    target: object  # the day reminders count towards (datetime.date)
    recorded: bool = False

    @property
    def key(self):
        return (self.recipient_id, self.milestone_id, self.kind, self.step, self.due_date)

    @property
    def recipient(self):
        return self.plan.people[self.recipient_id]

    @property
    def milestone(self):
        return self.plan.milestones[self.milestone_id]


@dataclass
class ReminderPlan:
    today: object
    reminders: list = field(default_factory=list)
    #: Open milestones that are due something but have nobody to remind.
    unowned: list = field(default_factory=list)

    @property
    def new(self):
        return [r for r in self.reminders if not r.recorded]

    @cached_property
    def people(self):
        """The recipients by id, in one query (for showing the plan; the run itself needs only ids)."""
        return Staff.objects.select_related("user").in_bulk({r.recipient_id for r in self.reminders})

    @cached_property
    def milestones(self):
        return Milestone.objects.select_related("project", "owner").in_bulk({r.milestone_id for r in self.reminders})


def _address(staff_email, login_email):
    return staff_email or login_email or ""


def recipient_email(staff):
    """Where a person's reminders go: their staff address, else their login's; "" when they have none."""
    return _address(staff.email, staff.user.email if staff.user_id else "")


def recipient_emails(staff):
    """``recipient_email`` of everybody in the Staff queryset ``staff``, by id, in one query."""
    return {
        pk: _address(email, login_email) for pk, email, login_email in staff.values_list("pk", "email", "user__email")
    }


def reminder_candidates(*, today, rules, calendar):
    """Open milestones that may be due a reminder by ``today`` (the rules decide which); demonstration plans
    and closed plans remind nobody. Milestones whose target lies beyond the furthest lead time are left out."""
    latest, latest_month = due_date_bounds(today=today, rules=rules, calendar=calendar)
    return (
        Milestone.objects.open()
        .filter(due_date__isnull=False, project__plan__is_demo=False, project__plan__closed_at__isnull=True)
        .filter(
            Q(date_precision=DatePrecision.MONTH, due_date__lte=latest_month)
            | Q(due_date__lte=latest) & ~Q(date_precision__in=[DatePrecision.MONTH, *UNREMINDED_PRECISIONS])
        )
        .order_by("due_date", "project__number", "order", "pk")
    )


#: What the recipient of an escalation depends on (departments.selectors reads these of a Staff).
_Owner = namedtuple("_Owner", "pk position team_id department_id")


def reminders_due_on(*, today, settings=None, calendar=None):
    """Every reminder the rules give by ``today``, marked ``recorded`` when it has been decided before.

    A fixed number of queries whatever the number of milestones and people. The rules are asked once per
    distinct (due date, precision): many milestones share a month's end.
    """
    settings = settings or ReminderSettings.load()
    calendar = calendar or WorkCalendar.load()
    rules = Rules.from_settings(settings)
    plan = ReminderPlan(today=today)
    skipped = {p.staff_id: set(p.skipped_lead_days) for p in ReminderPreference.objects.all()}
    leads, heads = escalation_contacts()
    decided = {}
    escalated_to = {}

    def escalation_to(kind, owner):
        """Who an escalation of ``kind`` goes to, asked once per owner and kind."""
        if kind == Kind.TEAM_LEAD:
            contact = team_lead_of(owner, leads=leads)
        else:
            contact = department_head_of(owner, heads=heads)
        escalated_to[owner.pk, kind] = contact.pk if contact is not None else None
        return escalated_to[owner.pk, kind]

    candidates = reminder_candidates(today=today, rules=rules, calendar=calendar)
    rows = candidates.values_list(
        "pk", "due_date", "date_precision", "owner_id", "owner__position", "owner__team_id", "owner__department_id"
    )
    unowned = []
    append = plan.reminders.append
    for pk, due_date, precision, owner_id, position, team_id, department_id in rows.iterator(chunk_size=CHUNK_SIZE):
        if (due_date, precision) not in decided:
            target = reminder_target(due_date=due_date, precision=precision, calendar=calendar)
            decided[due_date, precision] = (
                target,
                reminders_due(target=target, today=today, rules=rules, calendar=calendar),
            )
        target, due = decided[due_date, precision]
        if not due:
            continue
        if owner_id is None:
            unowned.append(pk)
            continue
        for item in due:
            if item.kind == Kind.LEAD and item.step in skipped.get(owner_id, ()):
                continue
            if item.kind in (Kind.LEAD, Kind.OVERDUE):
                recipient_id = owner_id
            elif (owner_id, item.kind) in escalated_to:
                recipient_id = escalated_to[owner_id, item.kind]
            else:
                recipient_id = escalation_to(item.kind, _Owner(owner_id, position, team_id, department_id))
            if recipient_id is not None:
                append(PlannedReminder(plan, recipient_id, pk, item.kind, item.step, due_date, target))
    if unowned:
        plan.unowned = list(Milestone.objects.filter(pk__in=unowned).order_by("due_date", "pk"))
    if plan.reminders:
        # Only a row of the milestone's current due date can be one of these reminders.
        recorded = set(
            Delivery.objects.filter(
                milestone__in=candidates.values("pk"), due_date=F("milestone__due_date")
            ).values_list("recipient_id", "milestone_id", "kind", "step", "due_date")
        )
        for reminder in plan.reminders:
            reminder.recorded = reminder.key in recorded
    return plan


def notifications_for(staff):
    """A person's notifications (deadline reminders and what happened), newest first: the in-app list."""
    return (
        Delivery.objects.filter(recipient=staff)
        .select_related("milestone__project", "milestone__owner", "digest", "event__actor__staff", "event__comment")
        .order_by("-remind_on", "-pk")
    )


def unread_notifications(user):
    """Unread notifications of the person logged in as ``user`` (a login, its id or a reference to it), a closed
    plan's left out."""
    return Delivery.objects.filter(
        recipient__user=user, read_at__isnull=True, milestone__project__plan__closed_at__isnull=True
    )


def unread_count_of(login):
    """The bell's count as a column of another query whose field ``login`` names the login: a signed-in request
    reads it with its session (accounts.sessions)."""
    count = Func("pk", function="COUNT", output_field=IntegerField())
    return Subquery(unread_notifications(OuterRef(login)).order_by().values(unread=count))


#: The bell's count on its own: a statement built once per process (common.prepared).
_UNREAD_COUNT = PreparedQuery(lambda user_id: unread_notifications(user_id).order_by().values("pk"), -7_319)


def unread_notification_count(user):
    """How many unread notifications the bell shows the person logged in as ``user``: the count read with the
    request's session when there is one (``unread_notifications`` on the login, accounts.sessions), else one
    query."""
    read = getattr(user, "unread_notifications", None)
    return read if read is not None else _UNREAD_COUNT.count(user.pk)


def feed_milestones(feed):
    """The open dated milestones a calendar feed shows: a person's own and those escalated to them,
    or a department's (its projects, and those its staff own); a closed plan's are left out."""
    milestones = (
        Milestone.objects.open()
        .filter(due_date__isnull=False, project__plan__closed_at__isnull=True)
        .select_related("project", "owner")
    )
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
