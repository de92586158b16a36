"""Forms sent once: each form carries a key; the change it makes and its key are saved together, so that the
same form sent again (a double click, a resent request) changes nothing and is told apart from a conflict."""

import secrets

from django.db import IntegrityError, transaction

from milestones.models import Submission

#: The name of the hidden field that carries the key in every form that writes.
FIELD = "idempotency_key"


class AlreadySubmitted(Exception):
    """This form was sent before and made its change then; nothing was done now."""


def new_key():
    return secrets.token_urlsafe(24)


def submission_once(*, by, key, now):
    """Record the form ``key`` of ``by`` in the caller's transaction, or raise AlreadySubmitted.

    A second sending at the same moment waits on the unique key until the first commits, then is refused;
    if the first rolls back (its change was refused), the key is free for a corrected form.
    """
    if not key:
        return
    try:
        with transaction.atomic():
            Submission.objects.create(user=by, key=key[:64], created_at=now)
    except IntegrityError as exc:
        raise AlreadySubmitted(key) from exc


def was_submitted(*, by, key):
    """Whether ``by`` has sent the form ``key`` before and its change was made."""
    return bool(key) and Submission.objects.filter(user=by, key=key[:64]).exists()
