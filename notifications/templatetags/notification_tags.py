from django import template
from django.utils.translation import gettext as _

from accounts.roles import actor_for
from milestones.models import Status
from notifications.selectors import follow_state

register = template.Library()

_STATUS = dict(Status.choices)


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, milestone=None, project=None):
    """Follow or stop following a milestone or a project: one query (none for a person without a staff record)."""
    user = context["request"].user
    following, automatic = follow_state(user, milestone=milestone, project=project)
    return {
        "milestone": milestone,
        "project": project,
        "following": following,
        "automatic": automatic,
        "can_follow": bool(following or automatic or _has_staff(user)),
        "csrf_token": context.get("csrf_token"),
    }


def _has_staff(user):
    return actor_for(user).staff is not None


@register.filter
def event_changes(event):
    """What an event changed, as short lines: "status: a → b", "due: d1 → d2", "owner: x → y"."""
    data = event.data or {}
    lines = []
    if data.get("from") and data.get("to") and data["from"] != data["to"]:
        lines.append(
            _("status: %(from)s → %(to)s")
            % {"from": _STATUS.get(data["from"], data["from"]), "to": _STATUS.get(data["to"], data["to"])}
        )
    due = data.get("due_date")
    if isinstance(due, dict):
        lines.append(_("due: %(from)s → %(to)s") % {"from": due.get("from") or "–", "to": due.get("to") or "–"})
    for name, change in (data.get("fields") or {}).items():
        if name == "due_date" and isinstance(due, dict):
            continue
        before, after = change.get("from"), change.get("to")
        lines.append(f"{name}: {_plain(before)} → {_plain(after)}")
    return lines


def _plain(value):
    if isinstance(value, dict):
        return value.get("name", "")
    return "–" if value in (None, "") else value
