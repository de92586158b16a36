"""Writes of the managers' review: asking a milestone's owner for an update.

The request is a comment of kind "request", recorded by ``milestones.services.milestone_comment``
(which checks who may ask), with the record of its e-mail (``RequestEmail``) in the same transaction;
the owner is e-mailed once the request is committed, and the record keeps whether it went out and why not.
"""

import logging
import smtplib

from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from milestones import services as milestone_services
from milestones.models import Comment
from reminders.emails import LANGUAGES, milestone_url, single_line
from reminders.models import Delivery
from reminders.selectors import recipient_email
from reviews.models import RequestEmail

logger = logging.getLogger(__name__)

#: A mail server that refuses or cannot be reached: worth another try later.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)


class RequestEmailNotSent(Exception):
    """The mail server refused or could not be reached; the record says so and the task tries again."""


def milestone_request_update(*, milestone, by, text="", now=None):
    """Ask the owner of ``milestone`` for an update; returns the recorded comment.

    An empty ``text`` records a standard request. Raises PermissionDenied when ``by`` may not ask.
    """
    from reviews.tasks import send_update_request

    text = (text or "").strip() or _("Please update the progress of this milestone.")
    with transaction.atomic():
        comment = milestone_services.milestone_comment(
            milestone=milestone, by=by, text=text, kind=Comment.Kind.REQUEST, now=now
        )
        address = recipient_email(milestone.owner) if milestone.owner_id else ""
        RequestEmail.objects.create(
            comment=comment,
            email=address or "",
            status=RequestEmail.Status.PENDING if address else RequestEmail.Status.UNDELIVERABLE,
            created_at=comment.created_at,
        )
        if address:
            # The owner hears of the request by this e-mail; their notification stays in the application.
            Delivery.objects.filter(
                event__comment=comment, recipient_id=milestone.owner_id, digest__isnull=True
            ).update(by_email=False)
            transaction.on_commit(lambda: send_update_request.delay(comment.pk))
    return comment


def update_request_email(*, comment):
    """The e-mail to a milestone's owner about a request: Korean first, then English where it differs."""
    milestone = comment.milestone
    parts, subjects = [], []
    for language in LANGUAGES:
        with translation.override(language):
            context = {"comment": comment, "milestone": milestone, "url": milestone_url(milestone)}
            body = render_to_string("reviews/email/update_request.txt", context).strip()
            subject = single_line(_("Update requested: %(title)s") % {"title": single_line(milestone.title)[:60]})
        if body not in parts:
            parts.append(body)
        if subject not in subjects:
            subjects.append(subject)
    return EmailMessage(
        subject=" / ".join(subjects), body="\n\n---\n\n".join(parts), to=[recipient_email(milestone.owner)]
    )


def update_request_send(*, comment_id, now=None):
    """Send the e-mail of one request if it is waiting or failed before; returns whether it was sent.

    The record is claimed with a conditional update, so a retried task sends nothing twice. A refusal is
    recorded (status, attempts, error) and raised as RequestEmailNotSent when worth retrying; an e-mail that
    cannot be built is recorded as failed. Nothing goes out when the owner has no address (any more).
    """
    claimed = RequestEmail.objects.filter(
        comment_id=comment_id, status__in=[RequestEmail.Status.PENDING, RequestEmail.Status.FAILED]
    ).update(status=RequestEmail.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    record = RequestEmail.objects.select_related(
        "comment__milestone__owner__user", "comment__milestone__project", "comment__author__staff"
    ).get(comment_id=comment_id)
    comment = record.comment
    if comment.milestone.owner is None or not recipient_email(comment.milestone.owner):
        _record(record, RequestEmail.Status.UNDELIVERABLE, email="")
        return False
    try:
        update_request_email(comment=comment).send()
    except TRANSIENT_MAIL_ERRORS as exc:
        _record(record, RequestEmail.Status.FAILED, error=exc)
        raise RequestEmailNotSent(str(exc)) from exc
    except (BadHeaderError, ValueError) as exc:
        _record(record, RequestEmail.Status.FAILED, error=exc)
        return False
    _record(record, RequestEmail.Status.SENT, sent_at=now or timezone.now())
    return True


def _record(record, status, *, error=None, **fields):
    last_error = f"{type(error).__name__}: {error}"[:2000] if error else ""
    if error:
        logger.warning("Update request e-mail %s not sent (attempt %s): %s", record.pk, record.attempts, error)
    RequestEmail.objects.filter(pk=record.pk).update(status=status, last_error=last_error, **fields)
