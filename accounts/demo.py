"""The demo: a labelled copy of the 2023 plan rolled into the current year, and one login per role.

Everything here is idempotent: a demo plan or login that exists is left as it is, so that progress
recorded on the demo survives another run.
"""

import datetime
import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import MANAGER_GROUP
from departments.models import Staff
from milestones.dates import DatePrecision, last_day
from milestones.models import Milestone, Status
from plans.models import AnnualPlan
from projects.models import EntryFigure, ProjectBudgetItem, ProjectContact, ProjectTableRow

SOURCE_CODE = "seoul-dpb-2023"
DEMO_CODE = "seoul-dpb-demo"
DEMO_PREFIX = "[데모] "
DEMO_REASON = "데모: 오늘 기준 예시 일정"

#: The departments that get demo logins, and the project whose contacts they are.
DEMO_DEPARTMENTS = {"digital-policy": "dp", "big-data": "bd"}
ROLE_SUFFIX = {
    ProjectContact.Role.OFFICER: "officer",
    ProjectContact.Role.TEAM_LEAD: "lead",
    ProjectContact.Role.HEAD: "head",
}


def roll_date(day, years, *, month_end=False):
    """The same day ``years`` later (28 February for 29 February); a month's end stays its end."""
    if day is None:
        return None
    year = day.year + years
    if month_end and day == last_day(day.year, day.month):
        return last_day(year, day.month)
    return day.replace(year=year, day=min(day.day, last_day(year, day.month).day))


_SHORT_YEAR = re.compile(r"(?P<mark>[‘'’]\s*)(?P<yy>\d{2})(?!\d)")


def roll_text(text, years):
    """A date as written, its two-digit years moved on: "'23. 9. 24." -> "'26. 9. 24."."""
    return _SHORT_YEAR.sub(lambda m: f"{m['mark']}{(int(m['yy']) + years) % 100:02d}", text or "")


def _copy(obj, **changes):
    values = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in changes
    }
    values.update(changes)
    return type(obj)(**values)


def _save(obj):
    obj._change_reason = "seed_demo"
    obj.save()
    return obj


@transaction.atomic
def demo_plan_ensure(*, today, source_code=SOURCE_CODE):
    """The demo plan, copied from ``source_code`` with its dates rolled into ``today``'s year.

    Returns ``(plan, created)``; an existing demo plan is returned unchanged.
    """
    existing = AnnualPlan.objects.filter(code=DEMO_CODE).first()
    if existing is not None:
        return existing, False
    source = AnnualPlan.objects.get(code=source_code)
    years = today.year - source.year
    plan = _save(
        _copy(
            source,
            code=DEMO_CODE,
            year=today.year,
            title=DEMO_PREFIX + source.title,
            title_en=f"[Demo] {source.title_en}" if source.title_en else "",
            issued_text=source.issued_text.replace(str(source.year), str(today.year)),
            as_of=roll_date(source.as_of, years),
            is_demo=True,
        )
    )
    for project in source.projects.order_by("number"):
        _copy_project(project, plan, years)
    _set_demo_statuses(plan, today=today)
    return plan, True


def _parents_first(rows):
    """Rows of a tree ordered so that every parent comes before its children."""
    pending, done, ordered = list(rows), set(), []
    while pending:
        ready = [r for r in pending if r.parent_id is None or r.parent_id in done]
        if not ready:
            raise ValueError("a parent outside the tree or a cycle")
        ordered.extend(ready)
        done.update(r.pk for r in ready)
        pending = [r for r in pending if r.pk not in done]
    return ordered


def _copy_project(project, plan, years):
    copy = _save(_copy(project, plan_id=plan.pk))
    copy.teams.set(project.teams.all())
    ProjectBudgetItem.objects.bulk_create(_copy(i, project_id=copy.pk) for i in project.budget_items.all())
    ProjectContact.objects.bulk_create(_copy(c, project_id=copy.pk) for c in project.contacts.all())
    milestones = {}
    for milestone in _parents_first(project.milestones.order_by("order", "pk")):
        month = milestone.date_precision == DatePrecision.MONTH
        milestones[milestone.pk] = _save(
            _copy(
                milestone,
                project_id=copy.pk,
                parent_id=milestones[milestone.parent_id].pk if milestone.parent_id else None,
                date_text=roll_text(milestone.date_text, years),
                start_date=roll_date(milestone.start_date, years),
                due_date=roll_date(milestone.due_date, years, month_end=month),
                baseline_due_date=None,
                status=Status.PLANNED,
                percent_complete=0,
                completed_on=None,
                status_reason="",
                version=1,
            )
        )
    entries = {}
    for entry in _parents_first(project.entries.order_by("order", "pk")):
        month = entry.date_precision == DatePrecision.MONTH
        entries[entry.pk] = _save(
            _copy(
                entry,
                project_id=copy.pk,
                parent_id=entries[entry.parent_id].pk if entry.parent_id else None,
                milestone_id=milestones[entry.milestone_id].pk if entry.milestone_id else None,
                date_text=roll_text(entry.date_text, years),
                start_date=roll_date(entry.start_date, years),
                end_date=roll_date(entry.end_date, years, month_end=month),
            )
        )
    figures = EntryFigure.objects.filter(entry__project=project)
    EntryFigure.objects.bulk_create(_copy(f, entry_id=entries[f.entry_id].pk) for f in figures)
    for table in project.tables.prefetch_related("rows"):
        parent = entries[table.parent_id].pk if table.parent_id else None
        table_copy = _save(_copy(table, project_id=copy.pk, parent_id=parent))
        ProjectTableRow.objects.bulk_create(_copy(row, table_id=table_copy.pk) for row in table.rows.all())
    return copy


