"""A city-wide data set: the city government and its 25 districts, five years of plans, N milestones.

Everything follows from the number of milestones and the seed (``random.Random(seed)``), so that the
same arguments give the same rows. The shapes follow the real 2023 plan (fixtures/seoul-dpb-2023.yaml):

- organisation: per government, bureaus (국·실); per bureau 3-8 divisions (과·담당관); per division 3-4
  teams; per team a team lead and 3-5 officers (담당); a head per division and per bureau. About one
  division per 1,000 milestones: 1M milestones make some 1,000 divisions in 200 bureaus, half of them
  the city's, the other half spread over the districts;
- an ``AnnualPlan`` per bureau and year (2019-2023), 3-7 projects per division and year, 40 milestones
  per project on average (log-normal spread), later years larger;
- milestones: dates written as the report writes them and read with ``milestones.dates.parse_date_text``
  (month 82.5 %, day 12.5 %, open-ended 2.5 %, ongoing 2.5 %; 2.5 % tentative), due months weighted
  towards the end of the year as in the report, 40 % sub-steps (keys 2.1, 2.1.1) under a parent;
- statuses as of ``REFERENCE_DATE``: what fell due long ago is mostly confirmed, what fell due lately is
  more often still open, so that about 5 % of all milestones are overdue on that day; a quarter of the
  delayed ones had their due date moved (``baseline_due_date``);
- history: a ``load_plan`` row when the plan was loaded, then one row per status change (started,
  marked done, confirmed, delayed ...), dated before ``REFERENCE_DATE``;
- budgets: an expenditure table per plan whose lines (bureau, division, project) add up.

Every code and username starts with ``scale-`` (``scale.purge``).
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.roles import MANAGER_GROUP
from budgets.models import BudgetLine, BudgetTable
from departments.models import Department, Staff
from milestones.dates import DatePrecision, parse_date_text
from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.schedule import SEOUL
from plans.models import AnnualPlan
from projects.models import Project, ProjectContact
from scale import vocabulary
from scale.purge import PREFIX
from scale.writer import BulkWriter, IdAllocator

#: The day the generated data describes: statuses, history and "overdue" are as of this day (a Wednesday,
#: a working day). Benchmarks and tests freeze the clock on it.
REFERENCE_DATE = datetime.date(2023, 11, 22)
REFERENCE_TIME = datetime.datetime(2023, 11, 22, 9, 30, tzinfo=SEOUL)

YEARS = (2019, 2020, 2021, 2022, 2023)
#: Share of the milestones in each year's plans: the plans grow over the years.
YEAR_WEIGHTS = (0.15, 0.17, 0.19, 0.22, 0.27)

MILESTONES_PER_PROJECT = 40
PROJECTS_PER_DIVISION = (3, 7)  # per year, inclusive
DIVISIONS_PER_BUREAU = {"city": (5, 8), "district": (3, 5)}
TEAMS_PER_DIVISION = (3, 4)
OFFICERS_PER_TEAM = (3, 5)

PRECISIONS = (DatePrecision.MONTH, DatePrecision.DAY, DatePrecision.OPEN, DatePrecision.ONGOING)
PRECISION_WEIGHTS = (0.825, 0.125, 0.025, 0.025)
#: Due months January to December: the report ends most steps in the last months of the year.
DUE_MONTH_WEIGHTS = (3, 3, 4, 4, 5, 6, 6, 7, 8, 9, 12, 33)
SUB_STEP_SHARE = 0.4
TENTATIVE_SHARE = 0.025
#: Chance that a milestone due ``days`` before the reference date is still open (overdue), by age.
OPEN_AFTER_DUE = ((45, 0.42), (120, 0.22), (365, 0.1), (100_000, 0.014))

#: Share of officers with a login (every head and team lead has one), and with an e-mail address.
OFFICER_LOGIN_SHARE = 0.2
EMAIL_SHARE = 0.95

MANAGER_USERNAME = PREFIX + "manager"
FLUSH_EVERY = 20_000


@lru_cache(maxsize=50_000)
def read_date(text, year):
    return parse_date_text(text, year=year)


def written_date(rng, year, precision, *, sub_step=False):
    """A date of ``year`` as the report writes it, of the given precision (read back with ``read_date``)."""
    yy = f"'{year % 100:02d}."
    if precision == DatePrecision.ONGOING:
        return "상시"
    due_month = rng.choices(range(1, 13), DUE_MONTH_WEIGHTS)[0]
    if precision == DatePrecision.OPEN:
        return f"{yy} {rng.randint(1, 12)}.~"
    if precision == DatePrecision.MONTH:
        start_month = due_month if rng.random() < 0.45 else rng.randint(1, due_month)
        if sub_step:
            return f"({due_month}월)" if start_month == due_month else f"({start_month}월~{due_month}월)"
        return f"{yy} {due_month}." if start_month == due_month else f"{yy} {start_month}. ~ {due_month}."
    last = (datetime.date(year + due_month // 12, due_month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    due_day = rng.randint(1, last)
    if rng.random() < 0.7:
        return f"{yy} {due_month}. {due_day}."
    start_month = rng.randint(1, due_month)
    start_day = rng.randint(1, 28 if start_month < due_month else due_day)
    return f"{yy}{start_month}.{start_day}~{due_month}.{due_day}"


@dataclass(eq=False)
class Unit:
    id: int
    code: str
    name: str
    government: str
    parent: "Unit | None" = None
    children: list = field(default_factory=list)
    head: int | None = None
    lead: int | None = None
    officers: list = field(default_factory=list)


@dataclass
class PlannedProject:
    id: int
    plan_id: int
    year: int
    number: int
    division: Unit
    team: Unit
    officer: int
    weight: float
    milestones: int = 0


@dataclass
class Summary:
    milestones: int = 0
    overdue: int = 0
    precisions: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)


class ScaleGenerator:
    def __init__(self, *, milestones, seed=1, password=None, progress=None):
        self.total = milestones
        self.seed = seed
        self.rng = random.Random(seed)
        self.password = make_password(password) if password else make_password(None)
        self.progress = progress or (lambda **kwargs: _NoProgress())
        self.writer = BulkWriter()
        self.ids = IdAllocator()
        self.summary = Summary()
        self.staff_rows, self.user_rows, self.department_rows = [], [], []
        self.staff_user = {}  # staff id -> user id
        self.staff_count = 0

    # Organisation --------------------------------------------------------------------------------

    def division_count(self):
        per_division = MILESTONES_PER_PROJECT * sum(PROJECTS_PER_DIVISION) / 2 * len(YEARS)
        return max(1, round(self.total / per_division))

    def organisation(self):
        rng = self.rng
        remaining = self.division_count()
        self.bureaus = []
        field_use = {}
        index = 0
        while remaining > 0:
            gov_index = 0 if index % 2 == 0 else 1 + (index // 2) % (len(vocabulary.GOVERNMENTS) - 1)
            gov_code, gov_name, gov_name_en = vocabulary.GOVERNMENTS[gov_index]
            kind = "city" if gov_index == 0 else "district"
            field_name, topics = vocabulary.FIELDS[rng.randrange(len(vocabulary.FIELDS))]
            use = field_use[gov_code, field_name] = field_use.get((gov_code, field_name), 0) + 1
            title = f"{field_name}{use if use > 1 else ''}국"
            bureau = self._department(
                f"{PREFIX}{gov_code}-b{index + 1:03d}",
                title if kind == "city" else f"{gov_name} {title}",
                Department.Kind.BUREAU,
                gov_code,
                order=index + 1,
                name_en=f"{gov_name_en} bureau {index + 1}",
            )
            bureau.head = self._staff(bureau, None, Staff.Position.BUREAU_HEAD, title, login=False)
            low, high = DIVISIONS_PER_BUREAU[kind]
            for d in range(min(remaining, rng.randint(low, high))):
                topic = topics[d % len(topics)]
                suffix = "담당관" if kind == "city" else "과"
                division = self._department(
                    f"{bureau.code}-d{d + 1}", f"{topic}{suffix}", Department.Kind.DIVISION, gov_code, bureau, d + 1
                )
                division.head = self._staff(division, None, Staff.Position.DEPARTMENT_HEAD, f"{topic}{suffix}")
                for t in range(rng.randint(*TEAMS_PER_DIVISION)):
                    team_name = f"{topic}{vocabulary.TEAM_SUFFIXES[t % len(vocabulary.TEAM_SUFFIXES)]}팀"
                    team = self._department(
                        f"{division.code}-t{t + 1}", team_name, Department.Kind.TEAM, gov_code, division, t + 1
                    )
                    team.lead = self._staff(division, team, Staff.Position.TEAM_LEAD, f"{team_name}장")
                    for _ in range(rng.randint(*OFFICERS_PER_TEAM)):
                        login = rng.random() < OFFICER_LOGIN_SHARE
                        team.officers.append(self._staff(division, team, Staff.Position.OFFICER, "담당", login=login))
                remaining -= 1
            self.bureaus.append(bureau)
            index += 1
        self._manager()
        self._write(Department, self.department_rows, "departments")
        self._write(get_user_model(), self.user_rows, "logins")
        self._write(Staff, self.staff_rows, "staff")
        if self.manager_group_members:
            self._write(get_user_model().groups.through, self.manager_group_members, "groups")

    def _department(self, code, name, kind, government, parent=None, order=0, name_en=""):
        unit = Unit(self.ids.take(Department), code, name, government, parent)
        if parent is not None:
            parent.children.append(unit)
        self.department_rows.append(
            {
                "id": unit.id,
                "code": code,
                "name": name[:100],
                "name_en": name_en,
                "kind": kind,
                "parent_id": parent.id if parent else None,
                "order": order,
                "head_title": "국장" if kind == Department.Kind.BUREAU else "",
                "phone_exchange": "02-2133" if parent is None else "",
            }
        )
        return unit

    def _staff(self, department, team, position, title, *, login=True):
        rng = self.rng
        name = rng.choice(vocabulary.SURNAMES) + rng.choice(vocabulary.GIVEN) + rng.choice(vocabulary.GIVEN)
        self.staff_count += 1
        number = self.staff_count
        staff_id = self.ids.take(Staff)
        user_id = None
        email = f"staff{number:06d}@{department.government}.scale.example" if rng.random() < EMAIL_SHARE else ""
        if login:
            user_id = self.ids.take(get_user_model())
            self.user_rows.append(
                {
                    "id": user_id,
                    "password": self.password,
                    "username": f"{PREFIX}{number:06d}",
                    "first_name": name,
                    "email": email,
                    "is_active": True,
                    "date_joined": datetime.datetime(YEARS[0], 1, 2, 9, tzinfo=SEOUL),
                }
            )
            self.staff_user[staff_id] = user_id
        self.staff_rows.append(
            {
                "id": staff_id,
                "code": f"{department.code}:{name}{number}",
                "name": name,
                "title": title[:50],
                "position": position,
                "department_id": department.id,
                "team_id": team.id if team else None,
                "phone_printed": f"{2000 + number % 8000}",
                "email": email,
                "user_id": user_id,
            }
        )
        return staff_id

    def _manager(self):
        """A login in the bureau managers group, who reads every plan (the review pages' reader)."""
        user_id = self.ids.take(get_user_model())
        self.user_rows.append(
            {
                "id": user_id,
                "password": self.password,
                "username": MANAGER_USERNAME,
                "first_name": "manager",
                "is_active": True,
                "date_joined": datetime.datetime(YEARS[0], 1, 2, 9, tzinfo=SEOUL),
            }
        )
        group, _ = Group.objects.get_or_create(name=MANAGER_GROUP)
        through = get_user_model().groups.through
        self.manager_group_members = [{"id": self.ids.take(through), "user_id": user_id, "group_id": group.pk}]

    # Plans and projects --------------------------------------------------------------------------

    def plans_and_projects(self):
        rng = self.rng
        plans, projects, teams, contacts = [], [], [], []
        self.projects = []
        self.plan_of = {}
        for bureau in self.bureaus:
            for year, year_weight in zip(YEARS, YEAR_WEIGHTS, strict=True):
                plan_id = self.ids.take(AnnualPlan)
                plans.append(
                    {
                        "id": plan_id,
                        "code": f"{bureau.code}-{year}",
                        "bureau_id": bureau.id,
                        "year": year,
                        "title": f"{year}년 {bureau.name} 주요 업무계획"[:200],
                        "title_en": f"{year} work plan",
                        "issued_text": f"{year}. 2.",
                        "as_of": datetime.date(year, 1, 31),
                        "organisation_text": f"{len(bureau.children)}과",
                        "stated_divisions": len(bureau.children),
                        "is_demo": False,
                    }
                )
                self.plan_of[plan_id] = year
                number = 0
                for division in bureau.children:
                    for _ in range(rng.randint(*PROJECTS_PER_DIVISION)):
                        number += 1
                        team = rng.choice(division.children)
                        officer = rng.choice(team.officers)
                        project = PlannedProject(
                            self.ids.take(Project),
                            plan_id,
                            year,
                            number,
                            division,
                            team,
                            officer,
                            year_weight * rng.lognormvariate(0, 0.6),
                        )
                        self.projects.append(project)
                        subject = rng.choice(vocabulary.PROJECT_SUBJECTS)
                        projects.append(
                            {
                                "id": project.id,
                                "plan_id": plan_id,
                                "number": number,
                                "title": f"{subject} {rng.choice(vocabulary.PROJECT_KINDS)}",
                                "department_id": division.id,
                                "goal": f"{division.name} {subject} 사업의 차질 없는 추진",
                            }
                        )
                        teams.append(
                            {
                                "id": self.ids.take(Project.teams.through),
                                "project_id": project.id,
                                "department_id": team.id,
                            }
                        )
                        for order, (staff_id, role) in enumerate(
                            (
                                (division.head, ProjectContact.Role.HEAD),
                                (team.lead, ProjectContact.Role.TEAM_LEAD),
                                (officer, ProjectContact.Role.OFFICER),
                            ),
                            start=1,
                        ):
                            contacts.append(
                                {
                                    "id": self.ids.take(ProjectContact),
                                    "project_id": project.id,
                                    "order": order,
                                    "staff_id": staff_id,
                                    "role": role,
                                }
                            )
        self._share_milestones()
        self._write(AnnualPlan, plans, "plans")
        self._write(Project, projects, "projects")
        self._write(Project.teams.through, teams, "project teams")
        self._write(ProjectContact, contacts, "contacts")

    def _share_milestones(self):
        """Exactly ``total`` milestones over the projects, in proportion to their weights (largest remainder)."""
        weights = sum(p.weight for p in self.projects)
        shares = [self.total * p.weight / weights for p in self.projects]
        for project, share in zip(self.projects, shares, strict=True):
            project.milestones = math.floor(share)
        left = self.total - sum(p.milestones for p in self.projects)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
        for i in order[:left]:
            self.projects[i].milestones += 1

    # Milestones ----------------------------------------------------------------------------------

    def milestones(self):
        milestones, history = [], []
        bar = self.progress(total=self.total, desc="milestones", unit="")
        for project in self.projects:
            self._project_milestones(project, milestones, history)
            if len(milestones) >= FLUSH_EVERY:
                bar.update(len(milestones))
                self._flush(milestones, history)
        bar.update(len(milestones))
        self._flush(milestones, history)
        bar.close()

    def _flush(self, milestones, history):
        self.writer.write(Milestone, milestones)
        self.writer.write(Milestone.history.model, history)
        milestones.clear()
        history.clear()

    def _project_milestones(self, project, milestones, history):
        rng = self.rng
        first_id = self.ids.take(Milestone, project.milestones)
        last_at_depth = {}  # depth -> (id, key, children so far)
        top = 0
        depth = 0
        loaded_at = datetime.datetime(project.year, 2, 10, 9, tzinfo=SEOUL)
        for i in range(project.milestones):
            depth = 0 if i == 0 or rng.random() >= SUB_STEP_SHARE else rng.randint(1, min(depth + 1, 3))
            if depth == 0:
                top += 1
                key, parent_id = str(top), None
            else:
                parent_id, parent_key, children = last_at_depth[depth - 1]
                last_at_depth[depth - 1] = (parent_id, parent_key, children + 1)
                key = f"{parent_key}.{children + 1}"
            milestone_id = first_id + i
            last_at_depth[depth] = (milestone_id, key, 0)
            for deeper in [d for d in last_at_depth if d > depth]:
                del last_at_depth[deeper]
            owner = project.officer
            if rng.random() < 0.15:
                owner = rng.choice(project.team.officers)
            row = self._milestone(project, milestone_id, key, parent_id, i + 1, depth, owner)
            milestones.append(row)
            history.extend(self._history(row, loaded_at))

    def _milestone(self, project, milestone_id, key, parent_id, order, depth, owner):
        rng = self.rng
        precision = rng.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
        text = written_date(rng, project.year, precision, sub_step=depth > 0)
        if rng.random() < TENTATIVE_SHARE:
            text += "(예정)"
        parsed = read_date(text, project.year)
        start, due = parsed.start, parsed.due
        status, percent, completed, baseline, reason = self._status(start, due)
        if baseline is not None:
            due = baseline + datetime.timedelta(
                days=rng.randint(7, max(7, min(60, (REFERENCE_DATE - baseline).days - 2)))
            )
        self.summary.milestones += 1
        self.summary.precisions[parsed.precision] = self.summary.precisions.get(parsed.precision, 0) + 1
        if due is not None and due < REFERENCE_DATE and status not in CLOSED_STATUSES:
            self.summary.overdue += 1
        return {
            "id": milestone_id,
            "project_id": project.id,
            "key": key,
            "parent_id": parent_id,
            "order": order,
            "title": f"{rng.choice(vocabulary.PROJECT_SUBJECTS)} {rng.choice(vocabulary.STEP_ACTIONS)}",
            "date_text": text,
            "start_date": start,
            "due_date": due,
            "date_precision": parsed.precision,
            "is_tentative": parsed.tentative,
            "owner_id": owner,
            "status": status,
            "percent_complete": percent,
            "completed_on": completed,
            "note": "",
            "baseline_due_date": baseline,
            "status_reason": reason,
            "version": 1,
        }

    def _status(self, start, due):
        """(status, percent, completed on, baseline due date or None, reason) as of the reference date."""
        rng = self.rng
        started = start is None or start <= REFERENCE_DATE
        if due is None:
            if not started:
                return Status.PLANNED, 0, None, None, ""
            if rng.random() < 0.7:
                return Status.IN_PROGRESS, rng.randrange(10, 100, 10), None, None, ""
            return Status.PLANNED, 0, None, None, ""
        if due >= REFERENCE_DATE:
            if not started:
                return Status.PLANNED, 0, None, None, ""
            roll = rng.random()
            if roll < 0.05:
                done_on = max(start or due, REFERENCE_DATE - datetime.timedelta(days=rng.randint(1, 20)))
                return Status.DONE, 100, min(done_on, REFERENCE_DATE - datetime.timedelta(days=1)), None, ""
            if roll < 0.75:
                return Status.IN_PROGRESS, rng.randrange(10, 100, 10), None, None, ""
            return Status.PLANNED, 0, None, None, ""
        late = (REFERENCE_DATE - due).days
        open_chance = next(chance for days, chance in OPEN_AFTER_DUE if late <= days)
        if rng.random() < open_chance:
            status = rng.choices(
                (Status.DELAYED, Status.IN_PROGRESS, Status.PLANNED, Status.RETURNED), (0.4, 0.4, 0.1, 0.1)
            )[0]
            percent = {Status.PLANNED: 0, Status.RETURNED: 90}.get(status, rng.randrange(10, 90, 10))
            if status == Status.DELAYED and late > 9 and rng.random() < 0.25:
                return status, percent, None, due, "관계기관 협의 지연으로 일정 조정"
            reason = "관계기관 협의 지연" if status == Status.DELAYED else ""
            return status, percent, None, None, reason
        done_on = due - datetime.timedelta(days=rng.randint(0, 10))
        if start is not None and done_on < start:
            done_on = start
        if rng.random() < 0.03:
            return Status.CANCELLED, 0, None, None, "사업 여건 변경으로 취소"
        if late <= 30 and rng.random() < 0.5:
            return Status.DONE, 100, done_on, None, ""
        return Status.CONFIRMED, 100, done_on, None, ""

    def _history(self, row, loaded_at):
        """The milestone's history rows, oldest first; sets its version to their number."""
        rng = self.rng
        load_day = loaded_at.date()
        first = {
            **row,
            "status": Status.PLANNED,
            "percent_complete": 0,
            "completed_on": None,
            "baseline_due_date": None,
            "status_reason": "",
            "due_date": row["baseline_due_date"] or row["due_date"],
        }
        steps = [("+", "load_plan", loaded_at, first)]

        def at(day, hour):
            day = max(day, load_day + datetime.timedelta(days=1))
            day = min(day, REFERENCE_DATE - datetime.timedelta(days=1))
            return datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)), tzinfo=SEOUL)

        status = row["status"]
        start = row["start_date"] or load_day
        if status in (Status.DONE, Status.CONFIRMED):
            done_at = at(row["completed_on"], 17)
            steps.append(("~", "done", done_at, {**row, "status": Status.DONE}))
            if status == Status.CONFIRMED:
                confirmed_at = max(done_at, at(row["completed_on"] + datetime.timedelta(days=rng.randint(1, 5)), 10))
                steps.append(("~", "confirm", confirmed_at, row))
        elif status == Status.CANCELLED:
            steps.append(("~", "cancel", at(start + datetime.timedelta(days=rng.randint(0, 60)), 15), row))
        elif status == Status.DELAYED:
            late_from = (row["baseline_due_date"] or row["due_date"]) + datetime.timedelta(days=rng.randint(1, 10))
            steps.append(("~", "delay", at(late_from, 16), row))
        elif status == Status.RETURNED:
            steps.append(("~", "return", at(row["due_date"], 11), row))
        elif status == Status.IN_PROGRESS:
            steps.append(("~", "start", at(start + datetime.timedelta(days=rng.randint(0, 14)), 14), row))
        rows = []
        history_id = self.ids.take(Milestone.history.model, len(steps))
        for version, (kind, reason, when, state) in enumerate(steps, start=1):
            rows.append(
                {
                    **state,
                    "version": version,
                    "history_id": history_id + version - 1,
                    "history_date": when,
                    "history_change_reason": reason,
                    "history_type": kind,
                    "history_user_id": None,
                }
            )
        row["version"] = len(steps)
        return rows

    # Budgets -------------------------------------------------------------------------------------

    def budgets(self):
        """An expenditure table per plan: a line for the bureau, one per division, one per project."""
        rng = self.rng
        tables, lines = [], []
        by_plan = {}
        for project in self.projects:
            by_plan.setdefault(project.plan_id, []).append(project)
        for plan_id, projects in by_plan.items():
            year = self.plan_of[plan_id]
            as_of = datetime.date(year, 1, 31) if year < REFERENCE_DATE.year else REFERENCE_DATE
            table_id = self.ids.take(BudgetTable)
            tables.append(
                {
                    "id": table_id,
                    "plan_id": plan_id,
                    "code": "expenditure-detail",
                    "kind": BudgetTable.Kind.EXPENDITURE,
                    "title": "세출예산 집행현황",
                    "as_of": as_of,
                    "unit_text": "천원",
                    "order": 1,
                }
            )
            divisions = {}
            for project in projects:
                divisions.setdefault(project.division, []).append(project)
            root_id = self.ids.take(BudgetLine)
            root = {"id": root_id, "table_id": table_id, "key": "1", "order": 1, "account": "general"}
            root.update(name=f"{projects[0].division.parent.name} 합계", department_id=projects[0].division.parent.id)
            lines.append(root)
            sums = dict.fromkeys(("current_budget", "prior_final", "commitments", "disbursements"), 0)
            for d, (division, division_projects) in enumerate(divisions.items(), start=1):
                division_id = self.ids.take(BudgetLine)
                division_row = {
                    "id": division_id,
                    "table_id": table_id,
                    "key": f"1.{d}",
                    "parent_id": root_id,
                    "order": d,
                    "name": division.name,
                    "department_id": division.id,
                    "account": "general",
                }
                division_sums = dict.fromkeys(sums, 0)
                for p, project in enumerate(division_projects, start=1):
                    current = rng.randrange(50, 5000) * 1_000_000
                    committed = int(current * rng.uniform(0.2, 1.0)) // 1000 * 1000
                    values = {
                        "current_budget": current,
                        "prior_final": int(current * rng.uniform(0.7, 1.2)) // 1000 * 1000,
                        "commitments": committed,
                        "disbursements": int(committed * rng.uniform(0.5, 1.0)) // 1000 * 1000,
                    }
                    lines.append(
                        {
                            "id": self.ids.take(BudgetLine),
                            "table_id": table_id,
                            "key": f"1.{d}.{p}",
                            "parent_id": division_id,
                            "order": p,
                            "name": f"사업 {project.number}",
                            "department_id": division.id,
                            "project_id": project.id,
                            "account": "general",
                            **values,
                        }
                    )
                    for name, value in values.items():
                        division_sums[name] += value
                lines.append({**division_row, **division_sums})
                for name, value in division_sums.items():
                    sums[name] += value
            root.update(sums)
        self._write(BudgetTable, tables, "budget tables")
        self._write(BudgetLine, lines, "budget lines")

    # Running -------------------------------------------------------------------------------------

    def _write(self, model, rows, label):
        bar = self.progress(total=len(rows), desc=label, unit="")
        for start in range(0, len(rows), FLUSH_EVERY):
            bar.update(self.writer.write(model, rows[start : start + FLUSH_EVERY]))
        bar.close()

    def run(self):
        """Write the data set (call inside a transaction, after ``scale.purge.purge_generated``)."""
        self.organisation()
        self.plans_and_projects()
        self.milestones()
        self.budgets()
        self.writer.reset_sequences()
        self.writer.analyze()
        self.summary.written = dict(self.writer.written)
        return self.summary


class _NoProgress:
    def update(self, n=1):
        pass

    def close(self):
        pass
