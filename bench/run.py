"""Benchmarks at city scale against PostgreSQL: each figure beside the bare SQL that returns the same rows.

    make bench                                   # 10k, 100k and 1M milestones
    .venv/bin/python bench/run.py --scales 10000 --repeat 5

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/govtrack_bench), dropped
and created afresh (``--reuse`` keeps it and the data generated at the same size) and migrated;
``generate_scale_data`` fills it for each scale (removing what it generated before).
The clock is frozen on the data set's reference date (scale.generator.REFERENCE_TIME).

For each target: the median server time of ``--repeat`` runs (around the Django test client request,
the whole middleware stack and template included, or around the service call), the median time of the
bare SQL that returns the same rows (hand-written, run with the same connection in the same process),
their ratio, the number of SQL queries of one run, and the peak of Python allocations during one run
(tracemalloc; a separate run, since tracing slows the code down). The daily reminder run also reports
the peak resident memory of a fresh process doing one run. The result is a Markdown table.
"""

import argparse
import contextlib
import datetime
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govtrack_bench"
SCALES = (10_000, 100_000, 1_000_000)
PLAN_FILE_MILESTONES = 10_000
EXPORT_ROWS = (1_000, 10_000)
#: A larger export, where the data set has the rows, to show how memory grows with the rows.
LARGE_EXPORT_ROWS = 50_000
CLOSED = ["done", "confirmed", "cancelled"]
MIB = 1024 * 1024
#: The parts of the benchmark (``--only``).
ALL_PARTS = ("pages", "reminders", "next-day", "plan", "export", "search", "report")


def database_url():
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def ensure_database(url, *, fresh=False):
    """Create the benchmark database when it does not exist; with ``fresh``, drop it first."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}", file=sys.stderr)


def setup_django(url):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


# Measuring -----------------------------------------------------------------------------------------


@dataclass
class Figure:
    target: str
    rows: int | None = None
    server_ms: float | None = None
    sql_ms: float | None = None
    queries: int | None = None
    peak_mib: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)  # figures the targets read (bench.targets)

    @property
    def ratio(self):
        if self.server_ms is None or not self.sql_ms:
            return None
        return self.server_ms / self.sql_ms


def _median_ms(call, repeat, reset=None):
    times = []
    for _ in range(repeat):
        if reset:
            reset()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run_sql(statements):
    """Run bare SQL statements ``[(sql, params)]``, fetching every row; returns the rows of the first."""
    from django.db import connection

    counted = None
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            counted = len(rows) if counted is None else counted
    return counted


class QueryCounter:
    """Counts the SQL statements run on the connection (without keeping them, unlike CaptureQueriesContext)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counting():
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def measure(target, call, *, repeat, bare=None, reset=None, note="", trace=True):
    """One figure: the median of ``repeat`` timed runs (the first also counts queries) and a traced run's memory."""
    from django.db import connection

    figure = Figure(target, note=note)
    try:
        if reset:
            reset()
        started = time.perf_counter()
        with counting() as counter:
            call()
        first = time.perf_counter() - started
        figure.queries = counter.count
        if trace:
            if reset:
                reset()
            tracemalloc.start()
            try:
                call()
                figure.peak_mib = tracemalloc.get_traced_memory()[1] / MIB
            finally:
                tracemalloc.stop()
        # The counted run is one of the timed runs (counting costs next to nothing).
        times = [first * 1000] + [_median_ms(call, 1, reset) for _ in range(repeat - 1)]
        figure.server_ms = statistics.median(times)
    except Exception as exc:  # a page that fails is reported, the others still run
        figure.note = f"failed: {type(exc).__name__}: {str(exc)[:150]}"
        connection.close()
        return figure
    if bare is not None:
        figure.rows = run_sql(bare)  # also warms the cache as the first server run did
        figure.sql_ms = _median_ms(lambda: run_sql(bare), max(repeat, 3))
    return figure


# The scenario: who and what the pages are measured for -----------------------------------------------


@dataclass
class Scenario:
    plan_id: int
    plan_code: str
    plan_milestones: int
    plan_overdue: int
    overdue_department: int
    team_id: int
    team_lead: object
    team_lead_staff: object
    department_id: int
    project_id: int
    project_milestones: int
    manager: object