def _set_demo_statuses(plan, *, today):
    """Per owner: past work confirmed except the latest (overdue) and the one before (done, to confirm;
    else the last upcoming one, done early); the next upcoming in progress. Where the rolled dates give
    an owner nothing overdue or nothing due within a week, one milestone is moved there, its rolled
    date kept as the original."""
    by_owner = {}
    for milestone in Milestone.objects.filter(project__plan=plan).order_by("due_date", "pk"):
        by_owner.setdefault(milestone.owner_id, []).append(milestone)
    for milestones in by_owner.values():
        past = [m for m in milestones if m.due_date and m.due_date < today]
        future = [m for m in milestones if m not in past]
        if not past and len(future) > 1 and today.timetuple().tm_yday > 1:
            _move(future.pop(0), max(today.replace(month=1, day=1), today - datetime.timedelta(days=3)))
            past = [m for m in milestones if m.due_date and m.due_date < today]
        upcoming = [m for m in future if m.due_date]
        if (
            upcoming
            and upcoming[0].due_date > today + datetime.timedelta(days=7)
            and today + datetime.timedelta(days=3) <= today.replace(month=12, day=31)
        ):
            _move(upcoming[0], today + datetime.timedelta(days=3))
        for index, milestone in enumerate(reversed(past)):
            if index == 0:
                milestone.status, milestone.percent_complete = Status.IN_PROGRESS, 60
            elif index == 1:
                milestone.status, milestone.percent_complete = Status.DONE, 100
                milestone.completed_on = milestone.due_date
            else:
                milestone.status, milestone.percent_complete = Status.CONFIRMED, 100
                milestone.completed_on = milestone.due_date
            _save(milestone)
        if len(past) < 2 and len(upcoming) > 1:
            early = upcoming.pop()
            early.status, early.percent_complete, early.completed_on = Status.DONE, 100, today
            _save(early)
        if upcoming:
            upcoming[0].status, upcoming[0].percent_complete = Status.IN_PROGRESS, 30
            _save(upcoming[0])


def _move(milestone, due):
    milestone.baseline_due_date = milestone.due_date
    milestone.due_date = due
    if milestone.start_date and milestone.start_date > due:
        milestone.start_date = due
    if milestone.date_precision in (DatePrecision.OPEN, DatePrecision.ONGOING):
        milestone.date_precision = DatePrecision.DAY
    milestone.status_reason = DEMO_REASON
    _save(milestone)


# Logins --------------------------------------------------------------------------------------------


@dataclass
class SeededLogin:
    username: str
    role: str
    who: str
    password: str | None  # None: the login existed and was left alone
    notes: list = field(default_factory=list)


def _login(username, *, password, **flags):
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is not None:
        return user, None
    password = password or secrets.token_urlsafe(12)
    user = users.objects.create_user(username=username, password=password, **flags)
    return user, password


@transaction.atomic
def demo_logins_ensure(*, plan, password=""):
    """One login per role: officer, team lead and head of each demo department (linked to their
    staff records through the contacts of the department's first project), a bureau manager and
    an administrator. Existing logins keep their passwords."""
    seeded = []
    for department, short in DEMO_DEPARTMENTS.items():
        project = plan.projects.filter(department__code=department).order_by("number").first()
        if project is None:
            continue
        for contact in project.contacts.select_related("staff").order_by("order"):
            suffix = ROLE_SUFFIX[contact.role]
            username = f"demo-{short}-{suffix}"
            if any(s.username == username for s in seeded):
                continue
            user, new_password = _login(username, password=password)
            login = SeededLogin(username, contact.get_role_display(), contact.staff.code, new_password)
            staff = Staff.objects.get(pk=contact.staff_id)
            if staff.user_id is None:
                staff.user = user
                staff._change_reason = "seed_demo"
                staff.save()
            elif staff.user_id != user.pk:
                login.notes.append(_("the staff record is already linked to another login"))
            seeded.append(login)
    manager, manager_password = _login("demo-manager", password=password)
    manager.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    seeded.append(SeededLogin("demo-manager", _("bureau manager"), MANAGER_GROUP, manager_password))
    _admin, admin_password = _login("demo-admin", password=password, is_staff=True, is_superuser=True)
    seeded.append(SeededLogin("demo-admin", _("administrator"), "superuser", admin_password))
    return seeded
