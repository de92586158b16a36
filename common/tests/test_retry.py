import datetime

from common.retry import backoff

MINUTE = datetime.timedelta(minutes=1)


def test_the_wait_doubles_after_each_failed_attempt_up_to_its_ceiling():
    assert [backoff(n, at_most=60 * MINUTE) for n in (0, 1, 2, 3, 4)] == [
        MINUTE,
        MINUTE,
        2 * MINUTE,
        4 * MINUTE,
        8 * MINUTE,
    ]
    assert backoff(7, at_most=60 * MINUTE) == 60 * MINUTE
    assert backoff(40, at_most=240 * MINUTE) == backoff(10**6, at_most=240 * MINUTE) == 240 * MINUTE
