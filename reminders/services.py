"""Writes: recording reminders and their e-mails, notifications read, preferences and calendar feeds (the e-mails
are sent by reminders.sending).

Every side effect is guarded by a claim (style example 1): a delivery row is inserted under a unique
constraint (straight into this run's e-mail for its person, or attached to one later with
``UPDATE ... WHERE digest IS NULL``), and an e-mail is sent only by the one caller whose
``UPDATE ... WHERE status IN (...)`` changed its row. A run writes its rows and e-mails in a fixed number
of set-based statements, however many there are.
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.utils import timezone

from departments.models import Staff
from milestones.events import events_record_many
from milestones.models import Event, EventKind
from milestones.schedule import SEOUL, seoul_today
from reminders.models import (
    EVENT_KINDS,
    CalendarFeed,
    Delivery,
    Digest,
    Kind,
    ReminderPreference,
    ReminderSettings,
    new_feed_token,
)
from reminders.selectors import recipient_emails, reminders_due_on
from reminders.sending import digests_enqueue, digests_requeue
from workdays.calendar import WorkCalendar

logger = logging.getLogger(__name__)

#: Milestone ids per query when looking up events already recorded (below every database's parameter limit).
EVENT_CHUNK = 5000


@dataclass
class ScanResult:
    today: datetime.date
    skipped: str = ""
    plan: object = None
    digests: list = field(default_factory=list)
    requeued: list = field(default_factory=list)


def reminders_scan(*, now):
    """Decide, record and send every reminder due at ``now``. Safe to run at any time, any number of times.

    Nothing is decided on a closed day or before the configured hour (Seoul time). What has been decided
    before is not decided again, so a run after an outage sends each missed reminder once.
    """
    settings = ReminderSettings.load()
    calendar = WorkCalendar.load()
    today = seoul_today(now)
    result = ScanResult(today=today)
    if not calendar.is_working_day(today):
        result.skipped = "closed"
    elif timezone.localtime(now, SEOUL).time() < settings.send_from:
        result.skipped = "early"
    else:
        with transaction.atomic():
            result.plan = reminders_due_on(today=today, settings=settings, calendar=calendar)
            result.digests = reminders_record(plan=result.plan, now=now)
            pending = [d.pk for d in result.digests if d.status == Digest.Status.PENDING]
            transaction.on_commit(partial(digests_enqueue, pending))
        for milestone in result.plan.unowned:
            logger.warning("Milestone %s is due a reminder but has no owner to send it to.", milestone.pk)
    result.requeued = digests_requeue(now=now)
    return result


def reminders_record(*, plan, now):
    """Record the reminders of ``plan`` and gather this run's new ones into one e-mail per person.

    Call inside a transaction: the rows are written in the transaction that decides them. The e-mails
    are made first, so that the new rows are inserted in them; rows still waiting for an e-mail (none,
    unless rows were recorded without one) are claimed into them too.
    """
    digests = _digests_new(
        Q(pk__in=_id_list({r.recipient_id for r in plan.new})) | _waiting_for_daily_email(plan.today),
        today=plan.today,
        now=now,
    )
    filled = deliveries_insert(plan=plan, now=now, digests={d.recipient_id: d.pk for d in digests})
    overdue_events_record(plan=plan, now=now)
    return _digests_keep(digests, filled | _attach(digests))


def overdue_events_record(*, plan, now):
    """An ``overdue`` event per milestone and due date, when the first overdue reminder of that date is decided.

    Called after the run's reminder rows are inserted: a concurrent run deciding the same reminders waits there
    for this one's commit, and then sees its events, so each milestone falls overdue once per due date.
    """
    falling = {r.milestone_id: r.due_date for r in plan.new if r.kind == Kind.OVERDUE}
    if not falling:
        return []
    new = _without_overdue_event(falling)
    return events_record_many(
        kind=EventKind.OVERDUE, milestone_ids=new, data={pk: {"due_date": falling[pk]} for pk in new}, now=now
    )


def _without_overdue_event(falling):
    """The ids of ``falling`` (milestone id: due date) with no ``overdue`` event of that due date yet, in order."""
    ids = sorted(falling)
    if connection.vendor == "postgresql":
        # One statement of two arrays: a run's tens of thousands of overdue milestones are one parameter each.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT n.id FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY n(id, due_date, position)
                WHERE NOT EXISTS (
                    SELECT 1 FROM {Event._meta.db_table} e
                    WHERE e.milestone_id = n.id AND e.kind = %s AND e.data ->> 'due_date' = n.due_date
                ) ORDER BY n.position""",
                [_pg_array(ids), _pg_array(falling[pk].isoformat() for pk in ids), str(EventKind.OVERDUE)],
            )
            return [pk for (pk,) in cursor.fetchall()]
    recorded = set()
    events = Event.objects.filter(kind=EventKind.OVERDUE)
    for start in range(0, len(ids), EVENT_CHUNK):
        chunk = events.filter(milestone_id__in=ids[start : start + EVENT_CHUNK])
        recorded.update(chunk.values_list("milestone_id", KT("data__due_date")))  # as text: nothing to decode
    return [pk for pk in ids if (pk, falling[pk].isoformat()) not in recorded]