def scenario():
    """The busiest of everything in the year of the reference date: the largest plan, team and project."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from departments.models import Staff
    from scale.generator import MANAGER_USERNAME, REFERENCE_DATE

    year = REFERENCE_DATE.year
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pl.id, pl.code, COUNT(*) FROM milestones_milestone m
               JOIN projects_project p ON p.id = m.project_id JOIN plans_annualplan pl ON pl.id = p.plan_id
               WHERE pl.year = %s AND pl.code LIKE 'scale-%%' AND pl.code NOT LIKE 'scale-pf-%%'
               GROUP BY pl.id, pl.code ORDER BY 3 DESC, 2 LIMIT 1""",
            [year],
        )
        plan_id, plan_code, plan_milestones = cursor.fetchone()
        cursor.execute(
            """SELECT p.department_id, COUNT(*) FROM milestones_milestone m
               JOIN projects_project p ON p.id = m.project_id
               WHERE p.plan_id = %s AND m.status <> ALL(%s) AND m.due_date < %s
               GROUP BY p.department_id ORDER BY 2 DESC, 1""",
            [plan_id, CLOSED, REFERENCE_DATE],
        )
        per_department = cursor.fetchall()
        cursor.execute(
            """SELECT s.team_id, COUNT(*) FROM milestones_milestone m JOIN departments_staff s ON s.id = m.owner_id
               JOIN projects_project p ON p.id = m.project_id JOIN plans_annualplan pl ON pl.id = p.plan_id
               WHERE pl.year = %s AND pl.code LIKE 'scale-%%' AND pl.code NOT LIKE 'scale-pf-%%'
               GROUP BY s.team_id ORDER BY 2 DESC, 1 LIMIT 1""",
            [year],
        )
        team_id, _ = cursor.fetchone()
        cursor.execute(
            """SELECT p.id, COUNT(*) FROM milestones_milestone m JOIN projects_project p ON p.id = m.project_id
               JOIN plans_annualplan pl ON pl.id = p.plan_id
               WHERE pl.year = %s AND pl.code LIKE 'scale-%%' AND pl.code NOT LIKE 'scale-pf-%%'
               GROUP BY p.id ORDER BY 2 DESC, 1 LIMIT 1""",
            [year],
        )
        project_id, project_milestones = cursor.fetchone()
    lead = Staff.objects.select_related("user").get(team_id=team_id, position=Staff.Position.TEAM_LEAD)
    return Scenario(
        plan_id=plan_id,
        plan_code=plan_code,
        plan_milestones=plan_milestones,
        plan_overdue=sum(count for _, count in per_department),
        overdue_department=per_department[0][0] if per_department else 0,
        team_id=team_id,
        team_lead=lead.user,
        team_lead_staff=lead,
        department_id=lead.department_id,
        project_id=project_id,
        project_milestones=project_milestones,
        manager=get_user_model().objects.get(username=MANAGER_USERNAME),
    )


# Bare SQL -------------------------------------------------------------------------------------------

_MINE = """
WITH mine AS (
  SELECT m.id, m.title, m.date_text, m.due_date, m.baseline_due_date, m.status, m.percent_complete, m."order",
         p.number, p.title AS project_title, s.name AS owner_name,
         CASE WHEN m.status = 'done' THEN 'review' WHEN m.status IN ('confirmed', 'cancelled') THEN 'closed'
              WHEN m.due_date IS NULL THEN 'undated' WHEN m.due_date < %(today)s THEN 'overdue'
              WHEN m.due_date <= date_trunc('week', %(today)s::date) + interval '6 days' THEN 'week'
              WHEN m.due_date < date_trunc('month', %(today)s::date) + interval '1 month' THEN 'month'
              ELSE 'later' END AS urgency
  FROM milestones_milestone m
  JOIN projects_project p ON p.id = m.project_id
  JOIN plans_annualplan pl ON pl.id = p.plan_id
  JOIN departments_staff s ON s.id = m.owner_id
  WHERE pl.year = %(year)s AND p.department_id = %(department)s AND (s.team_id = %(team)s OR m.owner_id = %(lead)s)
)
"""

#: The site header's count of unread reminders, on every page.
BELL_SQL = """SELECT COUNT(*) FROM reminders_delivery d JOIN departments_staff s ON s.id = d.recipient_id
WHERE d.read_at IS NULL AND s.user_id = %(user)s"""

#: The plan a review page shows and the plans of its year to choose from.
_SCOPE_SQL = [
    "SELECT * FROM plans_annualplan WHERE code = %(code)s",
    """SELECT pl.id, pl.code, pl.year, pl.title FROM plans_annualplan pl
       WHERE (pl.year = %(year)s AND EXISTS (SELECT 1 FROM projects_project p WHERE p.plan_id = pl.id))
          OR pl.id = %(plan)s ORDER BY pl.year DESC, pl.is_demo, pl.code""",
]

_OVERDUE = """FROM milestones_milestone m JOIN projects_project p ON p.id = m.project_id
JOIN departments_department d ON d.id = p.department_id
LEFT JOIN departments_staff s ON s.id = m.owner_id LEFT JOIN departments_department t ON t.id = s.team_id
WHERE p.plan_id = %(plan)s AND m.status <> ALL(%(closed)s) AND m.due_date < %(on)s"""

