"""Profiles of pages served over HTTP (``bench/settings_http_profile.py``; pyinstrument, never production).

A request with an ``X-Bench-Profile: <name>`` header is profiled: every middleware, the view and its template.
The profiles of one name add up; after each such request the sum is written as text to
``BENCH_PROFILE_DIR/<name>.txt``. A request with ``X-Bench-Measure: <name>`` is measured, not profiled:
``<name>.ms`` gets the medians of those requests' wall time in the process, CPU time, wall time spent in
database calls (statement and fetch) and query count, then each statement's median, slowest first.

The profile samples the thread's CPU time (``time.thread_time``), not the wall clock: on a shared machine the
wall clock also counts the time the worker waited for a core, which lands on whatever frame was running.
Waiting for PostgreSQL is not CPU time either: it is the database figure of ``<name>.ms``.
"""

import os
import re
import statistics
import time
from pathlib import Path

from django.db import connection
from pyinstrument import Profiler
from pyinstrument.stack_sampler import get_stack_sampler


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.directory = Path(os.environ["BENCH_PROFILE_DIR"])
        self.profilers, self.figures, self.statements = {}, {}, {}

    def __call__(self, request):
        profiled = request.META.get("HTTP_X_BENCH_PROFILE")
        name = profiled or request.META.get("HTTP_X_BENCH_MEASURE")
        if not name or not re.fullmatch(r"[\w-]+", name):
            return self.get_response(request)
        if profiled:
            get_stack_sampler().timer_func = time.thread_time
            profiler = self.profilers.setdefault(name, Profiler(interval=0.0005))
            profiler.start()
            response = self.get_response(request)
            profiler.stop()
            (self.directory / f"{name}.txt").write_text(profiler.output_text(unicode=True, color=False))
            return response
        database = [0.0, 0]
        statements = []

        def timed(execute, sql, params, many, context):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                elapsed = time.perf_counter() - began
                database[0] += elapsed
                database[1] += 1
                statements.append((elapsed, sql))

        wall, cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        figures = self.figures.setdefault(name, [])
        figures.append((time.perf_counter() - wall, time.thread_time() - cpu, database[0], database[1]))
        wall_ms, cpu_ms, db_ms, queries = (statistics.median(column) for column in zip(*figures, strict=True))
        by_statement = self.statements.setdefault(name, {})
        for elapsed, sql in statements:
            by_statement.setdefault(sql, []).append(elapsed)
        slowest = sorted(by_statement.items(), key=lambda item: -statistics.median(item[1]))
        (self.directory / f"{name}.ms").write_text(
            f"requests {len(figures)}: in the process {wall_ms * 1000:.1f} ms wall, {cpu_ms * 1000:.1f} ms CPU; "
            f"database calls {db_ms * 1000:.1f} ms wall, {queries:.0f} queries (medians)\n"
            + "".join(f"  {statistics.median(times) * 1000:7.2f} ms  {sql[:160]}\n" for sql, times in slowest)
        )
        return response
