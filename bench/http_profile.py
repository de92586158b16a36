"""Profiles of pages served over HTTP (``bench/settings_http_profile.py``; pyinstrument, never production)."""

import os
import re
import statistics
import time
from pathlib import Path

from pyinstrument import Profiler


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.directory = Path(os.environ["BENCH_PROFILE_DIR"])
        self.profilers, self.times = {}, {}

    def __call__(self, request):
        name = request.META.get("HTTP_X_BENCH_PROFILE")
        if not name or not re.fullmatch(r"[\w-]+", name):
            return self.get_response(request)
        profiler = self.profilers.setdefault(name, Profiler(interval=0.0002))
        began = time.perf_counter()
        profiler.start()
        response = self.get_response(request)
        profiler.stop()
        self.times.setdefault(name, []).append(time.perf_counter() - began)
        (self.directory / f"{name}.txt").write_text(profiler.output_text(unicode=True, color=False))
        (self.directory / f"{name}.ms").write_text(f"{statistics.median(self.times[name]) * 1000:.1f}\n")
        return response
