"""Reads, scoped to what a user may see or change. Every page, admin page and export goes through these.

| role            | sees                               | changes                                        |
|-----------------|------------------------------------|------------------------------------------------|
| admin           | everything                         | everything                                     |
| manager         | everything                         | nothing (comments and update requests only)    |
| department head | their department's                 | their department's                             |
| team lead       | their department's                 | their department's                             |
| staff           | their department's                 | their team's (owner in their team) and their own |
| no role         | nothing                            | nothing                                        |

A plan's organisation (heads, teams, office phones, duties), staffing and glossary are read by everyone who may
see the plan (``plans_visible_to``); private contact details (e-mail) only within one's department.

A milestone's department is its project's lead department; its team is its owner's team. Adding, editing
plan fields, reassigning and deleting milestones on the site is for team leads, heads and admins
(``projects_managed_by``); staff's new due dates are proposals that they approve (``milestones.proposals``).
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import EVERYTHING, NOTHING, Role, actor_for, department_edit_scope, department_scope
from departments.models import Department, Staff
from milestones.dates import date_words, last_day
from milestones.models import DateProposal, Milestone, Status
from milestones.schedule import days_overdue
from plans.models import AnnualPlan
from plans.outline import in_outline_order
from projects.models import Project


def _edit_scope(actor):
    if actor.role in (Role.ADMIN, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return department_edit_scope(actor, "project__")
    if actor.role == Role.STAFF:
        own = Q(owner_id=actor.staff.pk)
        if actor.team_id is not None:
            own |= Q(owner__team_id=actor.team_id)
        return department_scope(actor, "project__") & own
    return NOTHING


def milestones_visible_to(user, rows=None):
    """The milestones ``user`` may see; or, with ``rows`` (milestones or their history rows), those of them: a
    history row is seen by whoever sees its project, as ``projects_visible_to`` decides."""
    rows = Milestone.objects.all() if rows is None else rows
    return rows.filter(department_scope(actor_for(user), "project__"))


def milestones_editable_by(user):
    return Milestone.objects.filter(_edit_scope(actor_for(user)))


def can_edit(user, milestone):
    return milestone.pk is not None and milestones_editable_by(user).filter(pk=milestone.pk).exists()


def projects_visible_to(user):
    return Project.objects.filter(department_scope(actor_for(user), ""))


def plans_visible_to(user):
    """Plans a person may read: all for managers and admins; else the plans of the bureau their department is in.

    A plan's organisation, staffing, duties and glossary are the whole bureau's, printed for everyone in it;
    its projects stay scoped by ``projects_visible_to``.
    """
    actor = actor_for(user)
    if actor.reads_everything:
        return AnnualPlan.objects.all()
    if actor.role is None or actor.staff is None:
        return AnnualPlan.objects.none()
    units, unit = [], actor.staff.department
    while unit is not None and len(units) < 20:  # a unit and the units above it, up to the bureau
        units.append(unit.pk)
        unit = unit.parent
    return AnnualPlan.objects.filter(Q(bureau_id__in=units) | Q(projects__in=projects_visible_to(user))).distinct()


def departments_visible_to(user):
    """Units of the organisation a person reads, as the plan prints them: every one for managers and admins; else
    those of the bureaus whose plans they read (``plans_visible_to``), down to teams and sections."""
    if actor_for(user).reads_everything:
        return Department.objects.all()
    bureaus = plans_visible_to(user).order_by().values("bureau_id")
    below = Q(pk__in=bureaus) | Q(parent__in=bureaus) | Q(parent__parent__in=bureaus)
    return Department.objects.filter(below | Q(parent__parent__parent__in=bureaus))


def staff_visible_to(user):
    """People whose names, titles and office phones a person reads: those of the units they read."""
    if actor_for(user).reads_everything:
        return Staff.objects.all()
    return Staff.objects.filter(department__in=departments_visible_to(user))


def private_contacts_visible_to(user):
    """Staff whose private contact details (e-mail) a person may read: their own department's, or everyone's for
    managers and admins. Names, titles and office phones are printed in the plan for everyone to read."""
    return Staff.objects.filter(department_scope(actor_for(user), ""))


def projects_editable_by(user):
    """Projects the user may add milestones to or change: those of the departments whose milestones they change."""
    actor = actor_for(user)
    if actor.role not in (Role.ADMIN, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.STAFF):
        return Project.objects.none()
    return Project.objects.filter(department_scope(actor, ""))


def projects_managed_by(user):
    """Projects whose milestones the user adds, edits, reassigns and deletes on the site: a lead's or head's
    department's, every one for an admin. Staff record progress only; managers change nothing."""
    actor = actor_for(user)
    if actor.role not in (Role.ADMIN, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return Project.objects.none()
    return Project.objects.filter(department_scope(actor, ""))


def milestones_managed_by(user):
    return Milestone.objects.filter(project__in=projects_managed_by(user))


def can_manage_project(user, project):
    """Whether the user may add, edit and delete the project's milestones on the site (a question of role)."""
    actor = actor_for(user)
    if actor.role == Role.ADMIN:
        return True
    return actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD) and actor.department_id == project.department_id


