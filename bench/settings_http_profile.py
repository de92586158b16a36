"""The production settings with requests profiled by pyinstrument, for ``bench/beside_redmine.py --profile`` only.

A request with an ``X-Bench-Profile: <name>`` header is profiled (every middleware, the view and its template);
the profiles of one name add up, and after each such request the sum is written as text to
``BENCH_PROFILE_DIR/<name>.txt`` with the median time the site took in the process (``<name>.ms``). Never
production: the profiler costs time on every profiled request.
"""

from govtrack.settings.production import *  # noqa: F403
from govtrack.settings.production import MIDDLEWARE

MIDDLEWARE = ["bench.http_profile.ProfileMiddleware", *MIDDLEWARE]
