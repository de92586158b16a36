"""Webhooks: one signed JSON POST per (webhook, event), retried with back-off, to allowed hosts only."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from api.admin import WebhookForm
from api.models import Webhook, WebhookDelivery
from api.tests.conftest import CURRENT_TIME, TODAY, token_client
from api.tests.receiver import Receiver
from api.webhooks import deliveries_requeue, delivery_claim, delivery_send, retry_delay
from milestones import services
from milestones.models import Status

pytestmark = pytest.mark.django_db


def hook(url, kinds=("confirm",), **fields):
    return Webhook.objects.create(name="integration", url=url, kinds=list(kinds), secret="s3cret-shared", **fields)


def mark_done_and_confirm(officer, team_lead, milestone):
    services.milestone_record_progress(
        milestone=milestone, by=officer, version=1, status=Status.DONE, completed_on=TODAY, today=TODAY
    )
    response = token_client(team_lead).post(
        f"/api/v1/milestones/{milestone.pk}/status/", {"status": "confirmed"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200


def test_the_leads_confirmation_is_one_signed_post(
    officer, team_lead, milestone, frozen, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        webhook = hook(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            mark_done_and_confirm(officer, team_lead, milestone)

    (post,) = receiver.received
    delivery = WebhookDelivery.objects.get()
    expected = "sha256=" + hmac.new(b"s3cret-shared", post.body, hashlib.sha256).hexdigest()
    assert post.path == "/hooks/govtrack" and post.headers["Content-Type"] == "application/json"
    assert hmac.compare_digest(post.headers["X-Govtrack-Signature"], expected)
    assert post.headers["X-Govtrack-Delivery"] == str(delivery.delivery_id)
    assert post.headers["X-Govtrack-Event"] == "confirm"
    body = json.loads(post.body)
    assert body["delivery"] == str(delivery.delivery_id)
    assert (body["event"]["kind"], body["event"]["actor"], body["event"]["data"]["to"]) == (
        "confirm",
        {"id": team_lead.pk, "name": "이영미"},
        "confirmed",
    )
    assert body["milestone"]["id"] == milestone.pk and body["milestone"]["status"] == "confirmed"
    assert (delivery.webhook, delivery.status, delivery.attempts, delivery.response_status) == (
        webhook,
        WebhookDelivery.Status.SENT,
        1,
        200,
    )


def test_a_changed_body_does_not_match_its_signature(
    officer, team_lead, milestone, frozen, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        hook(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            mark_done_and_confirm(officer, team_lead, milestone)

    (post,) = receiver.received
    tampered = post.body.replace(b'"confirmed"', b'"cancelled"', 1)
    assert tampered != post.body
    signature = "sha256=" + hmac.new(b"s3cret-shared", tampered, hashlib.sha256).hexdigest()
    assert signature != post.headers["X-Govtrack-Signature"]


def test_events_of_kinds_a_webhook_does_not_want_are_not_sent(
    officer, milestone, frozen, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        hook(receiver.url, kinds=("return", "overdue"))
        inactive = hook(receiver.url, kinds=("progress",), is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            token_client(officer).post(
                f"/api/v1/milestones/{milestone.pk}/progress/",
                {"percent_complete": 10},
                format="json",
                HTTP_IF_MATCH='"1"',
            )

    assert receiver.received == [] and not WebhookDelivery.objects.exists()
    assert inactive.deliveries.count() == 0


def test_a_failed_post_is_retried_with_back_off_and_logged_once(
    officer, team_lead, milestone, frozen, django_capture_on_commit_callbacks
):
    with Receiver(answers=[500, 503]) as receiver:
        hook(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            mark_done_and_confirm(officer, team_lead, milestone)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (
            WebhookDelivery.Status.FAILED,
            1,
            "HTTP 500",
        )
        assert delivery.next_attempt_at == CURRENT_TIME + retry_delay(1)

        assert not delivery_send(delivery_id=delivery.pk, token="early", now=CURRENT_TIME)  # not due yet
        later = CURRENT_TIME + datetime.timedelta(minutes=1)
        with pytest.raises(Exception, match="HTTP 503"):
            delivery_send(delivery_id=delivery.pk, token="second", now=later)
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == later + retry_delay(2) == later + datetime.timedelta(minutes=2)

        last = later + datetime.timedelta(minutes=2)
        assert delivery_send(delivery_id=delivery.pk, token="third", now=last)
        assert not delivery_send(delivery_id=delivery.pk, token="fourth", now=last + datetime.timedelta(hours=1))

    delivery.refresh_from_db()
    assert [p.headers["X-Govtrack-Delivery"] for p in receiver.received] == [str(delivery.delivery_id)] * 3
    assert (delivery.status, delivery.attempts, delivery.sent_at, delivery.last_error) == (
        WebhookDelivery.Status.SENT,
        3,
        last,
        "",
    )
    assert WebhookDelivery.objects.count() == 1


def test_a_delivery_is_claimed_by_one_sender_at_a_time(officer, team_lead, milestone, frozen):
    hook("http://127.0.0.1:9/never")
    mark_done_and_confirm(officer, team_lead, milestone)  # the tasks are queued after a commit that never comes
    delivery = WebhookDelivery.objects.get()

    first = delivery_claim(delivery_id=delivery.pk, token="a", now=CURRENT_TIME)
    second = delivery_claim(delivery_id=delivery.pk, token="b", now=CURRENT_TIME)
    again = delivery_claim(delivery_id=delivery.pk, token="a", now=CURRENT_TIME)  # a redelivered task takes its own
    lapsed = delivery_claim(delivery_id=delivery.pk, token="c", now=CURRENT_TIME + datetime.timedelta(minutes=6))

    assert (first, second, again, lapsed) == (True, False, True, True)


def test_deliveries_whose_task_was_lost_are_queued_again(officer, team_lead, milestone, frozen):
    hook("http://127.0.0.1:9/never")
    mark_done_and_confirm(officer, team_lead, milestone)
    delivery = WebhookDelivery.objects.get()

    assert deliveries_requeue(now=CURRENT_TIME) == []
    assert deliveries_requeue(now=CURRENT_TIME + datetime.timedelta(minutes=11)) == [delivery.pk]


@pytest.mark.parametrize(
    ("url", "allowed_hosts", "allowed_networks", "refusal"),
    [
        ("http://127.0.0.2:8080/hook", ["*"], ["127.0.0.1/32"], ": 127.0.0.2"),
        ("http://10.1.2.3/hook", ["*"], ["127.0.0.1/32"], ": 10.1.2.3"),
        ("http://localhost:8080/hook", ["*"], [], ": 127.0.0.1"),
        ("http://[::1]:8080/hook", ["*"], [], ": ::1"),
        ("http://hooks.example.org/hook", ["integration.example.net"], [], "WEBHOOK_ALLOWED_HOSTS"),
        ("ftp://hooks.example.org/hook", ["*"], [], "http"),
    ],
)
def test_private_addresses_and_hosts_off_the_allow_list_are_refused(
    url,
    allowed_hosts,
    allowed_networks,
    refusal,
    officer,
    team_lead,
    milestone,
    frozen,
    django_capture_on_commit_callbacks,
):
    with override_settings(WEBHOOK_ALLOWED_HOSTS=allowed_hosts, WEBHOOK_ALLOWED_NETWORKS=allowed_networks):
        hook(url)
        with django_capture_on_commit_callbacks(execute=True):
            mark_done_and_confirm(officer, team_lead, milestone)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED and refusal in delivery.last_error
    assert delivery.sent_at is None


def test_the_admin_form_refuses_a_host_off_the_allow_list():
    with override_settings(WEBHOOK_ALLOWED_HOSTS=[".example.org"]):
        refused = WebhookForm(data={"name": "x", "url": "https://example.net/h", "kinds": ["confirm"], "secret": "s"})
        accepted = WebhookForm(
            data={"name": "x", "url": "https://hooks.example.org/h", "kinds": ["confirm"], "secret": "s"}
        )
        assert not refused.is_valid() and "url" in refused.errors
        assert accepted.is_valid(), accepted.errors


def test_the_delivery_log_is_in_the_admin(admin_client, officer, team_lead, milestone, frozen):
    webhook = hook("http://127.0.0.1:9/never")
    mark_done_and_confirm(officer, team_lead, milestone)

    log = admin_client.get("/admin/api/webhookdelivery/")
    page = admin_client.get(f"/admin/api/webhook/{webhook.pk}/change/")

    delivery = WebhookDelivery.objects.get()
    assert log.status_code == page.status_code == 200
    assert str(delivery.delivery_id) in page.content.decode()
    assert timezone.localtime(delivery.created_at).strftime("%Y") in log.content.decode()


def test_a_milestone_falling_overdue_is_sent_once_from_the_reminder_scan(
    milestone, plan_2023, django_capture_on_commit_callbacks
):
    from reminders.services import reminders_scan

    monday = datetime.datetime(2023, 9, 25, 9, 30, tzinfo=CURRENT_TIME.tzinfo)
    with Receiver() as receiver:
        hook(receiver.url, kinds=("overdue",))
        for day in (0, 1, 9):
            with django_capture_on_commit_callbacks(execute=True):
                reminders_scan(now=monday + datetime.timedelta(days=day))

    mine = [json.loads(p.body) for p in receiver.received if json.loads(p.body)["milestone"]["id"] == milestone.pk]
    assert [(m["event"]["kind"], m["event"]["data"], m["event"]["actor"]) for m in mine] == [
        ("overdue", {"due_date": "2023-09-24"}, None)
    ]
    assert len(receiver.received) == WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENT).count()


def test_the_database_keeps_one_delivery_per_webhook_and_event(officer, team_lead, milestone, frozen):
    from django.db import IntegrityError, transaction

    from api.webhooks import webhook_deliveries_record

    hook("http://127.0.0.1:9/never")
    mark_done_and_confirm(officer, team_lead, milestone)
    delivery = WebhookDelivery.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        webhook_deliveries_record(delivery.event)

    assert WebhookDelivery.objects.count() == 1