# What the overdue list shows from the database (not session and auth): a page of the filtered rows and their summary
# per department, the filter choices (what occurs among all the plan's overdue rows), the plan, the plans of its year
# to choose from, unread reminders.
OVERDUE_SQL = [
    """SELECT m.id, m.title, m.date_text, m.start_date, m.due_date, m.status, m.percent_complete, m.is_tentative,
              p.id, p.number, p.title, d.id, d.name, s.id, s.name, t.id, t.name """
    + _OVERDUE
    + " {where} ORDER BY {order} LIMIT 51 OFFSET %(offset)s",
    "SELECT d.id, d.code, d.name, COUNT(*), MIN(m.due_date) " + _OVERDUE + " {where} GROUP BY d.id ORDER BY 5, 1",
    """SELECT DISTINCT d.id, d."order", d.name, t.id, t."order", t.name, p.id, p.number, p.title, s.id, s.name,
              s.title """
    + _OVERDUE,
    *_SCOPE_SQL,
    BELL_SQL,
]

# What /my/ shows from the database (not session and auth): open groups' first rows, counts, years, unread reminders.
MY_SQL = [
    _MINE
    + """SELECT * FROM (
  SELECT mine.*, ROW_NUMBER() OVER (PARTITION BY urgency ORDER BY due_date, number, "order", id) AS rank
  FROM mine WHERE urgency <> 'closed'
) ranked WHERE rank <= %(preview)s ORDER BY due_date, number, "order", id""",
    _MINE + "SELECT urgency, COUNT(*) FROM mine GROUP BY urgency",
    """SELECT DISTINCT pl.year FROM milestones_milestone m
  JOIN projects_project p ON p.id = m.project_id JOIN plans_annualplan pl ON pl.id = p.plan_id
  JOIN departments_staff s ON s.id = m.owner_id
  WHERE p.department_id = %(department)s AND (s.team_id = %(team)s OR m.owner_id = %(lead)s) ORDER BY 1 DESC""",
    BELL_SQL,
]

PLAN_ITEMS_SQL = """
SELECT m.id, m.project_id, p.department_id, m.title, m.date_text, m.status, m.start_date, m.due_date,
       m.percent_complete, m.is_tentative, s.name
FROM milestones_milestone m JOIN projects_project p ON p.id = m.project_id
LEFT JOIN departments_staff s ON s.id = m.owner_id
WHERE p.plan_id = %(plan)s ORDER BY m.due_date, p.number, m."order"
"""

PLAN_HISTORY_SQL = """
SELECT h.id, h.history_date, h.history_type, h.history_change_reason, h.project_id, h.status, h.start_date,
       h.due_date, h.percent_complete
FROM milestones_historicalmilestone h
WHERE h.project_id IN (SELECT id FROM projects_project WHERE plan_id = %(plan)s)
ORDER BY h.id, h.history_date, h.history_id
"""

# What the dashboard shows from the database (not session and auth): the plan's milestones and their history (its
# figures, next items and status over time are sums of these), its projects and their budget lines, the plan, the
# plans of its year to choose from, unread reminders.
DASHBOARD_SQL = [
    PLAN_ITEMS_SQL,
    PLAN_HISTORY_SQL,
    """SELECT p.id, p.number, p.title, d.id, d.name FROM projects_project p
       JOIN departments_department d ON d.id = p.department_id WHERE p.plan_id = %(plan)s ORDER BY p.number""",
    """SELECT l.project_id, SUM(l.current_budget), SUM(l.commitments) FROM budgets_budgetline l
       WHERE l.project_id IS NOT NULL AND l.table_id = (
         SELECT t.id FROM budgets_budgettable t WHERE t.plan_id = %(plan)s AND t.kind = 'expenditure'
           AND t.as_of <= %(on)s AND EXISTS (SELECT 1 FROM budgets_budgetline x WHERE x.table_id = t.id
                                              AND x.project_id IS NOT NULL)
         ORDER BY t.as_of DESC, t."order" DESC LIMIT 1)
       GROUP BY l.project_id""",
    *_SCOPE_SQL,
    BELL_SQL,
]

