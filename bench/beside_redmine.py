"""govtrack beside Redmine over HTTP: the same three kinds of page on both servers, timed in the same run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/i15_bench .venv/bin/python bench/beside_redmine.py \\
        --redmine http://127.0.0.1:3300 --redmine-key "$(cat /tmp/redmine-peer-pg/api_key)" \\
        --redmine-pids "$(cat /tmp/redmine-peer-pg/redmine.pid) $(head -1 /tmp/redmine-peer-pg/pgdata/postmaster.pid)"

Redmine is a running server on the loopback (the Redmine peer: thin, one process, PostgreSQL). govtrack is started
here on a free loopback port as docker-compose.yml runs it (gunicorn, the production settings, PostgreSQL and Redis)
but with one worker of one thread, as thin serves one request at a time. The driver stands where the deployment's
reverse proxy stands: gunicorn believes ``X-Forwarded-Proto: https`` from 127.0.0.1 alone
(``DJANGO_TRUSTED_PROXIES``), so the production settings run unchanged (redirect to HTTPS, secure cookies, HSTS).

The pages, first page of each:

- the overdue list: Redmine's issue list filtered to open issues due before today, across all projects, 50 a
  page, sorted by due date (as the peer's ``bench.sh``), with the API key; govtrack's ``/milestones/overdue/`` of
  the largest plan of the data set's year, as the generated manager;
- a person's own page: Redmine's ``/my/page`` of ``--redmine-user`` (signed in with its password: Redmine takes
  an API key on its API alone), govtrack's ``/my/`` of the team lead whose team owns the most milestones;
- a project: Redmine's roadmap of ``--redmine-project`` (every open version with its issues), with the API key;
  govtrack's project page of the project with the most milestones, as the manager.

Each page gets ``--warmup`` requests per server, then ``--requests`` serial requests per server in rounds of
``--round``: five to Redmine, five to govtrack, five to Redmine... (which server starts alternates), each a new
connection, timed from connecting to the last byte of the body. The table gives the medians, their ratio, the rows
each page shows and the time per row. ``foreign%`` is the CPU other processes took meanwhile, in % of one core:
all busy CPU less this process, gunicorn and its database session, and ``--redmine-pids`` with their children
(thin, Redmine's PostgreSQL).

``--clock reference`` (the default) serves the data set at its reference date (``bench/reference_clock.py``, not
available in production); ``--clock real`` serves it on today's date, where every open milestone of it is years
overdue. ``--as-of`` adds the overdue list asked for the reference date explicitly (``?on=``), which on the real
clock is read from the change history.

``--profile DIR`` times nothing beside Redmine: it serves govtrack's pages with ``bench/settings_http_profile.py``
(pyinstrument; never production) and writes each page's profile and its medians of wall, CPU and database time in
the worker (``bench/http_profile.py``). ``--pages`` picks pages by their number in the table.

govtrack sessions are written here as a sign-in writes them and deleted at the end: nothing else is written to
the database (a read-only data set stays as it was).
"""

import argparse
import http.client
import ipaddress
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import database_url, setup_django  # noqa: E402
from bench.served import free_port, serve, sign_in, sign_out  # noqa: E402

APPLICATION_NAME = "govtrack-beside-redmine"
LOOPBACK = "127.0.0.1"


# HTTP -------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    host: str
    port: int
    headers: dict = field(default_factory=dict)

    def get(self, path, headers=None):
        """(status, response headers, body, seconds): a GET on a new connection, timed to the body's last byte."""
        began = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        try:
            connection.request("GET", path, headers={**self.headers, **(headers or {}), "Connection": "close"})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        return response.status, response.headers, body, time.perf_counter() - began


def loopback_server(name, url):
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        is_loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_loopback = host == "localhost"
    if parts.scheme != "http" or not is_loopback:
        raise SystemExit(f"{name} must be an http:// address on the loopback, not {url!r}")
    return Server(name, host, parts.port or 80)


def session_cookie(headers):
    """``name=value`` of the first cookie a response sets (Redmine's session cookie), or None."""
    values = headers.get_all("Set-Cookie") or []
    return values[0].split(";", 1)[0] if values else None


