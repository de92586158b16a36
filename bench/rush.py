"""A morning rush: concurrent signed-in users against gunicorn as docker-compose.yml runs it, on 127.0.0.1 only.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/i15_bench .venv/bin/python bench/rush.py \\
        --users 50 --requests 3000 --workers 3 --threads 1

Starts gunicorn with the production settings (PostgreSQL and Redis of the benchmark, HTTPS redirect off since
it is plain HTTP on the loopback) on a free port, signs ``--users`` people of the generated data in (sessions
written as a login writes them), then each user sends its requests one after the other, all users at once,
until ``--requests`` have been answered. The mix: officers and team leads open ``/my/`` and their milestones'
pages, managers the dashboard and the overdue list of the largest plan. Prints throughput and p50/p95/p99 per
page and the errors (any status but 200, or no answer) as a Markdown table. Reads only: the writes of a morning
(recording progress) are not in the mix.
"""

import argparse
import http.client
import os
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import database_url, setup_django  # noqa: E402
from bench.served import free_port, serve, sign_in  # noqa: E402

SECRET_KEY = "bench-rush-only"
#: Of every ten users: officers, team leads, managers.
MIX = {"officer": 6, "team_lead": 2, "manager": 2}


def people(count, seed):
    """``count`` users in the proportions of MIX, each with the addresses they open."""
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from accounts.roles import MANAGER_GROUP
    from bench.run import scenario
    from departments.models import Staff
    from milestones.models import Milestone

    s = scenario()
    rng = random.Random(seed)
    managers_group, _ = Group.objects.get_or_create(name=MANAGER_GROUP)
    wanted = {kind: count * share // sum(MIX.values()) for kind, share in MIX.items()}
    wanted["officer"] += count - sum(wanted.values())
    year_milestones = Milestone.objects.filter(project__plan_id=s.plan_id)
    owners = list(
        year_milestones.values("owner")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .order_by("-n")
        .values_list("owner", flat=True)[: 4 * count]
    )
    officers = list(
        Staff.objects.filter(pk__in=owners, position=Staff.Position.OFFICER, user__isnull=False).select_related(
            "user"
        )[: wanted["officer"]]
    )
    leads = list(
        Staff.objects.filter(
            position=Staff.Position.TEAM_LEAD, team_id__in={o.team_id for o in officers}, user__isnull=False
        ).select_related("user")[: wanted["team_lead"]]
    )
    users = []
    for staff in officers + leads:
        mine = list(year_milestones.filter(owner=staff).values_list("pk", flat=True)[:20]) or [None]
        pages = [("/my/", "/my/")] + [("milestone page", f"/milestones/{pk}/") for pk in mine if pk]
        users.append((staff.user, pages))
    manager_pages = [
        ("dashboard", f"/dashboard/?plan={s.plan_code}"),
        ("overdue list", f"/milestones/overdue/?plan={s.plan_code}"),
    ]
    from django.contrib.auth import get_user_model

    for i in range(wanted["manager"]):
        manager, _ = get_user_model().objects.get_or_create(username=f"scale-rush-manager-{i}")
        manager.groups.add(managers_group)
        users.append((manager, manager_pages))
    rng.shuffle(users)
    return [(sign_in(user), pages) for user, pages in users]


def start_gunicorn(port, workers, threads):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "govtrack.settings.production",
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "govtrack.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    return serve(command, cwd=ROOT, env=env)


def rush(port, users, total, think):
    """Each user in a thread of its own, requests one after the other on a kept-alive connection, until
    ``total`` requests are answered. Returns {page: [seconds]}, {page: errors}, wall seconds."""
    times, errors = defaultdict(list), defaultdict(int)
    lock = threading.Lock()
    remaining = [total]
    start = threading.Barrier(len(users) + 1)

    def user(cookie, pages, seed):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        start.wait()
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            name, url = rng.choice(pages)
            began = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - began
            with lock:
                times[name].append(elapsed)
                if not ok:
                    errors[name] += 1
            if think:
                time.sleep(rng.uniform(0, 2 * think))
        connection.close()

    threads = [threading.Thread(target=user, args=(c, p, i)) for i, (c, p) in enumerate(users)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return times, errors, time.perf_counter() - began


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(times, errors, wall, args):
    total = sum(len(v) for v in times.values())
    lines = [
        f"{args.users} users, {total:,} requests in {wall:.1f} s: {total / wall:.0f} requests/s; gunicorn "
        f"{args.workers} workers x {args.threads} threads; load average before: {args.load}",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    everything = [t for v in times.values() for t in v]
    for name, values in sorted(times.items()) + [("all", everything)]:
        errs = sum(errors.values()) if name == "all" else errors.get(name, 0)
        lines.append(
            f"| {name} | {len(values):,} | {percentile(values, 50) * 1000:.0f} | {percentile(values, 95) * 1000:.0f} "
            f"| {percentile(values, 99) * 1000:.0f} | {errs} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--think", type=float, default=0.0, help="Mean seconds a user waits between requests.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY  # sessions signed as the server signs them
    setup_django(database_url())
    from django.conf import settings

    settings.SECRET_KEY = SECRET_KEY
    users = people(args.users, args.seed)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        rush(port, users[: min(10, len(users))], 2 * len(users), 0)  # warm every worker: imports, connections
        args.load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        times, errors, wall = rush(port, users, args.requests, args.think)
    finally:
        server.terminate()
        server.wait(30)
    print(report(times, errors, wall, args))


if __name__ == "__main__":
    main()
