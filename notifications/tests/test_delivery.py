"""Exactly once as people see it: a notification of an event is in the bell at once, in the person's next
daily e-mail once (or in an e-mail of its own at once, for those who asked), however many runs overlap and
however often a task is retried; kinds a person turned off stay in the application."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from milestones import services
from milestones.models import Status
from notifications.tests.conftest import CURRENT_TIME, NEXT_MORNING, TODAY, staff
from reminders.models import Delivery, Digest, EmailMode, ReminderPreference
from reminders.selectors import ReminderPlan
from reminders.services import reminders_record
from reminders.tasks import send_digest

pytestmark = pytest.mark.django_db

RETURN_TEXT = "@김연숙 자료 보완 바랍니다"


def bell(user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load reminder_tags %}{% notification_bell %}").render(Context({"request": request}))


def returned_with_mention(milestone, everyone):
    officer, lead = everyone["officer"], everyone["team_lead"]
    services.milestone_record_progress(
        milestone=milestone, by=officer, version=milestone.version, status=Status.DONE, today=TODAY, now=CURRENT_TIME
    )
    milestone.refresh_from_db()
    return services.milestone_record_progress(
        milestone=milestone,
        by=lead,
        version=milestone.version,
        status=Status.RETURNED,
        reason=RETURN_TEXT,
        today=TODAY,
        now=CURRENT_TIME,
    )


def officer_emails(outbox, everyone, *, about=RETURN_TEXT):
    """The officer's e-mails that tell of the return (not her deadline reminders)."""
    return [m for m in outbox if m.to == [f"{everyone['officer'].username}@seoul.example"] and about in m.body]


def test_the_bell_lights_up_in_the_transaction_that_returns_the_milestone_and_reads_one_query(
    milestone, everyone, django_assert_num_queries
):
    assert "bell-count" not in bell(everyone["officer"])

    returned_with_mention(milestone, everyone)

    with django_assert_num_queries(1):
        html = bell(everyone["officer"])
    assert '<span class="bell-count">1' in html
    assert Delivery.objects.get(recipient=staff(everyone["officer"])).digest is None  # waiting for the e-mail


def test_the_next_daily_email_lists_it_once_after_two_overlapping_runs_and_a_retried_task(
    milestone, everyone, outbox, django_capture_on_commit_callbacks
):
    returned_with_mention(milestone, everyone)
    nothing_new = ReminderPlan(today=NEXT_MORNING.date())

    with django_capture_on_commit_callbacks(execute=False):
        first = reminders_record(plan=nothing_new, now=NEXT_MORNING)
        second = reminders_record(plan=nothing_new, now=NEXT_MORNING)  # a run that decided at the same time
    mine = [d for d in first + second if d.recipient_id == staff(everyone["officer"]).pk]
    assert len(mine) == 1
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_digest.apply(args=[mine[0].pk])
        send_digest.apply(args=[mine[0].pk])  # the task again: a retry, a redelivery

    sent = officer_emails(outbox, everyone)
    assert len(sent) == 1
    body = sent[0].body
    assert body.count(RETURN_TEXT) == 2  # once in Korean, once in English
    assert sent[0].subject == "[govtrack] 업무 소식 1건 (2023-09-18)"
    assert "반려" in body and "이영미" in body
    assert Digest.objects.get(pk=mine[0].pk).status == Digest.Status.SENT

    later = NEXT_MORNING + datetime.timedelta(minutes=15)
    assert [
        d
        for d in reminders_record(plan=ReminderPlan(today=later.date()), now=later)
        if d.recipient_id == mine[0].recipient_id
    ] == []


def test_what_happens_after_the_days_email_waits_for_the_next_working_day(milestone, everyone, scan_at):
    officer = staff(everyone["officer"])
    scan_at(CURRENT_TIME.replace(hour=9))  # the morning's e-mail of her deadline reminders
    assert Digest.objects.filter(recipient=officer, remind_on=TODAY).exists()
    returned_with_mention(milestone, everyone)

    scan_at(CURRENT_TIME + datetime.timedelta(minutes=15))
    assert Delivery.objects.get(recipient=officer, event__isnull=False).digest is None

    scan_at(NEXT_MORNING)
    assert Delivery.objects.get(recipient=officer, event__isnull=False).digest.remind_on == NEXT_MORNING.date()


def test_who_asked_to_hear_at_once_gets_an_email_of_its_own_and_no_second_one(
    milestone, everyone, outbox, django_capture_on_commit_callbacks, scan_at
):
    officer = staff(everyone["officer"])
    ReminderPreference.objects.create(staff=officer, email_mode=EmailMode.IMMEDIATE)

    with time_machine.travel(CURRENT_TIME, tick=False), django_capture_on_commit_callbacks(execute=True):
        returned_with_mention(milestone, everyone)

    assert len(officer_emails(outbox, everyone)) == 1
    scan_at(NEXT_MORNING)
    assert len(officer_emails(outbox, everyone)) == 1


def test_kinds_turned_off_for_email_show_in_the_bell_but_are_never_emailed(milestone, everyone, outbox, scan_at):
    officer = staff(everyone["officer"])
    ReminderPreference.objects.create(staff=officer, email_muted_kinds=["return"])

    returned_with_mention(milestone, everyone)
    scan_at(NEXT_MORNING)

    delivery = Delivery.objects.get(recipient=officer, event__isnull=False)
    assert not delivery.by_email and delivery.digest is None and delivery.read_at is None
    unread = Delivery.objects.filter(recipient=officer, read_at__isnull=True).count()
    assert f'<span class="bell-count">{unread}<' in bell(everyone["officer"])
    assert officer_emails(outbox, everyone) == []


def test_the_notifications_page_shows_who_did_what_with_their_words_and_marks_it_read(
    client, milestone, everyone, django_assert_max_num_queries
):
    returned_with_mention(milestone, everyone)
    client.force_login(everyone["officer"])

    with django_assert_max_num_queries(12):
        page = client.get("/reminders/")

    text = page.content.decode()
    assert "이영미" in text and RETURN_TEXT in text and f'href="/milestones/{milestone.pk}/#comments"' in text
    assert not Delivery.objects.filter(recipient=staff(everyone["officer"]), read_at__isnull=True).exists()
    assert "bell-count" not in bell(everyone["officer"])


def test_the_settings_page_saves_how_and_of_what_one_hears_by_email(client, everyone):
    client.force_login(everyone["officer"])

    response = client.post(
        "/reminders/settings/",
        {"enabled_leads": [7, 3, 1, 0], "email_mode": "immediate", "email_kinds": ["return", "mention"]},
    )

    assert response.status_code == 302
    preference = ReminderPreference.objects.get(staff=staff(everyone["officer"]))
    assert preference.email_mode == EmailMode.IMMEDIATE
    assert "comment" in preference.email_muted_kinds and "return" not in preference.email_muted_kinds
