"""Who gets what on which day: every working day of September and October 2023, on the real plan.

The clock is frozen at 09:00 Seoul on each day in turn (and the scan runs again at 15:00, as beat
would every fifteen minutes), across 추석 (28-30 September), the temporary holiday of 2 October,
개천절 (3 October) and 한글날 (9 October).
"""

import datetime
from collections import defaultdict

import pytest
import time_machine

from departments.selectors import department_head_of, team_lead_of
from reminders.models import Delivery, Digest, Kind
from reminders.tests.conftest import at_nine
from workdays.calendar import WorkCalendar

pytestmark = pytest.mark.django_db

D = datetime.date
KIM, LEE, OH = "digital-policy:김연숙", "digital-policy:이영미", "digital-policy:오경희"
PARK = "information-disclosure:박영옥"
HOLIDAYS = [D(2023, 9, 28), D(2023, 9, 29), D(2023, 9, 30), D(2023, 10, 2), D(2023, 10, 3), D(2023, 10, 9)]


def lead(days, pk):
    return (Kind.LEAD, days, pk)


def overdue(number, pk):
    return (Kind.OVERDUE, number, pk)


# 김연숙 owns project 1's events: #1 due Sunday 24 Sep, #2 Monday 25 Sep, #3 Tuesday 26 Sep.
KIM_SCHEDULE = {
    D(2023, 9, 14): {lead(7, 1), lead(7, 2)},
    D(2023, 9, 15): {lead(7, 3)},
    D(2023, 9, 20): {lead(3, 1), lead(3, 2)},
    D(2023, 9, 21): {lead(3, 3)},
    D(2023, 9, 22): {lead(1, 1), lead(1, 2)},  # no "due today" for a Sunday
    D(2023, 9, 25): {lead(0, 2), lead(1, 3), overdue(1, 1)},
    D(2023, 9, 26): {lead(0, 3), overdue(1, 2)},
    D(2023, 9, 27): {overdue(1, 3)},
    D(2023, 10, 4): {overdue(2, 1), overdue(2, 2), overdue(2, 3)},  # weeks landing on 2 and 3 October
    D(2023, 10, 10): {overdue(3, 1), overdue(3, 2)},  # 9 October is 한글날
    D(2023, 10, 11): {overdue(3, 3)},
    D(2023, 10, 16): {overdue(4, 1)},
    D(2023, 10, 17): {overdue(4, 2)},
    D(2023, 10, 18): {overdue(4, 3)},
    D(2023, 10, 23): {overdue(5, 1)},
    D(2023, 10, 24): {overdue(5, 2)},
    D(2023, 10, 25): {overdue(5, 3)},
    D(2023, 10, 30): {overdue(6, 1)},
    D(2023, 10, 31): {overdue(6, 2)},
}
# Her team lead is told after 3 working days overdue, her department head after 10.
LEE_SCHEDULE = {
    D(2023, 9, 27): {(Kind.TEAM_LEAD, 0, 1)},
    D(2023, 10, 4): {(Kind.TEAM_LEAD, 0, 2)},
    D(2023, 10, 5): {(Kind.TEAM_LEAD, 0, 3)},
}
OH_SCHEDULE = {
    D(2023, 10, 13): {(Kind.DEPARTMENT_HEAD, 0, 1)},
    D(2023, 10, 16): {(Kind.DEPARTMENT_HEAD, 0, 2)},
    D(2023, 10, 17): {(Kind.DEPARTMENT_HEAD, 0, 3)},
    # She also heads 여언영's division: the four (9월) items of project 2, counted from 27 September.
    D(2023, 10, 18): {(Kind.DEPARTMENT_HEAD, 0, pk) for pk in (11, 12, 16, 17)},
}
# 박영옥's #30 is due '23. 8. ~ 9.: reminded against 27 September, the last working day before 추석.
PARK_SCHEDULE = {
    D(2023, 9, 18): {lead(7, 30)},
    D(2023, 9, 22): {lead(3, 30)},
    D(2023, 9, 26): {lead(1, 30)},
    D(2023, 9, 27): {lead(0, 30)},
    D(2023, 10, 4): {overdue(1, 30)},
    D(2023, 10, 11): {overdue(2, 30)},
    D(2023, 10, 18): {overdue(3, 30)},
    D(2023, 10, 25): {overdue(4, 30)},
}


def received(code):
    by_day = defaultdict(set)
    for delivery in Delivery.objects.filter(recipient__code=code):
        by_day[delivery.remind_on].add((delivery.kind, delivery.step, delivery.milestone_id))
    return dict(by_day)


def test_september_and_october_2023_reminders_day_by_day(staff_with_email, outbox, scan):
    calendar = WorkCalendar()
    mail_days = defaultdict(int)
    day = D(2023, 9, 1)
    while day <= D(2023, 10, 31):
        for time in (at_nine(day) - datetime.timedelta(minutes=1), at_nine(day), at_nine(day).replace(hour=15)):
            with time_machine.travel(time, tick=False):
                before = len(outbox)
                scan(time)
                mail_days[day] += len(outbox) - before
        day += datetime.timedelta(days=1)

    assert received(KIM) == KIM_SCHEDULE
    assert received(LEE) == LEE_SCHEDULE
    assert received(OH) == OH_SCHEDULE
    assert received(PARK) == PARK_SCHEDULE
    park = staff_with_email[PARK]
    assert received(team_lead_of(park).code) == {D(2023, 10, 6): {(Kind.TEAM_LEAD, 0, 30)}}
    assert received(department_head_of(park).code) == {D(2023, 10, 18): {(Kind.DEPARTMENT_HEAD, 0, 30)}}

    # Nothing on weekends and holidays, nothing before nine; one e-mail per person and day at most.
    assert not [d for d, count in mail_days.items() if count and not calendar.is_working_day(d)]
    assert all(mail_days[d] == 0 for d in HOLIDAYS)
    sent = Digest.objects.filter(status=Digest.Status.SENT)
    assert len(outbox) == sent.count()
    assert len({(d.recipient_id, d.remind_on) for d in sent}) == sent.count()
    assert len({m.extra_headers["Message-ID"] for m in outbox}) == len(outbox)
    # Every e-mail names exactly its reminders' milestones.
    for message, digest in zip(outbox, sent.order_by("created_at", "pk"), strict=True):
        assert message.to == [digest.email]
        linked = {int(part.split("/")[0]) for part in message.body.split("/milestones/")[1:]}
        assert linked == set(digest.deliveries.values_list("milestone_id", flat=True))
