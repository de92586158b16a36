"""``manage.py send_reminders`` on the real 2023 plan: what it shows, what it sends, and only once."""

import datetime
import io

import pytest
from django.core.management import call_command

from departments.models import Staff
from milestones.models import Milestone, Status
from reminders.models import Delivery, Digest, Kind
from reminders.tests.conftest import CURRENT_TIME, at_nine

pytestmark = pytest.mark.django_db

KIM = "digital-policy:김연숙"


def send_reminders(capture, *args):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_on_15_september_lists_per_person_the_reminders_the_rules_give(
    plan_2023, django_capture_on_commit_callbacks
):
    out = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15", "--dry-run")

    # The three events of project 1 (24, 25 and 26 September) are within seven working days; nothing
    # else in the plan is due before 27 September, the last working day before 추석.
    assert f"{KIM} <NO E-MAIL ADDRESS" in out
    for pk, title in [(1, "최종 심사위원회 개최"), (2, "행사(시상식, 홍보관) 개최"), (3, "서울 스마트시티 포럼")]:
        line = next(line for line in out.splitlines() if f"#{pk} " in line)
        assert "due in 7 days" in line and title in line
    assert "1 person." in out and "3 new reminders, 0 already sent." in out
    assert not Delivery.objects.exists()


def test_sending_for_real_twice_sends_each_reminder_once(staff_with_email, outbox, django_capture_on_commit_callbacks):
    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")
    again = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [staff_with_email[KIM].email]
    assert "[govtrack]" in message.subject and "2023-09-15" in message.subject
    for pk in (1, 2, 3):
        assert f"https://govtrack.example/milestones/{pk}/" in message.body
    assert "0 new e-mails." in again
    assert Digest.objects.get().status == Digest.Status.SENT


def test_the_email_is_html_and_text_says_why_and_links_to_the_reminder_settings(
    staff_with_email, outbox, django_capture_on_commit_callbacks
):
    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    message = outbox[0]
    html = message.alternatives[0][0]
    assert 'href="https://govtrack.example/milestones/1/"' in html
    assert "https://govtrack.example/reminders/settings/" in message.body
    assert 'href="https://govtrack.example/reminders/settings/"' in html
    assert "officer in charge" in message.body or "담당" in message.body
    assert message.extra_headers["Message-ID"].startswith("<reminders.digest.")


def test_a_person_without_an_email_address_gets_the_reminders_in_the_application_and_the_admin_lists_them(
    plan_2023, outbox, django_capture_on_commit_callbacks, admin_client
):
    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    assert outbox == []
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.UNDELIVERABLE
    assert digest.recipient.code == KIM and digest.deliveries.count() == 3
    page = admin_client.get("/admin/reminders/digest/?status__exact=undeliverable")
    assert page.status_code == 200
    assert "김연숙" in page.content.decode()


def test_closed_milestones_get_no_reminders(staff_with_email, outbox, django_capture_on_commit_callbacks):
    Milestone.objects.filter(pk=1).update(status=Status.DONE)
    Milestone.objects.filter(pk=2).update(status=Status.CONFIRMED)
    Milestone.objects.filter(pk=3).update(status=Status.CANCELLED)

    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    assert outbox == []
    assert not Delivery.objects.exists()


def test_moving_a_due_date_makes_new_reminders_due(staff_with_email, outbox, django_capture_on_commit_callbacks):
    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")
    moved_to = datetime.date(2023, 9, 19)
    Milestone.objects.filter(pk=3).update(start_date=moved_to, due_date=moved_to)

    send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    assert len(outbox) == 2
    assert "https://govtrack.example/milestones/3/" in outbox[1].body
    assert "https://govtrack.example/milestones/1/" not in outbox[1].body
    moved = Delivery.objects.get(milestone_id=3, due_date=datetime.date(2023, 9, 19))
    assert (moved.kind, moved.step) == (Kind.LEAD, 3)


def test_nothing_is_sent_on_a_holiday_and_the_command_says_why(plan_2023, django_capture_on_commit_callbacks):
    out = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-10-02")

    assert "not a working day" in out and "임시공휴일" in out
    assert not Delivery.objects.exists()