def can_manage(user, milestone):
    return can_manage_project(user, milestone.project)


def pending_proposals(user):
    """Proposed due dates awaiting a decision that concern the user: for a lead, head or admin those they may
    decide on; for staff their own and their team's."""
    milestones = Milestone.objects.filter(_edit_scope(actor_for(user)))
    return (
        DateProposal.objects.filter(state=DateProposal.State.PENDING, milestone__in=milestones)
        .select_related("milestone__project", "milestone__owner", "proposed_by__staff")
        .order_by("proposed_at", "pk")
    )


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
        return EVERYTHING
    if actor.staff is None:
        return NOTHING
    if actor.role == Role.DEPARTMENT_HEAD:
        return Q(project__department_id=actor.department_id)
    own = Q(owner_id=actor.staff.pk)
    if actor.team_id is not None:
        own |= Q(owner__team_id=actor.team_id)
    return own


def milestones_mine(user):
    """The milestones a person calls "mine" (their own and their team's, a head's department), that they see."""
    return milestones_visible_to(user).filter(_mine(actor_for(user)))


def _my_open_work(user):
    """The user's own and team milestones of open plans: a closed plan's work is nobody's to do any more."""
    return milestones_mine(user).filter(project__plan__closed_at__isnull=True)


def my_milestones(user, *, year, today):
    """The user's own and team milestones of the open plans of ``year``, annotated with their ``urgency``."""
    return _my_open_work(user).filter(project__plan__year=year).annotate(urgency=urgency(today))


def plan_years_for(user):
    mine = _my_open_work(user)
    return list(mine.values_list("project__plan__year", flat=True).distinct().order_by("-project__plan__year"))


# Urgency -----------------------------------------------------------------------------------------

BUCKETS = (
    ("overdue", _("Overdue")),
    ("week", _("Due this week")),
    ("month", _("Due this month")),
    ("later", _("Later")),
    ("undated", _("Undated or ongoing")),
    ("review", _("Done, awaiting confirmation")),
    ("closed", _("Confirmed or cancelled")),
)

#: The group that /my/ counts without listing its rows: the work in it is over.
COUNTED_ONLY = "closed"

#: Rows of a group that /my/ shows; the group's own page lists them all, a page at a time.
PREVIEW_ROWS = 10

#: The order of the rows in every group.
WORK_ORDER = ("due_date", "project__number", "order", "pk")


def urgency(today):
    """The urgency group of a milestone on ``today``, as an SQL expression: weeks run Monday to Sunday."""
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    return Case(
        When(status=Status.DONE, then=Value("review")),
        When(status__in=(Status.CONFIRMED, Status.CANCELLED), then=Value("closed")),
        When(due_date__isnull=True, then=Value("undated")),
        When(due_date__lt=today, then=Value("overdue")),
        When(due_date__lte=end_of_week, then=Value("week")),
        When(due_date__lte=last_day(today.year, today.month), then=Value("month")),
        default=Value("later"),
        output_field=CharField(),
    )


@dataclass
class Bucket:
    code: str
    label: str
    count: int = 0
    rows: list = field(default_factory=list)

    @property
    def more(self):
        """Whether the group holds rows that are not shown with it."""
        return self.count > len(self.rows)