# What the project page shows from the database (not session and auth): milestones, newest history records with
# each one's previous record, the project, teams, contacts, budget, achievements and unread reminders.
PROJECT_SQL = [
    """SELECT m.id, m.key, m.title, m.date_text, m.start_date, m.due_date, m.baseline_due_date, m.status,
              m.percent_complete, s.name FROM milestones_milestone m LEFT JOIN departments_staff s ON s.id = m.owner_id
       WHERE m.project_id = %(project)s ORDER BY m."order", m.key""",
    """SELECT h.*, u.*, st.*, (SELECT b.history_id FROM milestones_historicalmilestone b
                                  WHERE b.id = h.id AND b.history_id < h.history_id ORDER BY 1 DESC LIMIT 1)
       FROM milestones_historicalmilestone h LEFT JOIN auth_user u ON u.id = h.history_user_id
       LEFT JOIN departments_staff st ON st.user_id = u.id
       WHERE h.project_id = %(project)s ORDER BY h.history_id DESC LIMIT %(history)s""",
    """SELECT b.* FROM milestones_historicalmilestone b WHERE b.history_id IN (
         SELECT (SELECT prev.history_id FROM milestones_historicalmilestone prev
                 WHERE prev.id = h.id AND prev.history_id < h.history_id ORDER BY 1 DESC LIMIT 1)
         FROM milestones_historicalmilestone h WHERE h.project_id = %(project)s ORDER BY h.history_id DESC
         LIMIT %(history)s)""",
    """SELECT p.*, pl.*, d.* FROM projects_project p JOIN plans_annualplan pl ON pl.id = p.plan_id
       JOIN departments_department d ON d.id = p.department_id WHERE p.id = %(project)s""",
    """SELECT d.* FROM departments_department d JOIN projects_project_teams t ON t.department_id = d.id
       WHERE t.project_id = %(project)s ORDER BY d."order", d.name""",
    """SELECT c.*, s.* FROM projects_projectcontact c JOIN departments_staff s ON s.id = c.staff_id
       WHERE c.project_id = %(project)s ORDER BY c.order""",
    'SELECT * FROM projects_projectbudgetitem WHERE project_id = %(project)s ORDER BY "order"',
    """SELECT e.*, f.* FROM projects_projectentry e LEFT JOIN projects_entryfigure f ON f.entry_id = e.id
       WHERE e.project_id = %(project)s AND e.section = 'achievement'
       ORDER BY e.parent_id NULLS FIRST, e.order, f.order""",
    BELL_SQL,
]

REMINDER_SQL = """
SELECT m.*, p.*, s.*, u.*, t.*, d.*
FROM milestones_milestone m
JOIN projects_project p ON p.id = m.project_id
JOIN plans_annualplan pl ON pl.id = p.plan_id
LEFT JOIN departments_staff s ON s.id = m.owner_id
LEFT JOIN auth_user u ON u.id = s.user_id
LEFT JOIN departments_department t ON t.id = s.team_id
LEFT JOIN departments_department d ON d.id = s.department_id
WHERE m.status <> ALL(%s) AND m.due_date IS NOT NULL AND m.due_date <= %s AND NOT pl.is_demo
ORDER BY m.due_date, p.number, m."order", m.id
"""

#: The rows of the export, with the values it reads of them (``reviews.selectors.EXPORT_FIELDS``).
EXPORT_SQL = """
SELECT m.id, m.title, m.date_text, m.start_date, m.due_date, m.date_precision, m.status, m.percent_complete,
       m.is_tentative, d.name, p.number, p.title, s.name, t.name
FROM milestones_milestone m
JOIN projects_project p ON p.id = m.project_id
JOIN departments_department d ON d.id = p.department_id
LEFT JOIN departments_staff s ON s.id = m.owner_id
LEFT JOIN departments_department t ON t.id = s.team_id
ORDER BY m.due_date, p.number, m."order", m.id LIMIT %s
"""

#: The "as of" overdue list is measured for this past date (a Monday two months before the reference date).
AS_OF = datetime.date(2023, 9, 25)

#: The reminder rules look ahead at most 7 working days; 14 calendar days cover them with holidays.
REMINDER_HORIZON_DAYS = 14


# Targets --------------------------------------------------------------------------------------------


