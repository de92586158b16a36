"""A profile of one page of the benchmark's data (pyinstrument, benchmark settings only: never in production).

    BENCH_DATABASE_URL=... .venv/bin/python bench/profile.py /bench/frame/ --user scale-manager --repeat 200

Signs the user in, requests the address ``--repeat`` times through the test client (the whole middleware stack)
and prints where the time went, with the clock frozen on the data set's reference date.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import database_url, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--user", default="scale-manager")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--html", help="Write the profile as HTML to this file as well.")
    args = parser.parse_args()
    setup_django(database_url())
    import time_machine
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    from scale.generator import REFERENCE_TIME

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    with time_machine.travel(REFERENCE_TIME, tick=True):
        client.get(args.url)  # warm: templates compiled, caches filled
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.repeat):
                response = client.get(args.url)
                assert response.status_code == 200, response.status_code
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
