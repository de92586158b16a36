"""Asking a milestone's owner for an update, and commenting, from the review pages."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from departments.models import Staff
from milestones.models import Comment

from .test_overdue import pk

pytestmark = pytest.mark.usefixtures("frozen")

BACK = "/milestones/overdue/?days_from=40"


def ask(client, milestone_pk, text="", action="request_update", next_url=BACK):
    return client.post(reverse(f"reviews:{action}", args=[milestone_pk]), {"text": text, "next": next_url})


def test_manager_asks_the_owner_for_an_update_which_is_recorded_and_mailed(
    client, manager, django_capture_on_commit_callbacks
):
    Staff.objects.filter(code="digital-policy:김연숙").update(email="kim@example.org")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, pk(1, "1"))
    assert response.status_code == 302
    assert response["Location"] == BACK
    comment = Comment.objects.get(milestone_id=pk(1, "1"))
    assert comment.kind == Comment.Kind.REQUEST
    assert comment.author == manager
    assert comment.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kim@example.org"]
    assert f"/milestones/{pk(1, '1')}/" in mail.outbox[0].body


def test_the_request_keeps_the_managers_message(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, pk(1, "2"), text="주간회의 전까지 진행상황을 알려주세요.")
    assert Comment.objects.get(milestone_id=pk(1, "2")).text == "주간회의 전까지 진행상황을 알려주세요."
    assert mail.outbox == []  # the owner has no e-mail address in the plan


def test_manager_comments_from_the_list(client, manager):
    client.force_login(manager)
    response = ask(client, pk(1, "3"), text="Seen at the weekly meeting.", action="comment")
    assert response["Location"] == BACK
    comment = Comment.objects.get(milestone_id=pk(1, "3"))
    assert (comment.kind, comment.text) == (Comment.Kind.COMMENT, "Seen at the weekly meeting.")


def test_an_empty_comment_is_refused_with_a_message(client, manager):
    client.force_login(manager)
    response = ask(client, pk(1, "3"), text=" ", action="comment")
    assert response.status_code == 302
    assert not Comment.objects.filter(milestone_id=pk(1, "3")).exists()


def test_staff_may_not_ask_for_an_update(client, officer):
    client.force_login(officer)
    assert ask(client, pk(1, "1")).status_code == 403
    assert not Comment.objects.exists()


def test_a_head_cannot_reach_another_departments_milestone(client, head):
    client.force_login(head)
    assert ask(client, pk(1, "1")).status_code == 404
    assert ask(client, pk(4, "1")).status_code == 302


def test_an_outside_return_address_is_replaced_by_the_milestone_page(client, manager):
    client.force_login(manager)
    response = ask(client, pk(1, "1"), next_url="https://evil.example/")
    assert response["Location"] == f"/milestones/{pk(1, '1')}/"


@pytest.mark.parametrize("action", ["comment", "request_update"])
def test_a_comment_or_request_longer_than_the_page_forms_limit_is_refused_with_a_message(
    client, manager, django_capture_on_commit_callbacks, action
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        refused = ask(client, pk(1, "1"), text="x" * (1024 * 1024), action=action)
        assert refused.status_code == 302
        assert not Comment.objects.filter(milestone_id=pk(1, "1")).exists()
        assert "4000" in str(list(refused.wsgi_request._messages)[0]).replace(",", "")
        assert not mail.outbox
        assert ask(client, pk(1, "1"), text="가" * Comment.MAX_LENGTH, action=action).status_code == 302
    assert len(Comment.objects.get(milestone_id=pk(1, "1")).text) == 4000


def test_the_comment_service_refuses_text_over_the_limit_from_any_caller(manager):
    from django.core.exceptions import ValidationError

    from milestones.models import Milestone
    from milestones.services import milestone_comment

    with pytest.raises(ValidationError, match="4000"):
        milestone_comment(milestone=Milestone.objects.get(pk=pk(1, "1")), by=manager, text="x" * 4001)


def test_a_request_about_a_title_with_a_line_break_is_mailed_with_a_one_line_subject(
    client, manager, django_capture_on_commit_callbacks
):
    from milestones.models import Milestone
    from reviews.models import RequestEmail

    Staff.objects.filter(code="digital-policy:김연숙").update(email="kim@example.org")
    Milestone.objects.filter(pk=pk(1, "1")).update(title="첫 줄\r\nBcc: victim@example.org\n둘째 줄")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, pk(1, "1"))
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject and "첫 줄 Bcc: victim@example.org 둘째 줄" in subject
    assert mail.outbox[0].recipients() == ["kim@example.org"]
    assert RequestEmail.objects.get().status == RequestEmail.Status.SENT
    assert response.status_code == 302


def test_a_request_whose_email_fails_is_recorded_as_failed_and_the_manager_told_so(
    client, manager, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    from reviews.models import RequestEmail

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPDataError(451, b"try again later")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    Staff.objects.filter(code="digital-policy:김연숙").update(email="kim@example.org")
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, pk(1, "1"))
    message = str(list(response.wsgi_request._messages)[0])
    assert "on its way" in message and "was sent" not in message, "the e-mail is only queued when the page answers"
    record = RequestEmail.objects.get()
    assert record.status == RequestEmail.Status.FAILED and record.attempts == 1
    assert "451" in record.last_error

    client.force_login(get_user_model().objects.create_superuser("root", password="administrator-password-1"))
    listed = client.get(reverse("admin:reviews_requestemail_changelist"), {"status": "failed"})
    assert "451" in listed.text and "kim@example.org" in listed.text


def test_the_manager_is_told_when_the_email_of_a_request_could_not_be_sent(rf, manager):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from milestones.models import Milestone
    from reviews.models import RequestEmail
    from reviews.services import milestone_request_update
    from reviews.views import request_outcome_message

    milestone = Milestone.objects.get(pk=pk(1, "1"))
    comment = milestone_request_update(milestone=milestone, by=manager)
    RequestEmail.objects.filter(comment=comment).update(
        email="kim@example.org", status=RequestEmail.Status.FAILED, last_error="SMTPDataError: 451"
    )
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        request_outcome_message(request, milestone)
    message = str(list(request._messages)[0])
    assert "could not be sent" in message and "451" in message


def test_the_owner_asked_for_an_update_hears_of_it_once_by_email_not_again_in_the_daily_digest(
    client, manager, django_capture_on_commit_callbacks
):
    from reminders.models import Delivery
    from reminders.services import _waiting

    Staff.objects.filter(code="digital-policy:김연숙").update(email="kim@example.org")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, pk(1, "1"))
    owner = Staff.objects.get(code="digital-policy:김연숙")
    notification = Delivery.objects.get(recipient=owner, event__comment__isnull=False)
    assert len(mail.outbox) == 1 and notification.read_at is None
    assert not _waiting().filter(recipient=owner).exists()
