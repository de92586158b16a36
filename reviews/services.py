"""Writes of the managers' review: asking a milestone's owner for an update.

The request is a comment of kind "request", recorded by ``milestones.services.milestone_comment``
(which checks who may ask); the owner is e-mailed once the request is committed.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from milestones import services as milestone_services
from milestones.models import Comment
from reminders.emails import LANGUAGES, milestone_url
from reminders.selectors import recipient_email


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
        if milestone.owner_id and recipient_email(milestone.owner):
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
            subject = _("Update requested: %(title)s") % {"title": milestone.title[:60]}
        if body not in parts:
            parts.append(body)
        if subject not in subjects:
            subjects.append(subject)
    return EmailMessage(
        subject=" / ".join(subjects), body="\n\n---\n\n".join(parts), to=[recipient_email(milestone.owner)]
    )


def update_request_send(*, comment_id):
    """Send the e-mail of one request; nothing when the owner has no address (any more)."""
    comment = (
        Comment.objects.select_related("milestone__owner__user", "milestone__project", "author__staff")
        .filter(pk=comment_id, kind=Comment.Kind.REQUEST)
        .first()
    )
    if comment is None or comment.milestone.owner is None or not recipient_email(comment.milestone.owner):
        return 0
    return update_request_email(comment=comment).send()
