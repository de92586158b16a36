"""Reads, scoped to what a user may see or change. Every page, admin page and export goes through these.

| role            | sees                               | changes                                        |
|-----------------|------------------------------------|------------------------------------------------|
| admin           | everything                         | everything                                     |
| manager         | everything                         | nothing (comments and update requests only)    |
| department head | their department's                 | their department's                             |
| team lead       | their department's                 | their department's                             |
| staff           | their department's                 | their team's (owner in their team) and their own |
| no role         | nothing                            | nothing                                        |

A milestone's department is its project's lead department; its team is its owner's team.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, actor_for
from departments.models import Staff
from milestones.models import CLOSED_STATUSES, Milestone, Status
from projects.models import Project

_NOTHING = Q(pk__in=[])
_EVERYTHING = Q()


def _department_scope(actor, prefix):
    if actor.role in (Role.ADMIN, Role.MANAGER):
        return _EVERYTHING
    if actor.role is None or actor.department_id is None:
        return _NOTHING
    return Q(**{f"{prefix}department_id": actor.department_id})


def _edit_scope(actor):
    if actor.role == Role.ADMIN:
        return _EVERYTHING
    if actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return _department_scope(actor, "project__")
    if actor.role == Role.STAFF:
        own = Q(owner_id=actor.staff.pk)
        if actor.team_id is not None:
            own |= Q(owner__team_id=actor.team_id)
        return _department_scope(actor, "project__") & own
    return _NOTHING


def milestones_visible_to(user):
    return Milestone.objects.filter(_department_scope(actor_for(user), "project__"))


def milestones_editable_by(user):
    return Milestone.objects.filter(_edit_scope(actor_for(user)))


def can_edit(user, milestone):
    return milestone.pk is not None and milestones_editable_by(user).filter(pk=milestone.pk).exists()


def projects_visible_to(user):
    return Project.objects.filter(_department_scope(actor_for(user), ""))


def projects_editable_by(user):
    """Projects the user may add milestones to or change: those of the departments whose milestones they change."""
    actor = actor_for(user)
    if actor.role not in (Role.ADMIN, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.STAFF):
        return Project.objects.none()
    return Project.objects.filter(_department_scope(actor, ""))


def can_add_to_projects(user):
    """Whether the user may add to some project (a milestone, an entry): a question of role, asked without a query."""
    actor = actor_for(user)
    return actor.role == Role.ADMIN or (
        actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.STAFF) and actor.department_id is not None
    )


def owners_assignable_by(user):
    """Staff a user may make a milestone's owner, so that the milestone stays within what they may change."""
    actor = actor_for(user)
    if actor.role == Role.ADMIN:
        return Staff.objects.all()
    if actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return Staff.objects.filter(department_id=actor.department_id)
    if actor.role == Role.STAFF:
        own = Q(pk=actor.staff.pk)
        if actor.team_id is not None:
            own |= Q(team_id=actor.team_id)
        return Staff.objects.filter(own, department_id=actor.department_id)
    return Staff.objects.none()


def _mine(actor):
    """The milestones a person calls "mine": their own and their team's, or their department's for its head."""
    if actor.reads_everything:
        return _EVERYTHING
    if actor.staff is None:
        return _NOTHING
    if actor.role == Role.DEPARTMENT_HEAD:
        return Q(project__department_id=actor.department_id)
    own = Q(owner_id=actor.staff.pk)
    if actor.team_id is not None:
        own |= Q(owner__team_id=actor.team_id)
    return own


def my_milestones(user, *, year):
    """The user's own and team milestones of the plans of ``year``, with what the list shows, in one query."""
    actor = actor_for(user)
    return (
        milestones_visible_to(user)
        .filter(_mine(actor), project__plan__year=year)
        .select_related("project__plan", "owner__team", "parent")
        .order_by("due_date", "project__number", "order")
    )


def plan_years_for(user):
    return sorted(
        set(milestones_visible_to(user).filter(_mine(actor_for(user))).values_list("project__plan__year", flat=True)),
        reverse=True,
    )


