"""The site's WSGI application with the clock at the generated data set's reference date, for benchmarks only.

    gunicorn bench.reference_clock:application ...

The generated data (``scale.generator``) describes the city on ``REFERENCE_DATE`` (2023-11-22): its statuses,
what is overdue and its history stop there. Served on the real date, every open milestone of it is years overdue
and the review pages' default date is years after its last change. This module moves the worker's clock to
``REFERENCE_TIME`` (the clock then runs on from there) before the site is loaded, so that the data set is served
as the day it describes, as ``bench/run.py`` measures it in process. Production serves ``govtrack.wsgi``: the
image's command never names this module, and it needs time-machine, a test tool the image does not install.
"""

import time_machine

from govtrack.wsgi import application

from scale.generator import REFERENCE_TIME  # isort: skip (needs the apps loaded above)

time_machine.travel(REFERENCE_TIME, tick=True).start()

__all__ = ["application"]