def redmine_session(server, user, password):
    """A Redmine session cookie (``name=value``) for ``user``, signed in through the login form."""
    status, headers, body, _ = server.get("/login")
    token = re.search(rb'name="authenticity_token" value="([^"]+)"', body)
    cookie = session_cookie(headers)
    if status != 200 or not token or not cookie:
        raise SystemExit(f"Redmine's login form did not answer as expected (status {status})")
    form = urllib.parse.urlencode(
        {"authenticity_token": token.group(1).decode(), "username": user, "password": password, "login": "Login"}
    )
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    connection.request(
        "POST",
        "/login",
        body=form,
        headers={**server.headers, "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    signed_in = session_cookie(response.headers)
    if response.status != 302 or "/login" in (response.headers.get("Location") or "") or not signed_in:
        raise SystemExit(f"Redmine refused the sign-in of {user!r} (status {response.status})")
    return signed_in


# govtrack -------------------------------------------------------------------------------------------------


def gunicorn_command(port, clock):
    application = "bench.reference_clock:application" if clock == "reference" else "govtrack.wsgi:application"
    # docker-compose.yml's command, bound to the loopback, with one worker of one thread.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        application,
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        "1",
        "--threads",
        "1",
        "--access-logfile",
        "-",
        # Other servers on this machine would share the default control socket; requests never touch it.
        "--no-control-socket",
    ]


def start_gunicorn(port, clock, secret_key, redis_url, profile=None):
    url = database_url()
    url += ("&" if "?" in url else "?") + f"application_name={APPLICATION_NAME}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_http_profile" if profile else "govtrack.settings.production",
        "BENCH_PROFILE_DIR": profile or "",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": LOOPBACK,
        "DJANGO_TRUSTED_PROXIES": LOOPBACK,
    }
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_DEBUG"):
        env.pop(name, None)
    command = gunicorn_command(port, clock)
    return serve(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL), command


# Rows shown -------------------------------------------------------------------------------------------------

REDMINE_ISSUE_ROW = re.compile(rb'<tr id="issue-\d+"')
REDMINE_ROADMAP_ROW = re.compile(rb'<tr class="[^"]*\bhascontextmenu\b')
REDMINE_TOTAL = re.compile(rb'class="items">\(\d+-\d+/(\d+)\)')


def count(pattern):
    return lambda body: len(pattern.findall(body))


def tbody_rows(body):
    """Rows of the page's table bodies (<tr> inside <tbody>)."""
    return sum(part.count(b"<tr") for part in re.findall(rb"<tbody[^>]*>(.*?)</tbody>", body, re.S))


def milestone_links(body):
    """Milestones the page links to, each once."""
    return len(set(re.findall(rb'href="/milestones/(\d+)/"', body)))


@dataclass
class Page:
    name: str
    redmine_path: str
    redmine_headers: dict
    redmine_rows: object
    govtrack_path: str
    govtrack_cookie: str
    govtrack_rows: object
    note: str = ""


# CPU of the other processes -------------------------------------------------------------------------------


def _children():
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            found.setdefault(int(fields[1]), []).append(int(entry))
    return found


def _ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _busy_ticks():
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]) - idle


class CpuMeter:
    """Busy CPU of the machine less that of the given processes and their children, in % of one core."""

    def __init__(self, roots):
        self.roots = [pid for pid in roots if pid]

    def _ours(self):
        children, pids, todo = _children(), set(), list(self.roots)
        while todo:
            pid = todo.pop()
            if pid not in pids:
                pids.add(pid)
                todo.extend(children.get(pid, []))
        return sum(_ticks(pid) for pid in pids)

    def start(self):
        self.began = (time.monotonic(), _busy_ticks(), self._ours())

    def foreign_percent(self):
        wall, busy, ours = self.began
        seconds = time.monotonic() - wall
        ticks = (_busy_ticks() - busy) - (self._ours() - ours)
        return max(0.0, 100.0 * ticks / os.sysconf("SC_CLK_TCK") / seconds) if seconds > 0 else 0.0


def wait_for_quiet(limit_seconds, percent):
    """Wait (at most ``limit_seconds``) until the whole machine's busy CPU over a second is below ``percent`` of one
    core; returns the last reading."""
    deadline = time.monotonic() + limit_seconds
    while True:
        busy = _busy_ticks()
        time.sleep(1)
        reading = 100.0 * (_busy_ticks() - busy) / os.sysconf("SC_CLK_TCK")
        if reading < percent or time.monotonic() >= deadline:
            return reading