_WORK_FIELDS = (
    "pk",
    "version",
    "title",
    "date_text",
    "start_date",
    "due_date",
    "date_precision",
    "is_tentative",
    "baseline_due_date",
    "status",
    "percent_complete",
    "project__number",
    "project__title",
    "owner__name",
    "urgency",
)


def status_labels():
    """Each status's label in the current language, for pages that show many rows."""
    return {value: str(label) for value, label in Status.choices}


def pk_urls(name):
    """A function from a primary key to the address of route ``name``, resolved once for a page of rows."""
    sentinel = 987654321
    return reverse(name, args=[sentinel]).replace(str(sentinel), "{}").format


def milestone_urls():
    """A function from a milestone's id to its page's address."""
    return pk_urls("milestones:detail")


def row_date_words(values):
    """``dates.date_words`` of a milestone read as values (``start_date``, ``due_date``, ``date_precision``, …)."""
    return date_words(
        start=values["start_date"],
        due=values["due_date"],
        precision=values["date_precision"],
        tentative=bool(values["is_tentative"]),
    )


def in_plan_order(rows):
    """A project's milestone rows (values with ``pk``, ``parent_id``, ``order``, ``key``) in the plan's own order
    (1, 1.1, 1.1.1, 2, …), each with its ``depth``. Every list of a project's milestones is ordered here."""
    ordered = []
    for row, depth in in_outline_order(
        rows, pk=lambda r: r["pk"], parent=lambda r: r["parent_id"], order=lambda r: r["order"], key=lambda r: r["key"]
    ):
        row["depth"] = depth
        ordered.append(row)
    return ordered


def ordered_as_planned(milestones):
    """A queryset of one project's milestones (or one step's sub-steps) ordered as ``in_plan_order`` orders them,
    for lists that need a queryset (admin inlines)."""
    rows = in_plan_order(list(milestones.order_by().values("pk", "parent_id", "order", "key")))
    place = Case(*(When(pk=row["pk"], then=Value(i)) for i, row in enumerate(rows)), default=Value(len(rows)))
    return milestones.order_by(place, "pk") if rows else milestones


def moved_from(due, baseline):
    """The original due date as shown next to a moved milestone's, else an empty string (see ``is_moved``)."""
    return baseline.isoformat() if baseline is not None and baseline != due else ""


def _truncated(text, length):
    """``text`` cut to ``length`` characters with an ellipsis, as the ``truncatechars`` filter does."""
    return text if len(text) <= length else f"{text[: length - 1]}…"


def _days_overdue_text(days):
    return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}


def work_rows(values, *, today):
    """Rows of a work list as plain values ready to show, from the ``_WORK_FIELDS`` values of milestones."""
    statuses, url, rows = status_labels(), milestone_urls(), []
    for m in values:
        due = m["due_date"]
        late = days_overdue(due, today) if m["urgency"] == "overdue" else 0
        rows.append(
            {
                "pk": m["pk"],
                "version": m["version"],
                "url": url(m["pk"]),
                "title": _truncated(m["title"], 90),
                "project": f"{m['project__number']}. {_truncated(m['project__title'], 40)}",
                "due": row_date_words(m),
                "overdue": _days_overdue_text(late) if late else "",
                "was": moved_from(due, m["baseline_due_date"]),
                "status": m["status"],
                "status_label": statuses[m["status"]],
                "percent": f"{m['percent_complete']}%",
                "owner": m["owner__name"] or "–",
                "urgency": m["urgency"],
            }
        )
    return rows


