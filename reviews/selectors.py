"""Reads behind the managers' review: milestones as they stood on a date, overdue items, the dashboard.

*As of D* (기준일) means each milestone as its history records it at the end of D in Asia/Seoul:
its latest ``HistoricalMilestone`` row with ``history_date <= end of D``; a milestone deleted by
then, or not yet created, is absent. A plan is loaded after the date its figures describe (the
2023 report describes 2023-08-16 and is loaded later), so a milestone whose first history row
was written by the plan loader stands, in that first state, from the plan's own reference date
(``AnnualPlan.as_of``) on. For today or later the live rows are read, since they are the latest
state.

Every read is limited to what the user may see (``milestones.selectors``); a history row is seen
by whoever sees its project, so that a milestone deleted since still shows on the dates it stood.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from types import SimpleNamespace

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Sum, Value, When, Window
from django.db.models.functions import RowNumber

from budgets.selectors import project_budget_execution
from departments.models import Department, Staff
from milestones.dates import date_words
from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.schedule import days_overdue, end_of_day
from milestones.selectors import (
    milestone_urls,
    milestones_visible_to,
    pk_urls,
    projects_visible_to,
    status_labels,
)
from planfiles.apply import LOAD_REASON
from plans.models import AnnualPlan
from projects.models import Project
from reviews.status import (
    STATUS_SYMBOLS,
    WORK_STARTED_STATUSES,
    MilestoneState,
    ProjectFacts,
    ProjectStatus,
    judge_all,
    under_way_q,
)

#: The change reason the plan loader (``planfiles``) records on the history rows it writes.

UPCOMING_DAYS = 30
#: The next-30-days list shows at most this many items (and says when there are more).
UPCOMING_LIMIT = 100


def plan_for_review(*, on, code=None):
    """The plan a review page shows: the one named by ``code``, else the plan of ``on``'s year
    (a real plan before a demo plan), else the latest plan before it, else the latest plan."""
    plans = AnnualPlan.objects.select_related("bureau")
    if code:
        return plans.filter(code=code).first()
    return (
        plans.filter(year=on.year).order_by("is_demo", "code").first()
        or plans.filter(year__lt=on.year).order_by("-year", "is_demo", "code").first()
        or plans.order_by("-year", "is_demo", "code").first()
    )


def plan_choices(*, user, on, plan=None):
    """The plans a review page offers, as ``(code, label)``: those of ``on``'s year with a project ``user`` sees,
    and ``plan`` itself."""
    shown = Q(year=on.year) & Exists(projects_visible_to(user).filter(plan=OuterRef("pk")))
    if plan is not None:
        shown |= Q(pk=plan.pk)
    plans = AnnualPlan.objects.filter(shown).order_by("-year", "is_demo", "code")
    return [
        (code, _label(AnnualPlan, ("year", "title"), year, title))
        for code, year, title in plans.values_list("code", "year", "title")
    ]


def milestones_as_of(*, on):
    """Every milestone as it stood at the end of ``on``: ``HistoricalMilestone`` rows (see the module docstring).

    The rows have the fields of ``Milestone`` (``id`` is the milestone's primary key), so the same
    filters, tables and exports read them. A row stands when no later row of its milestone was
    recorded by the end of ``on`` (``NOT EXISTS``, which PostgreSQL runs as an anti-join); a row the
    plan loader wrote after ``on`` stands when it is its milestone's first and nothing was recorded by then.
    """
    history = Milestone.history.model.objects
    cutoff = end_of_day(on)
    same_milestone = history.filter(id=OuterRef("id"))
    later = Q(history_date__gt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")
    )
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    recorded = Q(history_date__lte=cutoff) & ~Exists(same_milestone.filter(later, history_date__lte=cutoff))
    loaded_before_recorded = (
        Q(history_date__gt=cutoff, history_change_reason=LOAD_REASON, project__plan__as_of__lte=on)
        & ~Exists(same_milestone.filter(history_date__lte=cutoff))
        & ~Exists(same_milestone.filter(earlier))
    )
    return history.filter(recorded | loaded_before_recorded).exclude(history_type="-")


def milestones_on(*, user, on, today):
    """The milestones ``user`` may see, as they stood on ``on``: live rows for today and later."""
    if on >= today:
        return milestones_visible_to(user)
    return milestones_visible_to(user, milestones_as_of(on=on))


#: What the overdue list shows of a milestone; its project's and owner's names are read with it as annotations
#: (``OVERDUE_NAMES``, see ``with_names``), which costs less than a page of related records.
OVERDUE_FIELDS = (
    "id",
    "project",
    "owner",
    "title",
    "date_text",
    "start_date",
    "due_date",
    "date_precision",
    "status",
    "percent_complete",
    "is_tentative",
)
OVERDUE_NAMES = {
    "department_name": F("project__department__name"),
    "project_number": F("project__number"),
    "project_title": F("project__title"),
    "owner_name": F("owner__name"),
    "team_name": F("owner__team__name"),
}


def overdue_milestones(*, user, on, today, plan=None, read_often=False):
    """Open milestones due before ``on``, as they stood on ``on``, oldest due date first (then plan order, and the
    milestone's id so that every read of them, a page or an export, lists ties alike).

    ``read_often``: the rows are read by several queries (a page's rows, sums and choices), so on a past date the
    rows that stood are found once first (``_found_once``)."""
    rows = milestones_on(user=user, on=on, today=today).exclude(status__in=CLOSED_STATUSES).filter(due_date__lt=on)
    if plan is not None:
        rows = rows.filter(project__plan=plan)
        if read_often and on < today:
            rows = _found_once(rows)
    return rows.only(*OVERDUE_FIELDS).order_by("due_date", "project__number", "order", "id")


def _found_once(history_rows):
    """``history_rows`` (of one plan) read back by primary key: which rows stood on a past date is worked out once,
    in one query, rather than again by each read of a page (its rows, sums per department, filter choices)."""
    found = list(history_rows.order_by().values_list("pk", flat=True))
    return Milestone.history.model.objects.filter(pk__in=found)


def with_names(rows):
    """``rows`` with ``OVERDUE_NAMES``: what the list shows of their project and owner (joins the sums skip)."""
    return rows.annotate(**OVERDUE_NAMES)


#: What an export of the overdue list reads of each row, in this order (``overdue_export_rows``).
EXPORT_FIELDS = (
    "id",
    "title",
    "date_text",
    "start_date",
    "due_date",
    "date_precision",
    "status",
    "percent_complete",
    "is_tentative",
    *OVERDUE_NAMES,
)


def overdue_export_rows(rows):
    """Overdue ``rows`` (live or history, filtered and sorted) as tuples of ``EXPORT_FIELDS``: the names an export
    shows are read with them, and no model instance is built for a row of a long export."""
    return with_names(rows).values_list(*EXPORT_FIELDS)


def project_label(number, title):
    """A project's label (``str(project)``) from its number and title."""
    return _label(Project, ("number", "title"), number, title)


def overdue_choices(rows):
    """The departments, owners' teams, projects and owners that occur among ``rows`` (of one plan), as
    ``{filter: [(pk, label)]}`` in their usual order, from one query (one row per project and owner)."""
    found = (
        rows.order_by()
        .values_list(
            "project__department_id",
            "project__department__order",
            "project__department__name",
            "owner__team_id",
            "owner__team__order",
            "owner__team__name",
            "project_id",
            "project__number",
            "project__title",
            "owner_id",
            "owner__name",
            "owner__title",
        )
        .distinct()
    )
    departments, teams, projects, owners = {}, {}, {}, {}
    for row in found:
        department, department_order, department_name, team, team_order, team_name = row[:6]
        project, number, title, owner, owner_name, owner_title = row[6:]
        departments[department] = (department_order, department_name)
        if team is not None:
            teams[team] = (team_order, team_name)
        projects[project] = (number, title)
        if owner is not None:
            owners[owner] = (owner_name, owner_title)
    return {
        "department": _sorted_choices(departments, lambda order, name: name),
        "team": _sorted_choices(teams, lambda order, name: name),
        "project": _sorted_choices(projects, project_label),
        "owner": _sorted_choices(owners, partial(_label, Staff, ("name", "title"))),
    }


def _label(model, fields, *values):
    """The label of a ``model`` row from ``values`` of ``fields`` alone: the model's own ``__str__`` applied to
    those values, without building an instance for each item of a long list."""
    return model.__str__(SimpleNamespace(**dict(zip(fields, values, strict=True))))


def _sorted_choices(found, label):
    """``(pk, label(*values))`` for each ``pk: values`` of ``found``, sorted on the values (then the pk)."""
    return [(pk, label(*values)) for pk, values in sorted(found.items(), key=lambda item: (item[1], item[0]))]


@dataclass
class DepartmentOverdue:
    department: Department | None
    count: int
    oldest_due: datetime.date
    oldest_days: int


def overdue_by_department(rows, *, on):
    """Count and oldest overdue item per department of already filtered overdue rows, in one query."""
    totals = (
        rows.order_by()
        .values("project__department", "project__department__code", "project__department__name")
        .annotate(count=Count("pk"), oldest_due=Min("due_date"))
        .order_by("oldest_due", "project__department")
    )
    return [
        DepartmentOverdue(
            Department(
                pk=row["project__department"],
                code=row["project__department__code"],
                name=row["project__department__name"],
            )
            if row["project__department"] is not None
            else None,
            row["count"],
            row["oldest_due"],
            days_overdue(row["oldest_due"], on),
        )
        for row in totals
    ]


# Dashboard ---------------------------------------------------------------------------------------

#: What the dashboard lists of a milestone (next due item, next 30 days).
ITEM_FIELDS = (
    "id",
    "project_id",
    "title",
    "date_text",
    "status",
    "due_date",
    "percent_complete",
    "is_tentative",
    "owner__name",
    "start_date",
    "date_precision",
)


@dataclass
class Item:
    """A milestone as the dashboard lists it."""

    id: int
    project_id: int
    title: str
    date_text: str
    status: str
    due_date: datetime.date | None
    percent_complete: int
    is_tentative: bool
    owner_name: str | None
    start_date: datetime.date | None
    date_precision: str
    url: str = ""
    status_label: str = ""
    project: object = None

    @property
    def when(self):
        """The due date with its precision in words; the dashboard says "tentative" apart."""
        return date_words(start=self.start_date, due=self.due_date, precision=self.date_precision)


@dataclass
class ProjectRow:
    project: object
    judgement: object
    next_item: Item | None
    timeline: list = field(default_factory=list)
    url: str = ""


@dataclass
class DepartmentStatusCount:
    department: Department
    counts: dict

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class Dashboard:
    plan: AnnualPlan
    on: datetime.date
    projects: list
    status_totals: list
    by_department: list
    upcoming: list
    upcoming_more: bool
    timeline_dates: list


def month_ends(*, year, until):
    """The last day of each month of ``year`` that ends before ``until``."""
    ends = []
    for month in range(1, 13):
        end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        if end >= until:
            break
        ends.append(end)
    return ends


def _open():
    return ~Q(status__in=CLOSED_STATUSES)


def _facts_on(rows, *, on):
    """``{project_id: ProjectFacts}`` of the rows on ``on``: sums in SQL, the progress lag from the rows under way."""
    overdue = _open() & Q(due_date__lt=on)
    counted = ~Q(status=Status.CANCELLED)
    done = Case(
        When(status__in=[Status.DONE, Status.CONFIRMED], then=Value(100)),
        default=F("percent_complete"),
        output_field=IntegerField(),
    )
    sums = (
        rows.order_by()
        .values("project_id")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=overdue),
            oldest=Min("due_date", filter=overdue),
            delayed=Count("pk", filter=Q(status=Status.DELAYED)),
            completion_sum=Sum(done, filter=counted),
            completion_count=Count("pk", filter=counted),
        )
    )
    facts = {}
    for row in sums:
        facts[row["project_id"]] = ProjectFacts(
            milestone_count=row["total"],
            overdue_count=row["overdue"],
            oldest_overdue_days=days_overdue(row["oldest"], on) if row["oldest"] else 0,
            delayed_count=row["delayed"],
            completion_sum=row["completion_sum"] or 0,
            completion_count=row["completion_count"],
        )
    under_way = rows.filter(under_way_q(on)).order_by().values_list(*STATE_FIELDS)
    for values in under_way.iterator(chunk_size=CHUNK_SIZE):
        state = MilestoneState(*values)
        facts[state.project_id].add_progress(state, on=on)
    return facts


#: The fields of ``MilestoneState``, in its order.
STATE_FIELDS = ("project_id", "status", "start_date", "due_date", "percent_complete")
CHUNK_SIZE = 2000


def _facts_over_time(*, plan, project_ids, dates):
    """``{date: {project_id: ProjectFacts}}`` at the end of each date, from the history, in one query.

    The reading of ``milestones_as_of`` for all the dates at once: each history row stands from its
    ``history_date`` until the next row of its milestone (a window function), and the plan loader's
    first row also stands from the end of the plan's reference date. The sums are those of ``_facts_on``.
    What a row counts for whatever the date (open, delayed, its completion) is worked out once per row,
    and a row is joined to the dates it stands on by two comparisons, so that the query's cost is the
    rows times the dates and little more.
    """
    facts = {day: defaultdict(ProjectFacts) for day in dates}
    if not dates or not project_ids:
        return facts
    ops, vendor = connection.ops, connection.vendor
    if vendor == "postgresql":
        day_sql, cutoff_sql, least = "CAST(%s AS date)", "CAST(%s AS timestamptz)", "LEAST"
        share = "(d.day - h.start_date + 1)::numeric / (h.due_date - h.start_date + 1)"
    else:
        day_sql, cutoff_sql, least = "%s", "%s", "MIN"
        share = (
            "(julianday(d.day) - julianday(h.start_date) + 1) / (julianday(h.due_date) - julianday(h.start_date) + 1)"
        )

    def listed(values):
        return ", ".join(["%s"] * len(values)), list(values)

    closed, closed_params = listed(CLOSED_STATUSES)
    started, started_params = listed(WORK_STARTED_STATUSES)
    ids, id_params = listed(project_ids)
    days = ", ".join(f"({day_sql}, {cutoff_sql})" for _ in dates)
    day_params = [
        value
        for day in dates
        for value in (ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(end_of_day(day)))
    ]
    overdue = "h.is_open = 1 AND h.due_date < d.day"
    under_way = "h.is_working = 1 AND h.start_date <= d.day AND d.day <= h.due_date"
    sql = f"""
        WITH h AS (
            SELECT project_id, start_date, due_date, percent_complete, history_type,
                   CASE WHEN history_change_reason = %s
                             AND ROW_NUMBER() OVER (PARTITION BY id ORDER BY history_date, history_id) = 1
                        THEN {least}(history_date, {cutoff_sql}) ELSE history_date END AS stands_from,
                   LEAD(history_date) OVER (PARTITION BY id ORDER BY history_date, history_id) AS valid_to,
                   CASE WHEN status NOT IN ({closed}) THEN 1 ELSE 0 END AS is_open,
                   CASE WHEN status = %s THEN 1 ELSE 0 END AS is_delayed,
                   CASE WHEN status = %s THEN 0 WHEN status IN (%s, %s) THEN 100 ELSE percent_complete END AS done,
                   CASE WHEN status = %s THEN 0 ELSE 1 END AS is_counted,
                   CASE WHEN status NOT IN ({closed}) AND (percent_complete > 0 OR status IN ({started}))
                        THEN 1 ELSE 0 END AS is_working
            FROM {Milestone.history.model._meta.db_table}
            WHERE project_id IN ({ids})
        ), d (day, cutoff) AS (VALUES {days})
        SELECT d.day, h.project_id, COUNT(*),
               SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END),
               MIN(CASE WHEN {overdue} THEN h.due_date END),
               SUM(h.is_delayed),
               SUM(h.done),
               SUM(h.is_counted),
               SUM(CASE WHEN {under_way} THEN {share} * 100 - h.percent_complete END),
               SUM(CASE WHEN {under_way} THEN 1 ELSE 0 END)
        FROM h JOIN d ON h.stands_from <= d.cutoff AND (h.valid_to IS NULL OR h.valid_to > d.cutoff)
        WHERE h.history_type <> '-'
        GROUP BY d.day, h.project_id
    """
    params = [
        LOAD_REASON,
        ops.adapt_datetimefield_value(end_of_day(plan.as_of)),
        *closed_params,  # open
        Status.DELAYED,
        Status.CANCELLED,
        Status.DONE,
        Status.CONFIRMED,
        Status.CANCELLED,
        *closed_params,  # under way
        *started_params,
        *id_params,
        *day_params,
    ]
    by_text = {str(day): day for day in dates}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for day, project_id, total, overdue_count, oldest, delayed, done_sum, counted, lag_sum, lag_count in cursor:
            day = by_text[str(day)]
            oldest = datetime.date.fromisoformat(oldest) if isinstance(oldest, str) else oldest
            facts[day][project_id] = ProjectFacts(
                milestone_count=total,
                overdue_count=overdue_count,
                oldest_overdue_days=days_overdue(oldest, day) if oldest else 0,
                delayed_count=delayed,
                completion_sum=int(done_sum or 0),
                completion_count=counted,
                lag_sum=Decimal(str(lag_sum or 0)),
                lag_count=lag_count or 0,
            )
    return facts


def project_judgements(*, user, plan, on, today):
    """``{project_id: Judgement}`` of the projects of ``plan`` that ``user`` sees, on ``on``: the dashboard's rules."""
    project_ids = list(projects_visible_to(user).filter(plan=plan).values_list("pk", flat=True))
    rows = milestones_on(user=user, on=on, today=today).filter(project__plan=plan)
    budgets = project_budget_execution(plan=plan, on=on)
    return judge_all(_facts_on(rows, on=on), on=on, budgets=budgets, project_ids=project_ids)


def _items(rows):
    url, statuses = milestone_urls(), status_labels()
    items = [Item(*values) for values in rows.values_list(*ITEM_FIELDS)]
    for item in items:
        item.url, item.status_label = url(item.id), statuses[item.status]
    return items


def dashboard(*, user, plan, on, today):
    """Everything the dashboard shows for ``plan`` on ``on``, in a fixed number of queries.

    The figures of ``on`` are SQL sums; the status over time is read from the plan's history, so
    its cost grows with the history of the one plan shown (not with the whole table).
    """
    projects = list(projects_visible_to(user).filter(plan=plan).select_related("department").order_by("number"))
    by_id = {project.pk: project for project in projects}
    rows = milestones_on(user=user, on=on, today=today).filter(project__plan=plan)
    budgets = project_budget_execution(plan=plan, on=on)
    judgements = judge_all(_facts_on(rows, on=on), on=on, budgets=budgets, project_ids=list(by_id))

    timeline_dates = month_ends(year=plan.year, until=on)
    history = _facts_over_time(plan=plan, project_ids=list(by_id), dates=timeline_dates)
    timelines = {
        day: judge_all(facts, on=day, budgets=budgets, project_ids=list(by_id)) for day, facts in history.items()
    }

    upcoming_rows = rows.filter(_open(), due_date__gte=on)
    first_due = upcoming_rows.annotate(
        rank=Window(RowNumber(), partition_by=[F("project_id")], order_by=[F("due_date"), F("order"), F("id")])
    ).filter(rank=1)
    next_items = {item.project_id: item for item in _items(first_due)}
    project_url = pk_urls("projects:detail")
    rows_out = [
        ProjectRow(
            project,
            judgements[project.pk],
            next_items.get(project.pk),
            [(day, _has_milestones(timelines[day][project.pk])) for day in timeline_dates],
            project_url(project.pk),
        )
        for project in projects
    ]
    status_totals = [
        (status, status.label, STATUS_SYMBOLS[status], sum(1 for row in rows_out if row.judgement.status == status))
        for status in ProjectStatus
    ]

    counts = {}
    for row in rows.order_by().values("project__department_id", "status").annotate(count=Count("pk")):
        counts.setdefault(row["project__department_id"], dict.fromkeys(Status.values, 0))[row["status"]] += row[
            "count"
        ]
    departments = {project.department_id: project.department for project in projects}
    by_department = [
        DepartmentStatusCount(departments[department_id], department_counts)
        for department_id, department_counts in counts.items()
        if department_id in departments
    ]
    by_department.sort(key=lambda row: (row.department.order, row.department.name))

    horizon = on + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = _items(
        upcoming_rows.filter(due_date__lte=horizon).order_by("due_date", "project__number", "order")[
            : UPCOMING_LIMIT + 1
        ]
    )
    for item in upcoming:
        item.project = by_id.get(item.project_id)
    return Dashboard(
        plan=plan,
        on=on,
        projects=rows_out,
        status_totals=status_totals,
        by_department=by_department,
        upcoming=upcoming[:UPCOMING_LIMIT],
        upcoming_more=len(upcoming) > UPCOMING_LIMIT,
        timeline_dates=timeline_dates,
    )


def _has_milestones(judgement):
    """A month end before any of the project's milestones existed shows no status."""
    return judgement if judgement.milestone_count else None
