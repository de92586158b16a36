"""Writes: the notifications of an event (the listener of the record of events), following and unfollowing.

``notify_event`` runs in the transaction that records the event: the notifications are committed or lost
with it. Each is a row of the one notification model (``reminders.Delivery``), unique per (person, event),
so the bell shows it at once; it waits for the person's next daily e-mail, or goes out at once for those who
asked, or stays in the application for the kinds a person does not want by e-mail.
"""

from django.core.exceptions import PermissionDenied

from accounts.roles import actor_for
from milestones.models import EventKind
from milestones.schedule import seoul_today
from milestones.selectors import milestones_visible_to, projects_visible_to
from notifications.models import Follow
from notifications.selectors import event_recipients
from reminders.models import Delivery, EmailMode, ReminderPreference
from reminders.services import notifications_send_now

#: Whoever writes on a milestone follows it from then on.
FOLLOWING_KINDS = frozenset({EventKind.COMMENTED, EventKind.UPDATE_REQUESTED})


def notify_event(event):
    """Tell everyone the rule names of ``event``, once each (``event_recipients``)."""
    if event.kind in FOLLOWING_KINDS and event.actor_id is not None:
        staff = actor_for(event.actor).staff
        if staff is not None:
            Follow.objects.bulk_create([Follow(staff=staff, milestone_id=event.milestone_id)], ignore_conflicts=True)
    heard = event_recipients(event)
    if not heard:
        return []
    preferences = {p.staff_id: p for p in ReminderPreference.objects.filter(staff_id__in=heard)}
    rows, at_once = [], []
    for staff_id, kind in heard.items():
        preference = preferences.get(staff_id)
        by_email = preference is None or kind not in preference.email_muted_kinds
        if by_email and preference is not None and preference.email_mode == EmailMode.IMMEDIATE:
            at_once.append(staff_id)
        rows.append(
            Delivery(
                recipient_id=staff_id,
                milestone_id=event.milestone_id,
                event=event,
                kind=kind,
                remind_on=seoul_today(event.created_at),
                created_at=event.created_at,
                by_email=by_email,
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    if at_once:
        notifications_send_now(recipient_ids=at_once, now=event.created_at)
    return rows


def _staff_of(user):
    staff = actor_for(user).staff
    if staff is None:
        raise PermissionDenied
    return staff


def _follow(*, user, visible, follow, **target):
    """Start (or stop) following the one milestone or project of ``target``, among those in ``visible``."""
    staff = _staff_of(user)
    ((field, record),) = target.items()
    if not visible.filter(pk=record.pk).exists():
        raise PermissionDenied
    if follow:
        Follow.objects.bulk_create([Follow(staff=staff, **target)], ignore_conflicts=True)
    else:
        Follow.objects.filter(staff=staff, **{field: record}).delete()


def follow_milestone(*, user, milestone, follow=True):
    """Start (or stop) following a milestone one may see."""
    _follow(user=user, visible=milestones_visible_to(user), follow=follow, milestone=milestone)


def follow_project(*, user, project, follow=True):
    """Start (or stop) following every milestone of a project one may see."""
    _follow(user=user, visible=projects_visible_to(user), follow=follow, project=project)