def my_work(user, *, year, today, preview=PREVIEW_ROWS):
    """The user's groups of ``year`` on ``today``: each one's count and its first ``preview`` rows, in two queries.

    Both are plain SQL around the one statement of the user's milestones that the ORM builds: the counts grouped,
    the rows ranked within their group. Building a grouped and a windowed query with the ORM takes longer than the
    database takes to answer both.
    """
    mine = my_milestones(user, year=year, today=today).order_by().values(*_WORK_FIELDS, "order")
    sql, params = mine.query.sql_with_params()
    order = ", ".join(connection.ops.quote_name(name) for name in WORK_ORDER)
    buckets = {code: Bucket(code, label) for code, label in BUCKETS}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT urgency, COUNT(*) FROM ({sql}) mine GROUP BY urgency", params)
        for code, count in cursor.fetchall():
            buckets[code].count = count
        cursor.execute(
            f"SELECT * FROM (SELECT mine.*, ROW_NUMBER() OVER (PARTITION BY urgency ORDER BY {order}) AS place"
            f" FROM ({sql}) mine WHERE urgency <> %s) ranked WHERE place <= %s ORDER BY place",
            (*params, COUNTED_ONLY, preview),
        )
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in work_rows(rows, today=today):
        buckets[row["urgency"]].rows.append(row)
    return list(buckets.values())


def my_group(user, code, *, year, today):
    """The values of all the user's milestones of one urgency group, in the order of /my/, for ``work_rows``."""
    milestones = my_milestones(user, year=year, today=today).filter(urgency=code)
    return milestones.order_by(*WORK_ORDER).values(*_WORK_FIELDS)


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


def _entries(pairs):
    """History entries, newest first, from (record, the same milestone's previous record or None), oldest first."""
    from milestones.workflow import LABELS

    owner_ids = {r.owner_id for pair in pairs for r in pair if r is not None and r.owner_id}
    staff_names = dict(Staff.objects.filter(pk__in=owner_ids).values_list("pk", "name"))
    fields = {f.name: f for f in Milestone._meta.fields}
    entries = []
    for record, before in pairs:
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
            if not changes:
                continue
        action = LABELS.get(record.history_change_reason or "", record.history_change_reason or "")
        entries.append(
            HistoryEntry(
                record.id, record.title, record.history_date, record.history_user, str(action), before is None, changes
            )
        )
    entries.reverse()
    return entries


def _in_sequence(records):
    """(record, the record before it) pairs of the historical records of one or more milestones, oldest first."""
    previous, pairs = {}, []
    for record in records:
        pairs.append((record, previous.get(record.id)))
        previous[record.id] = record
    return pairs


def milestone_history(milestone):
    records = milestone.history.select_related("history_user__staff").order_by("history_id")
    return _entries(_in_sequence(records))


#: Entries of "recent changes" on a project page, and the newest records read for them.
PROJECT_HISTORY_ENTRIES = 10
PROJECT_HISTORY_RECORDS = 3 * PROJECT_HISTORY_ENTRIES


def project_history(project, *, limit=PROJECT_HISTORY_ENTRIES, records=PROJECT_HISTORY_RECORDS):
    """The newest ``limit`` entries of the history of a project's milestones, from its newest ``records`` records.

    Each record is read with the same milestone's record before it, to tell what changed. Records that change
    nothing shown (a save without changes) make no entry, so many of them in a row leave fewer entries.
    """
    history = Milestone.history.model.objects  # a plain manager: ``Milestone.history`` builds a new one each time
    before_id = (
        history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    newest = list(
        history.filter(project_id=project.pk)
        .select_related("history_user__staff")
        .annotate(before_id=Subquery(before_id))
        .order_by("-history_id")[:records]
    )
    earlier = history.in_bulk([r.before_id for r in newest if r.before_id])
    return _entries([(record, earlier.get(record.before_id)) for record in reversed(newest)])[:limit]


def changes_since(milestone, version):
    """What others changed since the user loaded ``version``: (changes, people, last change time)."""
    records = list(milestone.history.select_related("history_user__staff").order_by("history_id"))
    seen = [i for i, r in enumerate(records) if r.version == version]
    if not seen:
        return [], [], None
    later = records[seen[-1] :]
    entries = [e for e in _entries(_in_sequence(later)) if not e.created]
    merged = {}
    for entry in reversed(entries):
        for change in entry.changes:
            if change.field in merged:
                merged[change.field].new = change.new
            else:
                merged[change.field] = Change(change.field, change.old, change.new)
    people = sorted({str(e.who) for e in entries if e.who is not None})
    return list(merged.values()), people, (entries[0].when if entries else None)