def backend_pid():
    """The PostgreSQL backend serving gunicorn (its connection is kept between requests)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME])
        row = cursor.fetchone()
    return row[0] if row else None


# Measuring ------------------------------------------------------------------------------------------------


def fetch(server, path, headers, expect_rows):
    status, _headers, body, seconds = server.get(path, headers)
    if status != 200:
        raise SystemExit(f"{server.name} answered {status} to {path}")
    return seconds, expect_rows(body), body


def measure(page, redmine, govtrack, args, meter_roots):
    sides = {
        "redmine": (redmine, page.redmine_path, page.redmine_headers, page.redmine_rows),
        "govtrack": (
            govtrack,
            page.govtrack_path,
            {"Cookie": f"sessionid={page.govtrack_cookie}"},
            page.govtrack_rows,
        ),
    }
    for server, path, headers, rows in sides.values():
        for _ in range(args.warmup):
            fetch(server, path, headers, rows)
    wait_for_quiet(args.quiet_wait, args.quiet_pct)
    meter = CpuMeter(meter_roots())
    meter.start()
    load_before = os.getloadavg()[0]
    times = {"redmine": [], "govtrack": []}
    shown = {}
    order = ["redmine", "govtrack"]
    while len(times["govtrack"]) < args.requests:
        for side in order:
            server, path, headers, rows = sides[side]
            for _ in range(min(args.round, args.requests - len(times[side]))):
                seconds, shown[side], body = fetch(server, path, headers, rows)
                times[side].append(seconds)
                if side == "redmine" and page.name.startswith("overdue"):
                    total = REDMINE_TOTAL.search(body)
                    shown["redmine_total"] = int(total.group(1)) if total else None
        order.reverse()
    return {
        "redmine_ms": statistics.median(times["redmine"]) * 1000,
        "govtrack_ms": statistics.median(times["govtrack"]) * 1000,
        "redmine_rows": shown["redmine"],
        "govtrack_rows": shown["govtrack"],
        "redmine_total": shown.get("redmine_total"),
        "foreign": meter.foreign_percent(),
        "load": (load_before, os.getloadavg()[0]),
    }


def table(pages, results):
    lines = [
        "| page | Redmine ms | govtrack ms | ratio | rows shown (Redmine / govtrack) "
        "| ms per row (Redmine / govtrack) | per-row ratio | foreign% | load |",
        "|---|---:|---:|---:|---|---|---:|---:|---|",
    ]
    for page in pages:
        r = results[page.name]
        red_row = r["redmine_ms"] / r["redmine_rows"] if r["redmine_rows"] else float("nan")
        gov_row = r["govtrack_ms"] / r["govtrack_rows"] if r["govtrack_rows"] else float("nan")
        lines.append(
            f"| {page.name} | {r['redmine_ms']:,.1f} | {r['govtrack_ms']:,.1f} "
            f"| {r['redmine_ms'] / r['govtrack_ms']:.1f}× "
            f"| {r['redmine_rows']:,} / {r['govtrack_rows']:,} | {red_row:.2f} / {gov_row:.2f} "
            f"| {red_row / gov_row:.1f}× | {r['foreign']:.0f} | {r['load'][0]:.2f} → {r['load'][1]:.2f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--redmine", required=True, help="Redmine's base URL on the loopback, e.g. http://127.0.0.1:3300"
    )
    parser.add_argument("--redmine-key", required=True, help="An administrator's API key (X-Redmine-API-Key).")
    parser.add_argument("--redmine-project", default="dept-01", help="The project whose roadmap is timed.")
    parser.add_argument("--redmine-user", default="peer001", help="Whose /my/page is timed (signed in).")
    parser.add_argument("--redmine-password", default="peer-user-pass")
    parser.add_argument(
        "--redmine-pids", default="", help="Redmine's server and database pids (with their children, not foreign)."
    )
    parser.add_argument("--clock", choices=("reference", "real"), default="reference")
    parser.add_argument("--as-of", action="store_true", help="Add the overdue list asked for the reference date.")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--round", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--quiet-wait", type=float, default=60, help="Seconds to wait for a quiet machine per page.")
    parser.add_argument("--quiet-pct", type=float, default=15)
    parser.add_argument(
        "--profile",
        help="Profile govtrack's pages instead (bench/settings_http_profile.py), into page-N.txt in this directory.",
    )
    parser.add_argument(
        "--pages", type=int, nargs="+", help="Only these pages, by their number in the table (1 = the overdue list)."
    )
    parser.add_argument("--save-pages", help="Write each page's first answer into this directory.")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    args = parser.parse_args()

    redmine = loopback_server("--redmine", args.redmine)
    redmine.headers = {"Host": f"{redmine.host}:{redmine.port}"}
    redmine_cookie = redmine_session(redmine, args.redmine_user, args.redmine_password)
    secret_key = secrets.token_urlsafe(50)
    os.environ["DJANGO_SECRET_KEY"] = secret_key
    setup_django(database_url())
    import time_machine
    from django.conf import settings

    from bench.run import scenario
    from scale.generator import REFERENCE_DATE, REFERENCE_TIME

    settings.SECRET_KEY = secret_key  # sessions signed as the server signs them
    traveller = time_machine.travel(REFERENCE_TIME, tick=True) if args.clock == "reference" else None
    if traveller:
        traveller.start()  # sessions written at the server's time
    s = scenario()
    keys = []
    server = None
    try:
        manager, lead = sign_in(s.manager), sign_in(s.team_lead)
        keys += [manager, lead]
        port = free_port()
        server, command = start_gunicorn(port, args.clock, secret_key, args.redis_url, args.profile)
        govtrack = Server("govtrack", LOOPBACK, port, {"Host": LOOPBACK, "X-Forwarded-Proto": "https"})
        api = {"X-Redmine-API-Key": args.redmine_key}
        overdue_query = urllib.parse.urlencode(
            [
                ("set_filter", "1"),
                ("f[]", "status_id"),
                ("op[status_id]", "o"),
                ("f[]", "due_date"),
                ("op[due_date]", "<t-"),
                ("v[due_date][]", "1"),
                ("sort", "due_date"),
                ("per_page", "50"),
            ]
        )
        overdue = f"/milestones/overdue/?plan={s.plan_code}"
        pages = [
            Page(
                "overdue list",
                f"/issues?{overdue_query}",
                api,
                count(REDMINE_ISSUE_ROW),
                overdue,
                manager,
                milestone_links,
            ),
            Page(
                "own page (/my/page vs /my/)",
                "/my/page",
                {"Cookie": redmine_cookie},
                count(REDMINE_ISSUE_ROW),
                "/my/",
                lead,
                milestone_links,
            ),
            Page(
                f"project (roadmap of {args.redmine_project} vs project page)",
                f"/projects/{args.redmine_project}/roadmap",
                api,
                count(REDMINE_ROADMAP_ROW),
                f"/projects/{s.project_id}/",
                manager,
                milestone_links,
            ),
        ]
        if args.as_of:
            pages.insert(
                1,
                Page(
                    f"overdue list as of {REFERENCE_DATE} (?on=)",
                    f"/issues?{overdue_query}",
                    api,
                    count(REDMINE_ISSUE_ROW),
                    f"{overdue}&on={REFERENCE_DATE}",
                    manager,
                    milestone_links,
                ),
            )
        if args.pages:
            pages = [pages[number - 1] for number in args.pages]
        # Each page answers once before the table so that a wrong sign-in stops the run at once.
        for number, page in enumerate(pages, 1):
            cookie = {"Cookie": f"sessionid={page.govtrack_cookie}"}
            answers = [("govtrack", fetch(govtrack, page.govtrack_path, cookie, page.govtrack_rows)[2])]
            if not args.profile:
                answers.append(
                    ("redmine", fetch(redmine, page.redmine_path, page.redmine_headers, page.redmine_rows)[2])
                )
            for side, body in answers:
                if args.save_pages:
                    Path(args.save_pages, f"{number}-{side}.html").write_bytes(body)
        if args.profile:
            for number, page in enumerate(pages, 1):
                cookie = {"Cookie": f"sessionid={page.govtrack_cookie}"}
                for _ in range(args.warmup):
                    fetch(govtrack, page.govtrack_path, cookie, page.govtrack_rows)
                for _ in range(args.requests):
                    for header in ("X-Bench-Measure", "X-Bench-Profile"):
                        fetch(govtrack, page.govtrack_path, {**cookie, header: f"page-{number}"}, page.govtrack_rows)
                print(f"profiled: {page.name} -> {args.profile}/page-{number}.txt", file=sys.stderr)
            return
        redmine_pids = [int(p) for p in args.redmine_pids.split()]
        gunicorn_backend = backend_pid()

        def meter_roots():
            return [os.getpid(), server.pid, gunicorn_backend, *redmine_pids]

        results = {}
        for page in pages:
            results[page.name] = measure(page, redmine, govtrack, args, meter_roots)
            print(f"measured: {page.name}", file=sys.stderr)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        sign_out(keys)
        if traveller:
            traveller.stop()
    overdue_total = next(iter(results.values()))["redmine_total"]
    print(
        f"govtrack: `{' '.join(['gunicorn', *command[3:]])}` (govtrack.settings.production), clock: {args.clock}; "
        f"plan {s.plan_code} ({s.plan_milestones:,} milestones, {s.plan_overdue:,} overdue on {REFERENCE_DATE}), "
        f"team lead {s.team_lead.username}, project {s.project_id} ({s.project_milestones:,} milestones). "
        f"Redmine {args.redmine}: overdue list of all projects ({overdue_total or '?'} issues in all), "
        f"/my/page of {args.redmine_user}, roadmap of {args.redmine_project}. Medians of {args.requests} requests "
        f"per server in rounds of {args.round}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n"
    )
    print(table(pages, results))


if __name__ == "__main__":
    main()
