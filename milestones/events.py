"""The record of events: who did what to which milestone. One function writes it; readers subscribe.

Services call :func:`event_record` inside the transaction that makes the change. Readers that live above
this app (notifications, webhooks, ...) register a listener in their ``AppConfig.ready()``; each listener
runs in the same transaction, so an event and what it makes (delivery rows) are committed or lost together.
Listeners write rows; anything that talks to the outside world is queued with ``transaction.on_commit``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from milestones.models import Event, EventKind

_listeners = []


def subscribe(listener):
    """Register ``listener(event)``; it is called once per recorded event. Idempotent."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def event_record(*, kind, milestone, actor, comment=None, data=None, now=None):
    """Write one event and let every listener act on it, in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record runs inside the transaction of the change it records")
    event = Event.objects.create(
        kind=EventKind(kind),
        milestone=milestone,
        actor=actor,
        comment=comment,
        data=_plain(data or {}),
        created_at=now or timezone.now(),
    )
    for listener in _listeners:
        listener(event)
    return event
