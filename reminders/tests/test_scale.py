"""The daily run reads a fixed number of queries however many milestones and people are due reminders,
and one e-mail costs the same few queries however many reminders it holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from departments.models import Staff
from departments.selectors import department_head_of, team_lead_of
from milestones.dates import DatePrecision
from milestones.models import Milestone
from projects.models import Project
from reminders.models import Delivery, Digest, Kind, ReminderSettings
from reminders.sending import digest_send
from reminders.services import reminders_scan
from reminders.tests.conftest import CURRENT_TIME

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = CURRENT_TIME.date()  # Friday 15 September 2023
KEY = "scale-"
# Four kinds of milestone in turn, as of TODAY:
OVERDUE = D(2023, 8, 25)  # 15 working days overdue: the third weekly reminder, the team lead and the head
SOON = D(2023, 9, 19)  # Tuesday: the "3 days" reminder is due (the "1 day" one on Monday)
THIS_MONTH = D(2023, 9, 30)  # a month milestone counted to 27 September: eight working days away, nothing yet
NEXT_YEAR = D(2024, 3, 31)  # far beyond any lead time


def escalated_officers():
    """Officers with both a team lead and a department head, the owners of the milestones below."""
    officers = Staff.objects.filter(position=Staff.Position.OFFICER, team__isnull=False).order_by("pk")
    return [o for o in officers if team_lead_of(o) is not None and department_head_of(o) is not None]


def add_milestones(count, owners):
    project = Project.objects.order_by("pk").first()
    dates = [
        (OVERDUE, DatePrecision.DAY),
        (SOON, DatePrecision.DAY),
        (THIS_MONTH, DatePrecision.MONTH),
        (NEXT_YEAR, DatePrecision.MONTH),
    ]
    milestones = []
    for n in range(count):
        due_date, precision = dates[n % len(dates)]
        milestones.append(
            Milestone(
                project=project,
                key=f"{KEY}{n}",
                order=1000 + n,
                title=f"Scale milestone {n}",
                due_date=due_date,
                date_precision=precision,
                owner=owners[n % len(owners)],
            )
        )
    return Milestone.objects.bulk_create(milestones)


def expected_reminders(milestones):
    """(recipient, milestone, kind, step) of the milestones above, by the schedule in their comments."""
    expected = set()
    for m in milestones:
        if m.due_date == OVERDUE:
            expected |= {
                (m.owner_id, m.pk, Kind.OVERDUE, 3),
                (team_lead_of(m.owner).pk, m.pk, Kind.TEAM_LEAD, 0),
                (department_head_of(m.owner).pk, m.pk, Kind.DEPARTMENT_HEAD, 0),
            }
        elif m.due_date == SOON:
            expected.add((m.owner_id, m.pk, Kind.LEAD, 3))
    return expected


def scan_counted(count, owners):
    """Add ``count`` milestones and run the scan (its e-mails are queued after the commit, so not sent here):
    its queries, the reminders it recorded for those milestones, the milestones and its result."""
    milestones = add_milestones(count, owners)
    with CaptureQueriesContext(connection) as queries:
        result = reminders_scan(now=CURRENT_TIME)
    recorded = set(
        Delivery.objects.filter(milestone__key__startswith=KEY).values_list("recipient", "milestone", "kind", "step")
    )
    return len(queries), recorded, milestones, result


def forget(milestones):
    Delivery.objects.all().delete()
    Digest.objects.all().delete()
    Milestone.objects.filter(pk__in=[m.pk for m in milestones]).delete()


def test_the_scan_reads_as_many_queries_for_200_milestones_of_8_owners_as_for_10_of_2(staff_with_email):
    ReminderSettings.load()  # the settings row exists, as after any earlier run
    officers = escalated_officers()
    assert len(officers) >= 8

    few_queries, few, milestones, _ = scan_counted(10, officers[:2])
    assert few == expected_reminders(milestones) and len(few) == 3 * 3 + 3
    forget(milestones)

    many_queries, many, milestones, result = scan_counted(200, officers[:8])
    assert many == expected_reminders(milestones) and len(many) == 50 * 3 + 50
    assert many_queries == few_queries
    # One e-mail per person, holding every reminder of theirs.
    digests = {digest.recipient_id: digest for digest in result.digests}
    assert len(digests) == len(result.digests)
    for recipient in {recipient for recipient, *_ in many}:
        theirs = {(milestone, kind, step) for r, milestone, kind, step in many if r == recipient}
        assert theirs <= set(digests[recipient].deliveries.values_list("milestone", "kind", "step"))


def test_an_email_costs_the_same_few_queries_for_one_reminder_or_sixty(staff_with_email, outbox):
    officers = escalated_officers()
    busy, quiet, unreachable = officers[:3]
    Staff.objects.filter(pk=unreachable.pk).update(email="")
    milestones = add_milestones(4 * 30, [busy])
    project = milestones[0].project
    for owner, key in ((quiet, "quiet"), (unreachable, "unreachable")):
        Milestone.objects.create(
            project=project, key=f"{KEY}{key}", title=key, due_date=SOON, date_precision=DatePrecision.DAY, owner=owner
        )
    digests = {digest.recipient_id: digest for digest in reminders_scan(now=CURRENT_TIME).digests}
    assert digests[unreachable.pk].status == Digest.Status.UNDELIVERABLE
    assert not digest_send(digest_id=digests[unreachable.pk].pk, token="test", now=CURRENT_TIME)
    assert digests[busy.pk].deliveries.count() >= 60 > 5 >= digests[quiet.pk].deliveries.count()

    queries = []
    for staff in (busy, quiet):
        with CaptureQueriesContext(connection) as captured:
            assert digest_send(digest_id=digests[staff.pk].pk, token="test", now=CURRENT_TIME)
        queries.append(len(captured))
    assert queries[0] == queries[1] <= 6

    assert [message.to for message in outbox] == [[busy.email], [quiet.email]]
    linked = [{int(part.split("/")[0]) for part in message.body.split("/milestones/")[1:]} for message in outbox]
    assert {m.pk for m in milestones if m.due_date in (OVERDUE, SOON)} <= linked[0]
    assert Milestone.objects.get(key=f"{KEY}quiet").pk in linked[1]
    assert all(
        set(digests[s.pk].deliveries.values_list("milestone", flat=True)) == links
        for s, links in zip((busy, quiet), linked, strict=True)
    )