def test_the_scan_sends_nothing_before_nine_in_seoul(staff_with_email, outbox, scan):
    early = scan(CURRENT_TIME - datetime.timedelta(minutes=15))
    assert early.skipped == "early" and outbox == []

    scan(CURRENT_TIME)
    assert len(outbox) == 1


def test_turning_off_a_lead_time_skips_only_that_reminder(staff_with_email, outbox, scan):
    from reminders.services import reminder_preference_update

    reminder_preference_update(staff=staff_with_email[KIM], enabled_leads=[3, 1, 0], leads=(7, 3, 1, 0))

    scan(at_nine(datetime.date(2023, 9, 15)))
    assert outbox == []
    scan(at_nine(datetime.date(2023, 9, 20)))
    assert len([m for m in outbox if m.to == [staff_with_email[KIM].email]]) == 1
    assert set(Delivery.objects.filter(recipient__code=KIM).values_list("milestone_id", "step")) == {(1, 3), (2, 3)}


def test_a_tentative_milestone_says_so(staff_with_email, outbox, scan):
    # 서울시 인공지능 종합계획 수립: '23. 11.(예정), reminded against 30 November.
    scan(at_nine(datetime.date(2023, 11, 21)))

    owner = Milestone.objects.get(pk=29).owner
    message = next(m for m in outbox if m.to == [owner.email])
    line = next(line for line in message.body.splitlines() if "인공지능 종합계획" in line)
    assert "tentative" in line or "예정" in line


def test_team_lead_and_department_head_are_told_when_a_milestone_stays_overdue(staff_with_email, outbox, scan):
    kim = staff_with_email[KIM]
    scan(at_nine(datetime.date(2023, 9, 27)))  # 24 September + 3 working days
    to_lead = [m for m in outbox if m.to == [staff_with_email["digital-policy:이영미"].email]]
    assert len(to_lead) == 1 and "https://govtrack.example/milestones/1/" in to_lead[0].body
    assert kim.name in to_lead[0].body

    outbox.clear()
    scan(at_nine(datetime.date(2023, 10, 13)))  # + 10 working days, across 추석 and 3 holidays
    to_head = [m for m in outbox if m.to == [staff_with_email["digital-policy:오경희"].email]]
    assert len(to_head) == 1 and "https://govtrack.example/milestones/1/" in to_head[0].body


def test_an_officer_who_leads_nobody_is_never_escalated_to_themself(staff_with_email, scan):
    scan(at_nine(datetime.date(2023, 10, 31)))
    for delivery in Delivery.objects.exclude(kind__in=[Kind.LEAD, Kind.OVERDUE]).select_related(
        "recipient", "milestone__owner"
    ):
        assert delivery.recipient != delivery.milestone.owner
        expected = Staff.Position.TEAM_LEAD if delivery.kind == Kind.TEAM_LEAD else Staff.Position.DEPARTMENT_HEAD
        assert delivery.recipient.position == expected


def test_a_run_prints_a_summary_not_every_reminder(staff_with_email, outbox, django_capture_on_commit_callbacks):
    out = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15")

    assert "Reminders sent for 2023-09-15 (Fri)" in out
    assert "3 reminders to 1 person." in out
    # One e-mail in one state (waiting: the test's transaction holds the sending until it ends).
    assert "1 new e-mails: 1 " in out and "," not in out.split("new e-mails")[1]
    assert "#1 " not in out and KIM not in out
    assert len(out.splitlines()) <= 4


def test_a_run_with_list_or_verbosity_2_lists_per_person_what_was_sent(
    staff_with_email, outbox, django_capture_on_commit_callbacks
):
    listed = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15", "--list")
    Delivery.objects.all().delete()
    Digest.objects.all().delete()
    verbose = send_reminders(django_capture_on_commit_callbacks, "--date", "2023-09-15", "-v", "2")

    for out in (listed, verbose):
        assert f"{KIM} <{staff_with_email[KIM].email}>" in out
        assert all(any(f"#{pk} " in line and "due in 7 days" in line for line in out.splitlines()) for pk in (1, 2, 3))
        assert "3 reminders to 1 person." in out
