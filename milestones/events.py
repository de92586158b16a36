"""The record of events: who did what to which milestone. One function writes it; readers subscribe.

Services call :func:`event_record` inside the transaction that makes the change. Readers that live above
this app (notifications, webhooks, ...) register a listener in their ``AppConfig.ready()``; each listener
runs in the same transaction, so an event and what it makes (delivery rows) are committed or lost together.
Listeners write rows; anything that talks to the outside world is queued with ``transaction.on_commit``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from milestones.models import Event, EventKind, Milestone

_listeners = []
#: For a listener that can act on many events at once: ``listener -> many(events)``, used by ``events_record_many``.
_many = {}


def subscribe(listener, *, many=None):
    """Register ``listener(event)``; it is called once per recorded event. Idempotent.

    ``many(events)``, when given, is called instead of ``listener`` once for the events that
    ``events_record_many`` writes together (a run over many milestones), with the same effect.
    """
    if listener not in _listeners:
        _listeners.append(listener)
    if many is not None:
        _many[listener] = many
    return listener


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _in_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("events are recorded inside the transaction of the change they record")


def event_record(*, kind, milestone, actor, comment=None, data=None, now=None):
    """Write one event and let every listener act on it, in the caller's transaction."""
    _in_transaction()
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


#: Milestones read at a time by ``events_record_many`` (below every database's limit of parameters).
MANY_CHUNK = 5000


def events_record_many(*, kind, milestone_ids, data, now, actor=None):
    """Write one event of ``kind`` per milestone id, ``data[milestone_id]`` its details, in few statements; every
    listener acts on them (once for all, when it has a ``many`` form). For runs that decide many at once.

    Each event comes with its milestone loaded, so that a listener reading it costs no query per event.
    """
    _in_transaction()
    kind = EventKind(kind)
    ids = list(milestone_ids)
    milestones = {}
    for start in range(0, len(ids), MANY_CHUNK):
        milestones.update(Milestone.objects.select_related("project").in_bulk(ids[start : start + MANY_CHUNK]))
    rows = [
        Event(kind=kind, milestone=milestones[pk], actor=actor, data=_plain(data.get(pk, {})), created_at=now)
        for pk in ids
        if pk in milestones
    ]
    if not rows:
        return []
    events = Event.objects.bulk_create(rows, batch_size=MANY_CHUNK)
    for listener in _listeners:
        many = _many.get(listener)
        if many is not None:
            many(events)
        else:
            for event in events:
                listener(event)
    return events