def page(client, url):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: status {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    return call


def page_figures(s, repeat):
    from django.test import Client

    from bench import frame
    from milestones.selectors import PREVIEW_ROWS, PROJECT_HISTORY_RECORDS
    from scale.generator import REFERENCE_DATE

    manager = Client()
    manager.force_login(s.manager)
    lead = Client()
    lead.force_login(s.team_lead)
    base = f"/milestones/overdue/?plan={s.plan_code}"
    last_page = max(1, -(-s.plan_overdue // 50))
    review = {
        "code": s.plan_code,
        "plan": s.plan_id,
        "year": REFERENCE_DATE.year,
        "closed": CLOSED,
        "on": REFERENCE_DATE,
        "department": s.overdue_department,
        "user": s.manager.pk,
    }

    def overdue_sql(*, where="", order='m.due_date, p.number, m."order"', offset=0):
        return [(sql.format(where=where, order=order), {**review, "offset": offset}) for sql in OVERDUE_SQL]

    def in_frame(target, client, bare):
        """The floor of ``target``: its bare statements shown in the site's frame (``bench.frame``)."""
        case = f"case{len(frame.STATEMENTS)}"
        frame.STATEMENTS[case] = bare
        return measure(
            f"{target}: its bare SQL in the site's frame (floor)",
            page(client, f"/bench/frame/{case}/"),
            repeat=repeat,
            bare=bare,
        )

    mine = {
        "today": REFERENCE_DATE,
        "year": REFERENCE_DATE.year,
        "department": s.department_id,
        "team": s.team_id,
        "lead": s.team_lead_staff.pk,
        "preview": PREVIEW_ROWS,
        "user": s.team_lead.pk,
    }
    my_sql = [(sql, mine) for sql in MY_SQL]
    project_sql = [
        (sql, {"project": s.project_id, "history": PROJECT_HISTORY_RECORDS, "user": s.manager.pk})
        for sql in PROJECT_SQL
    ]
    filtered_sql = overdue_sql(where="AND p.department_id = %(department)s AND m.status IN ('delayed')")
    anonymous = Client()
    figures = [
        measure(
            "an empty Django view (the site's middleware, signed out)", page(anonymous, "/bench/empty/"), repeat=repeat
        ),
        measure(
            "an empty page in the site's frame (session, login, role, header, bell), a manager",
            page(manager, "/bench/frame/"),
            repeat=repeat,
        ),
        measure(
            "an empty page in the site's frame, the busiest team lead",
            page(lead, "/bench/frame/"),
            repeat=repeat,
        ),
        measure(
            "overdue list, first page",
            page(manager, base),
            repeat=repeat,
            bare=overdue_sql(),
        ),
        in_frame("overdue list, first page", manager, overdue_sql()),
        measure(
            f"overdue list as of a past date ({AS_OF}), first page",
            page(manager, f"{base}&on={AS_OF.isoformat()}"),
            repeat=repeat,
        ),
        measure(
            "overdue list, filtered (department, delayed)",
            page(manager, f"{base}&department={s.overdue_department}&status=delayed"),
            repeat=repeat,
            bare=filtered_sql,
        ),
        in_frame("overdue list, filtered", manager, filtered_sql),
        measure(
            f"overdue list, deep page ({last_page})",
            page(manager, f"{base}&page={last_page}"),
            repeat=repeat,
            bare=overdue_sql(offset=(last_page - 1) * 50),
        ),
        in_frame(f"overdue list, deep page ({last_page})", manager, overdue_sql(offset=(last_page - 1) * 50)),
        measure(
            "overdue list, sorted by days overdue",
            page(manager, f"{base}&sort=days_overdue"),
            repeat=repeat,
            bare=overdue_sql(order="m.due_date DESC"),
        ),
        in_frame("overdue list, sorted by days overdue", manager, overdue_sql(order="m.due_date DESC")),
        measure(
            "/my/ of the busiest team lead",
            page(lead, "/my/"),
            repeat=repeat,
            bare=my_sql,
        ),
        in_frame("/my/", lead, my_sql),
        measure(
            f"project page ({s.project_milestones} milestones)",
            page(manager, f"/projects/{s.project_id}/"),
            repeat=repeat,
            bare=project_sql,
        ),
        in_frame(f"project page ({s.project_milestones} milestones)", manager, project_sql),
        measure(
            "manager dashboard (largest plan)",
            page(manager, f"/dashboard/?plan={s.plan_code}"),
            repeat=repeat,
            bare=[(sql, review) for sql in DASHBOARD_SQL],
        ),
    ]
    return figures


def reset_reminders():
    """No reminders recorded; TRUNCATE rather than DELETE leaves no dead rows to slow the next run down."""
    from django.core import mail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_delivery, reminders_digest")
    mail.outbox = []


def analyze_reminders():
    """Statistics of the rows a run wrote, as autovacuum gathers them after so many inserts (the benchmark
    server may run without autovacuum): the next day's run and the sending read the rows by them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reminders_delivery, reminders_digest")


def reset_reminder_run():
    """No reminders recorded and no e-mails waiting in the benchmark's queue."""
    from bench.sending import purge_queue

    reset_reminders()
    purge_queue()


def reminder_figures(repeat):
    """The run as the periodic task does it, its e-mails queued on the benchmark's Redis (nothing mocked); then
    the e-mails sent by Celery workers to an SMTP sink. Memory is the peak resident size of a fresh process
    doing one run and of each worker (the 300 MiB target is about the processes), so these runs are not traced."""
    from bench.sending import queued_tasks
    from reminders.models import Delivery, Digest
    from reminders.services import reminders_scan
    from scale.generator import REFERENCE_DATE, REFERENCE_TIME

    bare = [(REMINDER_SQL, [CLOSED, REFERENCE_DATE + datetime.timedelta(days=REMINDER_HORIZON_DAYS)])]
    scan = measure(
        "daily reminder run: selection, delivery records, digests, e-mails queued on Redis",
        lambda: reminders_scan(now=REFERENCE_TIME),
        repeat=repeat,
        reset=reset_reminder_run,
        bare=bare,
        trace=False,
    )
    scan.note = (
        f"{Delivery.objects.count():,} reminders in {Digest.objects.count():,} e-mails, "
        f"{queued_tasks():,} tasks queued"
    )
    reset_reminder_run()
    fresh = Figure("daily reminder run, one run in a fresh process (e-mails queued on Redis)")
    in_process = Figure("reminder e-mails sent in the run's process (no Redis), after that run")
    child = reminder_process_run()
    if child is None:
        fresh.note = in_process.note = "failed (see the log)"
        return [scan, fresh, in_process]
    fresh.server_ms, fresh.queries = child["ms"], child["queries"]
    fresh.rows, fresh.sql_ms = scan.rows, scan.sql_ms
    fresh.note = (
        f"{child['reminders']:,} reminders in {child['digests']:,} e-mails, {child['tasks']:,} tasks queued; "
        f"peak RSS {child['rss_mib']:.0f} MiB"
    )
    sent = child["sent"]
    in_process.extra = {"rss_mib": child["send_rss_mib"]}
    in_process.server_ms, in_process.queries = child["send_ms"], child["send_queries"]
    in_process.note = (
        f"{sent:,} e-mails built and dropped: {child['send_ms'] / max(sent, 1):.1f} ms and "
        f"{child['send_queries'] / max(sent, 1):.1f} queries per e-mail, {sent * 1000 / max(child['send_ms'], 1):.0f}"
        f" e-mails/s; peak RSS {child['send_rss_mib']:.0f} MiB (after the run: {child['rss_mib']:.0f} MiB)"
    )
    figures = [scan, fresh, in_process, *worker_figures(child["pending"] - child["sent"])]
    reset_reminder_run()
    return figures


def worker_figures(available):
    """The queued e-mails sent by one worker process, then by two, each for the next BENCH_WORKER_SENDS e-mails."""
    from bench.sending import workers_send
    from bench.smtpsink import SmtpSink

    count = min(int(os.environ.get("BENCH_WORKER_SENDS") or 3000), available // 2)
    figures = []
    with SmtpSink() as sink:
        for workers in (1, 2):
            figure = Figure(
                f"reminder e-mails sent by {workers} Celery worker process{'es' if workers > 1 else ''}"
                " from Redis to an SMTP sink"
            )
            try:
                sent, seconds, half, end = workers_send(sink, workers, count)
            except TimeoutError as exc:
                figure.note = f"failed: {exc}"
                figures.append(figure)
                continue
            figure.server_ms = seconds * 1000
            figure.extra = {"rate": sent / seconds, "peak_mib": max(end)}
            figure.note = (
                f"{sent:,} e-mails in {seconds:.1f} s: {sent / seconds:.0f} e-mails/s; peak RSS per worker "
                f"{', '.join(f'{m:.0f}' for m in half)} MiB at {sent // 2:,} e-mails, "
                f"{', '.join(f'{m:.0f}' for m in end)} MiB at {sent:,}"
            )
            figures.append(figure)
    return figures


def next_day_figure(repeat):
    """The run of the working day after the reference date, once the reference date's run is recorded: the
    steady state of a daily run (only what became due overnight is new)."""
    from django.db import connection

    from reminders.services import reminders_scan
    from scale.generator import REFERENCE_TIME
    from workdays.calendar import WorkCalendar

    next_day = WorkCalendar.load().next_working_day(REFERENCE_TIME.date())
    now = datetime.datetime.combine(next_day, REFERENCE_TIME.timetz())
    horizon = next_day + datetime.timedelta(days=REMINDER_HORIZON_DAYS)
    reset_reminder_run()
    reminders_scan(now=REFERENCE_TIME)
    analyze_reminders()

    def undo_next_day():
        from bench.sending import purge_queue

        purge_queue()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM reminders_delivery WHERE remind_on = %s", [next_day])
            cursor.execute("DELETE FROM reminders_digest WHERE remind_on = %s", [next_day])

    def run():
        return reminders_scan(now=now)

    figure = measure(
        f"daily reminder run on the next working day ({next_day}), the day before recorded",
        run,
        repeat=repeat,
        reset=undo_next_day,
        bare=[(REMINDER_SQL, [CLOSED, horizon])],
        trace=False,
    )
    from reminders.models import Delivery, Digest

    figure.note = (
        f"{Delivery.objects.filter(remind_on=next_day).count():,} new reminders in "
        f"{Digest.objects.filter(remind_on=next_day).count():,} e-mails (queued on Redis)"
    )
    reset_reminder_run()
    return figure


def reminder_process_run():
    """Figures of a fresh process doing one reminder run, then sending its e-mails (see _reminder_process)."""
    completed = subprocess.run(
        [sys.executable, __file__, "--reminder-process"],
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_DATABASE_URL": database_url()},
        check=False,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        print(completed.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(lines[-1])


def peak_rss_mib():
    """This process's peak resident memory: VmHWM, since ru_maxrss also counts what the parent held when it
    forked this process."""
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DiscardingEmailBackend(BaseEmailBackend):
    """Builds each message as SMTP would send it, then drops it: memory stays the run's, not an outbox's."""

    def send_messages(self, messages):
        for message in messages:
            message.message().as_bytes()
        return len(messages)


def _reminder_process():
    """One run as production runs it, its e-mails queued on the benchmark's Redis (time, queries, tasks queued,
    peak RSS); then the last BENCH_REMINDER_SENDS (default 2,000) of its e-mails sent in this process in the
    send task's chunks, as without Redis (the discarding backend builds each message as SMTP would send it).
    The e-mails and their tasks are left for the workers (bench.sending)."""
    setup_django(database_url())
    import time_machine
    from django.conf import settings

    from bench.sending import queued_tasks
    from reminders.models import Delivery, Digest
    from reminders.services import reminders_scan
    from reminders.tasks import SEND_CHUNK, send_digests
    from scale.generator import REFERENCE_TIME

    settings.EMAIL_BACKEND = f"{__name__}.DiscardingEmailBackend"
    reset_reminder_run()
    with time_machine.travel(REFERENCE_TIME, tick=True):
        with counting() as counter:
            started = time.perf_counter()
            result = reminders_scan(now=REFERENCE_TIME)
            elapsed = time.perf_counter() - started
        rss_mib = peak_rss_mib()
        tasks = queued_tasks()
        analyze_reminders()
    pending = [d.pk for d in result.digests if d.status == Digest.Status.PENDING]
    limit = min(int(os.environ.get("BENCH_REMINDER_SENDS") or 2000), len(pending) // 3)
    mine = pending[len(pending) - limit :]
    with counting() as send_counter:
        started = time.perf_counter()
        for start in range(0, len(mine), SEND_CHUNK):
            send_digests.apply(args=[mine[start : start + SEND_CHUNK]])
        send_elapsed = time.perf_counter() - started
    figures = {
        "ms": elapsed * 1000,
        "queries": counter.count,
        "reminders": Delivery.objects.count(),
        "digests": len(result.digests),
        "tasks": tasks,
        "rss_mib": rss_mib,
        "pending": len(pending),
        "sent": Digest.objects.filter(pk__in=mine, status=Digest.Status.SENT).count(),
        "send_ms": send_elapsed * 1000,
        "send_queries": send_counter.count,
        "send_rss_mib": peak_rss_mib(),
    }
    print(json.dumps(figures))


def plan_load_figures(repeat, workdir):
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.make_plan_file import PLAN_CODE, PREFIX, write_plan_file
    from bench.planload import cpu_seconds, upload_figures
    from milestones.models import Milestone
    from scale.purge import purge_generated
    from scale.writer import BulkWriter

    path = Path(workdir) / f"plan-{PLAN_FILE_MILESTONES}.yaml"
    if not path.exists():
        write_plan_file(path, PLAN_FILE_MILESTONES)

    def reset():
        with transaction.atomic():
            purge_generated(PREFIX)

    def load():
        call_command("load_plan", str(path), stdout=io.StringIO())

    figure = measure(
        f"plan load: load_plan of a {PLAN_FILE_MILESTONES:,}-milestone plan file",
        load,
        repeat=repeat,
        reset=reset,
        note=f"{path.stat().st_size / MIB:.1f} MiB YAML",
    )
    if figure.server_ms is None:
        return [figure]
    reset()
    figure.note += f"; CPU of this process {cpu_seconds(load):.1f} s"
    # The bare figure: the same milestone and history rows written with COPY, in a transaction rolled back.
    history = Milestone.history.model
    projects = "SELECT p.id FROM projects_project p JOIN plans_annualplan pl ON pl.id = p.plan_id WHERE pl.code = %s"

    def rows_of(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} WHERE project_id IN ({projects})", [PLAN_CODE])
            names = [c.name for c in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    milestones, history_rows = rows_of("milestones_milestone"), rows_of("milestones_historicalmilestone")
    times = []
    for _ in range(repeat):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM milestones_historicalmilestone WHERE project_id IN ({projects})", [PLAN_CODE]
                )
                cursor.execute(
                    "UPDATE milestones_milestone SET parent_id = NULL WHERE parent_id IS NOT NULL AND project_id IN ("
                    + projects
                    + ")",
                    [PLAN_CODE],
                )
                cursor.execute(f"DELETE FROM milestones_milestone WHERE project_id IN ({projects})", [PLAN_CODE])
            writer = BulkWriter()
            started = time.perf_counter()
            writer.write(Milestone, milestones)
            writer.write(history, history_rows)
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    figure.rows = len(milestones)
    figure.sql_ms = statistics.median(times) * 1000
    figure.note += "; bare: COPY of the same milestone and history rows"
    reset()
    return [figure, *upload_figures(repeat, path, measure=measure, reset=reset, bare_ms=figure.sql_ms)]


def export_figures(repeat, heavy_repeat, scale):
    from bench import exports

    return exports.export_figures(
        repeat,
        heavy_repeat,
        scale,
        measure=measure,
        Figure=Figure,
        export_sql=EXPORT_SQL,
        rows_for=lambda size: [*EXPORT_ROWS, *([LARGE_EXPORT_ROWS] if size >= 2 * LARGE_EXPORT_ROWS else [])],
    )


# Running --------------------------------------------------------------------------------------------


def generated_milestones():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT COUNT(*) FROM milestones_milestone m JOIN projects_project p ON p.id = m.project_id
               JOIN plans_annualplan pl ON pl.id = p.plan_id WHERE pl.code LIKE 'scale-%%'
               AND pl.code NOT LIKE 'scale-pf-%%'"""
        )
        return cursor.fetchone()[0]


def generate(scale, seed, reuse):
    from django.core.management import call_command

    if reuse and generated_milestones() == scale:
        print(f"Reusing the generated {scale:,} milestones", file=sys.stderr)
        return None
    out = io.StringIO()
    started = time.perf_counter()
    call_command("generate_scale_data", milestones=scale, seed=seed, stdout=out, skip_checks=True)
    elapsed = time.perf_counter() - started
    print(out.getvalue(), file=sys.stderr)
    return elapsed


def fmt(value, digits=1):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def table(scale, figures, generated_in, s):
    lines = [
        f"### {scale:,} milestones",
        "",
        f"Largest plan of the year: `{s.plan_code}` ({s.plan_milestones:,} milestones, {s.plan_overdue:,} overdue). "
        + (f"Generated in {generated_in:.0f} s." if generated_in else ""),
        "",
        "| Target | Rows | Server ms (median) | Bare SQL ms (median) | Ratio | Queries | Peak Python MiB | Notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.1f}×" if f.ratio is not None else "–"
        rows = f"{f.rows:,}" if f.rows is not None else "–"
        lines.append(
            f"| {f.target} | {rows} | {fmt(f.server_ms)} | {fmt(f.sql_ms)} | {ratio} | {f.queries or '–'} | "
            f"{fmt(f.peak_mib)} | {f.note} |"
        )
    return "\n".join(lines) + "\n"


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    memory = ""
    with contextlib.suppress(OSError), open("/proc/meminfo") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
        memory = f"{total_kib / 1024 / 1024:.1f} GiB memory"
    return (
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, {memory}, PostgreSQL {version}, "
        f"Python {platform.python_version()}"
    )


def main():
    parser = argparse.ArgumentParser(description="City-scale benchmarks (see docs/performance.md).")
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--repeat", type=int, default=7, help="Runs per figure; the median is reported.")
    parser.add_argument("--heavy-repeat", type=int, default=3, help="Runs of the reminder run and the plan load.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the database and data already generated at the same size (default: a fresh database).",
    )
    parser.add_argument("--only", nargs="+", choices=[*ALL_PARTS], default=None)
    parser.add_argument("--output", default=str(ROOT / "artefacts" / "bench.md"))
    parser.add_argument("--reminder-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reminder_process:
        from bench.sending import configure_broker

        configure_broker()
        _reminder_process()
        return
    url = database_url()
    from bench.sending import configure_broker

    configure_broker()
    ensure_database(url, fresh=not args.reuse)
    setup_django(url)
    import time_machine
    from django.core.management import call_command

    from bench import newpages
    from bench.targets import target_table
    from scale.generator import REFERENCE_TIME

    call_command("migrate", verbosity=0, skip_checks=True)
    only = set(args.only or ALL_PARTS)
    report = [
        f"## Benchmark: {machine()}",
        "",
        f"Median of {args.repeat} runs ({args.heavy_repeat} for the reminder run and the plan load).",
        "",
    ]
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for scale in args.scales:
            generated_in = generate(scale, args.seed, args.reuse)
            figures = []
            with time_machine.travel(REFERENCE_TIME, tick=True):
                s = scenario()
                if "pages" in only:
                    figures += page_figures(s, args.repeat)
                if "reminders" in only:
                    figures += reminder_figures(args.heavy_repeat)
                if "next-day" in only:
                    figures.append(next_day_figure(args.heavy_repeat))
                if "plan" in only:
                    figures += plan_load_figures(args.heavy_repeat, workdir)
                if "export" in only:
                    figures += export_figures(args.repeat, args.heavy_repeat, scale)
                if "search" in only:
                    figures += newpages.search_figures(s, args.repeat, measure=measure, page=page)
                if "report" in only:
                    figures += newpages.report_figures(s, args.heavy_repeat, measure=measure, page=page)
            report.append(table(scale, figures, generated_in, s))
            report.append(f"#### Targets at {scale:,} milestones\n\n" + target_table(figures))
            output.write_text("\n".join(report), encoding="utf-8")
            print(report[-2], report[-1], sep="\n", flush=True)
    print(f"Written to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