def _waiting_for_daily_email(today):
    """People with reminders waiting for an e-mail, and those with notifications of events waiting who have
    had no e-mail today: what happened since goes out once a day, in the first run of the day."""
    e_mailed_today = Digest.objects.filter(remind_on=today).values("recipient_id")
    waiting = _waiting()
    return Q(pk__in=waiting.filter(event__isnull=True).values("recipient_id")) | Q(
        pk__in=waiting.filter(event__isnull=False).exclude(recipient_id__in=e_mailed_today).values("recipient_id")
    )


def notifications_send_now(*, recipient_ids, now):
    """An e-mail now for each of ``recipient_ids`` with the notifications waiting for one (those who asked
    to hear at once); call in the transaction that wrote them. The e-mails are queued after the commit."""
    with transaction.atomic():
        digests = _digests_new(
            Q(pk__in=_waiting().filter(recipient_id__in=recipient_ids).values("recipient_id")),
            today=seoul_today(now),
            now=now,
        )
        kept = _digests_keep(digests, _attach(digests))
        transaction.on_commit(partial(digests_enqueue, [d.pk for d in kept if d.status == Digest.Status.PENDING]))
    return kept


def deliveries_insert(*, plan, now, digests=None):
    """Insert a row per new reminder in one statement, in the e-mail ``digests[recipient_id]`` when given
    (else it waits for the next run to claim it). A reminder recorded before (by any run, even one still in its
    transaction) is left alone: the unique constraint turns it away. Returns the ids of the e-mails that
    got rows."""
    digests = digests or {}
    kinds = {kind: str(kind) for kind in Kind}
    new = plan.new
    if not new:
        return set()
    if connection.vendor == "postgresql":
        # A column array each, in the plan's order; the database sorts them.
        recipients = [r.recipient_id for r in new]
        columns = (
            recipients,
            [r.milestone_id for r in new],
            [kinds.get(r.kind, r.kind) for r in new],
            [r.step for r in new],
            [r.due_date for r in new],
            [digests.get(pk) for pk in recipients],
        )
        with connection.cursor() as cursor:
            # In the order of the unique key: the indexes and the foreign key checks then read their pages in turn.
            cursor.execute(
                """WITH inserted AS (
                    INSERT INTO reminders_delivery
                        (recipient_id, milestone_id, kind, step, due_date, digest_id, remind_on, created_at)
                    SELECT n.*, %s, %s FROM unnest(
                        %s::bigint[], %s::bigint[], %s::varchar[], %s::smallint[], %s::date[], %s::bigint[]
                    ) n (recipient_id, milestone_id, kind, step, due_date, digest_id)
                    ORDER BY n.recipient_id, n.milestone_id, n.kind, n.step, n.due_date
                    ON CONFLICT DO NOTHING
                    RETURNING digest_id
                ) SELECT DISTINCT digest_id FROM inserted WHERE digest_id IS NOT NULL""",
                [plan.today, now, *map(_pg_array, columns)],
            )
            return {digest_id for (digest_id,) in cursor.fetchall()}
    rows = sorted((r.recipient_id, r.milestone_id, kinds.get(r.kind, r.kind), r.step, r.due_date) for r in new)
    # Elsewhere (SQLite) one statement run for each row, in the database's own loop.
    ops = connection.ops
    remind_on, created_at = ops.adapt_datefield_value(plan.today), ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            """INSERT INTO reminders_delivery
                (recipient_id, milestone_id, kind, step, due_date, digest_id, remind_on, created_at)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING""",
            [
                (recipient_id, milestone_id, kind, step, ops.adapt_datefield_value(due_date))
                + (digests.get(recipient_id), remind_on, created_at)
                for recipient_id, milestone_id, kind, step, due_date in rows
            ],
        )
    return _filled(list(digests.values()))


