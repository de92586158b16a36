"""Back-off between attempts of something sent out (an e-mail, a webhook POST) that failed."""

import datetime

#: Doublings counted at most: far past any ceiling, and short of timedelta's overflow.
_MAX_DOUBLINGS = 30


def backoff(attempts, *, at_most):
    """The wait after ``attempts`` failed attempts: 1, 2, 4, 8 ... minutes, never more than ``at_most``."""
    doublings = min(_MAX_DOUBLINGS, max(0, attempts - 1))
    return min(at_most, datetime.timedelta(minutes=2**doublings))
