"""Exactly once with the real servers: the notifications of events waiting for the daily e-mail, taken by two
reminder runs racing in processes of their own on PostgreSQL (a database of their own, as in
reminders/tests/test_services.py), each listed in one e-mail, each e-mail sent once."""

import pytest

from reminders.tests.test_services import DAY, database, manage, run_env, smtp, two_runs_at_once  # noqa: F401

pytestmark = pytest.mark.services

#: The day before DAY's run: the lead returns the officer's milestone naming her and a colleague, and the
#: department head comments; then the officer's e-mail address is the only one known.
EVENTS = """
import datetime
from django.contrib.auth import get_user_model
from departments.models import Staff
from milestones import services
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL

users = get_user_model().objects
people = {}
logins = {"kim": "김연숙", "lee": "이영미", "oh": "오경희", "yeo": "여언영"}
for login, name in logins.items():
    code = "digital-policy:" + name
    people[login] = users.create_user(login)
    Staff.objects.filter(code=code).update(user=people[login])
now = datetime.datetime(2023, 10, 3, 15, 0, tzinfo=SEOUL)
milestone = Milestone.objects.get(project__plan__code="seoul-dpb-2023", project__number=1, key="1")
services.milestone_record_progress(milestone=milestone, by=people["kim"], version=1, status=Status.DONE,
                                   today=now.date(), now=now)
services.milestone_record_progress(milestone=milestone, by=people["lee"], version=2, status=Status.RETURNED,
                                   reason="@김연숙 @여언영 자료 보완 바랍니다", due_date=datetime.date(2023, 10, 31),
                                   today=now.date(), now=now)
services.milestone_comment(milestone=milestone, by=people["oh"], text="확인 부탁합니다", now=now)
"""


def test_two_runs_racing_on_postgresql_email_each_notification_of_an_event_once(database, smtp):  # noqa: F811
    env = run_env(database, smtp)
    manage(env, "shell", "-c", EVENTS)
    waiting = database.rows("SELECT count(*) FROM reminders_delivery WHERE event_id IS NOT NULL AND digest_id IS NULL")
    assert waiting == [(4,)]  # 김연숙: return, comment; 여언영: mention; 이영미: comment
    outputs = two_runs_at_once(database, env, "--date", DAY)
    assert sorted("\n0 new e-mails." in out for out, _ in outputs) == [False, True]  # the loser sent nothing

    rows = database.rows(
        "SELECT d.event_id, d.recipient_id, g.status FROM reminders_delivery d "
        "JOIN reminders_digest g ON g.id = d.digest_id WHERE d.event_id IS NOT NULL"
    )
    assert len(rows) == 4 and {status for _, _, status in rows} == {"sent"}
    digests = database.rows("SELECT recipient_id, email FROM reminders_digest")
    assert len({recipient for recipient, _ in digests}) == len(digests)  # one e-mail per person
    assert sorted(to[0] for to, _ in smtp.messages) == sorted(email for _, email in digests)
    bodies = [message.get_payload(0).get_payload(decode=True).decode() for _, message in smtp.messages]
    assert sum(body.count("@김연숙 @여언영 자료 보완 바랍니다") for body in bodies) == 2 * 2  # 김연숙, 여언영; ko+en