# Urgency -----------------------------------------------------------------------------------------


@dataclass
class Bucket:
    code: str
    label: str
    milestones: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.milestones)


BUCKETS = (
    ("overdue", _("Overdue")),
    ("week", _("Due this week")),
    ("month", _("Due this month")),
    ("later", _("Later")),
    ("undated", _("Undated or ongoing")),
    ("review", _("Done, awaiting confirmation")),
    ("closed", _("Confirmed or cancelled")),
)


def urgency(milestone, *, today):
    """The bucket code of a milestone on ``today``: weeks run Monday to Sunday."""
    if milestone.status == Status.DONE:
        return "review"
    if milestone.status in CLOSED_STATUSES:
        return "closed"
    due = milestone.due_date
    if due is None:
        return "undated"
    if due < today:
        return "overdue"
    if due <= today + datetime.timedelta(days=6 - today.weekday()):
        return "week"
    if (due.year, due.month) == (today.year, today.month):
        return "month"
    return "later"


def group_by_urgency(milestones, *, today):
    buckets = {code: Bucket(code, label) for code, label in BUCKETS}
    for milestone in milestones:
        milestone.overdue_days = milestone.days_overdue(today)
        buckets[urgency(milestone, today=today)].milestones.append(milestone)
    return list(buckets.values())


# History -----------------------------------------------------------------------------------------

#: Bookkeeping fields that a person reading the history does not need.
UNSHOWN_FIELDS = ("version",)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    milestone_id: int
    title: str
    when: datetime.datetime
    who: object
    action: str
    created: bool
    changes: list


def _shown(field, value, staff_names):
    if value in (None, ""):
        return "–"
    if field.is_relation:
        return staff_names.get(value, str(value)) if field.name == "owner" else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _entries(records):
    """History entries, newest first, from historical records of one or more milestones (oldest first)."""
    from milestones.workflow import LABELS

    owner_ids = {r.owner_id for r in records if r.owner_id}
    staff_names = dict(Staff.objects.filter(pk__in=owner_ids).values_list("pk", "name"))
    fields = {f.name: f for f in Milestone._meta.fields}
    previous, entries = {}, []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None:
            delta = record.diff_against(before, excluded_fields=UNSHOWN_FIELDS)
            changes = [
                Change(
                    str(fields[c.field].verbose_name),
                    _shown(fields[c.field], c.old, staff_names),
                    _shown(fields[c.field], c.new, staff_names),
                )
                for c in delta.changes
            ]
        previous[record.id] = record
        if before is not None and not changes:
            continue
        action = LABELS.get(record.history_change_reason or "", record.history_change_reason or "")
        entries.append(
            HistoryEntry(
                record.id, record.title, record.history_date, record.history_user, str(action), before is None, changes
            )
        )
    entries.reverse()
    return entries


def milestone_history(milestone):
    records = milestone.history.select_related("history_user__staff").order_by("history_id")
    return _entries(list(records))


def project_history(project, *, limit=10):
    records = (
        Milestone.history.filter(project_id=project.pk).select_related("history_user__staff").order_by("history_id")
    )
    return _entries(list(records))[:limit]


def changes_since(milestone, version):
    """What others changed since the user loaded ``version``: (changes, people, last change time)."""
    records = list(milestone.history.select_related("history_user__staff").order_by("history_id"))
    seen = [i for i, r in enumerate(records) if r.version == version]
    if not seen:
        return [], [], None
    later = records[seen[-1] :]
    entries = [e for e in _entries(later) if not e.created]
    merged = {}
    for entry in reversed(entries):
        for change in entry.changes:
            if change.field in merged:
                merged[change.field].new = change.new
            else:
                merged[change.field] = Change(change.field, change.old, change.new)
    people = sorted({str(e.who) for e in entries if e.who is not None})
    return list(merged.values()), people, (entries[0].when if entries else None)