def _id_list(ids):
    """``ids`` for an ``__in`` filter: on PostgreSQL one array parameter, not a placeholder per id (a morning's
    15,000 recipients)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [_pg_array(ids)])
    return ids


def _pg_array(values):
    """A PostgreSQL array literal of ids, dates and choice values (nothing to quote): one parameter instead of
    one quoted literal per element."""
    values = list(values)
    if None in values:
        return "{" + ",".join(["NULL" if value is None else str(value) for value in values]) + "}"
    return "{" + ",".join(map(str, values)) + "}"


def _waiting():
    """Notifications to go into an e-mail that none has taken yet."""
    return Delivery.objects.filter(digest__isnull=True, by_email=True)


def _digests_new(recipients, *, today, now):
    """A new e-mail for each of ``recipients`` (a filter on Staff), created together."""
    addresses = recipient_emails(Staff.objects.filter(recipients))
    digests = [
        Digest(
            recipient_id=pk,
            remind_on=today,
            email=email,
            status=Digest.Status.PENDING if email else Digest.Status.UNDELIVERABLE,
            created_at=now,
        )
        for pk, email in addresses.items()
    ]
    if not digests or connection.vendor != "postgresql":
        return Digest.objects.bulk_create(digests) if digests else []
    # One statement of three arrays, not a row of parameters per e-mail (a city's morning is 15,000 of them).
    given = [Digest._meta.get_field(name) for name in ("recipient", "email", "status")]
    fixed = [
        f
        for f in Digest._meta.concrete_fields
        if not f.primary_key and f not in given and getattr(digests[0], f.attname) is not None
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Digest._meta.db_table} ({", ".join(f.column for f in given + fixed)})
            SELECT n.*, {", ".join(["%s"] * len(fixed))}
            FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[]) n
            RETURNING id""",
            [
                *(f.get_db_prep_save(getattr(digests[0], f.attname), connection) for f in fixed),
                [d.recipient_id for d in digests],
                [d.email for d in digests],
                [d.status for d in digests],
            ],
        )
        for digest, (pk,) in zip(digests, cursor.fetchall(), strict=True):
            digest.pk = pk
            digest._state.adding = False
    return digests


def _attach(digests):
    """The claim: one ``UPDATE ... WHERE digest IS NULL`` attaches the rows still waiting to ``digests`` (one
    per recipient); rows another run attached first are not this run's. The ids of the e-mails that got rows."""
    if not digests:
        return set()
    ids = [d.pk for d in digests]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """WITH attached AS (
                    UPDATE reminders_delivery d SET digest_id = g.id FROM reminders_digest g
                    WHERE g.id = ANY(%s) AND d.recipient_id = g.recipient_id AND d.digest_id IS NULL
                        AND d.by_email
                    RETURNING d.digest_id
                ) SELECT DISTINCT digest_id FROM attached""",
                [ids],
            )
            return {digest_id for (digest_id,) in cursor.fetchall()}
    mine = Digest.objects.filter(pk__in=ids, recipient=OuterRef("recipient"))
    _waiting().filter(recipient__in=[d.recipient_id for d in digests]).update(digest=Subquery(mine.values("pk")[:1]))
    return _filled(ids)


def _filled(digest_ids):
    return set(Delivery.objects.filter(digest__in=digest_ids).values_list("digest_id", flat=True).distinct())


def _digests_keep(digests, filled):
    """The e-mails that got rows; the others are deleted (another run took their rows first)."""
    empty = [d.pk for d in digests if d.pk not in filled]
    if empty:
        Digest.objects.filter(pk__in=empty).delete()
    kept = [d for d in digests if d.pk in filled]
    for digest in kept:
        if not digest.email:
            logger.warning(
                "No e-mail address for staff %s: their reminders are in the application only.", digest.recipient_id
            )
    return kept


def notifications_mark_read(*, staff, delivery_ids, now):
    """Mark the person's notifications ``delivery_ids`` read (those of others are left alone)."""
    return Delivery.objects.filter(recipient=staff, pk__in=delivery_ids, read_at__isnull=True).update(read_at=now)


def reminder_preference_update(*, staff, enabled_leads, leads, email_mode=None, email_kinds=None):
    """Turn advance reminders on or off: every lead time in ``leads`` not in ``enabled_leads`` is skipped.
    ``email_mode`` and ``email_kinds`` (the kinds of notification wanted by e-mail), when given, say how and
    of what the person hears by e-mail."""
    defaults = {"skipped_lead_days": sorted(set(leads) - set(enabled_leads), reverse=True)}
    if email_mode is not None:
        defaults["email_mode"] = email_mode
    if email_kinds is not None:
        defaults["email_muted_kinds"] = sorted({kind for kind, _label in EVENT_KINDS} - set(email_kinds))
    preference, _ = ReminderPreference.objects.update_or_create(staff=staff, defaults=defaults)
    return preference


def calendar_feed_get_or_create(*, staff=None, department=None):
    feed, _ = CalendarFeed.objects.get_or_create(staff=staff, department=department)
    return feed


def calendar_feed_reset(*, feed, now):
    """A new token: the old address stops working at once."""
    feed.token = new_feed_token()
    feed.reset_at = now
    feed.save(update_fields=["token", "reset_at"])
    return feed
